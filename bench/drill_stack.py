"""The outage drill's own servers: an embedded PostgreSQL, a loopback webhook receiver that
counts deliveries, and the processes it starts (`Stack.stop` ends each of them)."""

import collections
import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bin"))

import embedded  # noqa: E402  (bin/embedded.py)

from tests.redis_server import RedisServer  # noqa: E402


def postgres_start(directory: Path) -> str:
    """Start (or start again) the embedded PostgreSQL; in a process of its own, as `bin/run`
    does, since the library remembers a server it started in this process as running."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bin" / "embedded.py"), "postgres", "start", str(directory),
         "drill"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"drill: PostgreSQL did not start:\n{done.stderr}")
    return done.stdout.strip()


class Receiver(http.server.ThreadingHTTPServer):
    """Counts webhook deliveries by the id in their body."""

    def __init__(self) -> None:
        self.seen: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), ReceiverHandler)


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        delivery = json.loads(body or b"{}").get("id", "?")
        with self.server.lock:
            self.server.seen[delivery] += 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


class Stack:
    """The processes the drill starts; `stop` ends each of them, whatever state it is in."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs: list = []
        self.redis: RedisServer | None = None
        self.postgres_dir = home / "db"
        self.postgres_started = False
        self.receiver: Receiver | None = None

    def spawn(self, name: str, command: list[str], env: dict) -> None:
        log = (self.home / f"{name}.log").open("w")
        self.logs.append(log)
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                tail = (self.home / f"{name}.log").read_text(errors="replace")[-3000:]
                raise SystemExit(f"drill: {name} exited with {process.returncode}:\n{tail}")

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        for log in self.logs:
            log.close()
        if self.receiver is not None:
            self.receiver.shutdown()
            self.receiver.server_close()
        if self.redis is not None:
            self.redis.stop()
        if self.postgres_started:
            embedded.postgres_stop(self.postgres_dir)
