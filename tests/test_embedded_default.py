"""`bin/run` on a machine with no PostgreSQL and no Redis (issue #19).

`bin/run` runs in a network namespace that has only loopback, so nothing answers on
127.0.0.1:5432 or :6379 there and it must start the embedded servers, with its data in a
temporary directory. The test logs in as the demo creator, reads the calendar, makes a monthly
review due (the demo creator "joined" 100 days ago) and waits for beat to open it through the
worker, then stops `bin/run` and checks that the embedded servers stopped with it.

The HTTP client enters the namespace from one thread of this process (`os.setns`); the
database is read over the embedded server's Unix socket, which a namespace does not hide.
"""

import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import psycopg
import pytest

from calendar_app.demo import ITEMS

ROOT = Path(__file__).resolve().parent.parent
PORT = 8000  # inside the namespace: no other server can be there
BASE = f"http://127.0.0.1:{PORT}"
CREATOR = ("creator@demo.sweetspot", "sweetspot-demo")

pytestmark = pytest.mark.integration


def _why_no_namespace() -> str | None:
    if not hasattr(os, "setns"):
        return "os.setns needs Python 3.12 on Linux"
    for tool in ("unshare", "ip"):
        if shutil.which(tool) is None:
            return f"`{tool}` is not installed"
    probe = subprocess.run(
        ["unshare", "-n", "ip", "link", "set", "lo", "up"], capture_output=True, text=True
    )
    if probe.returncode != 0:
        return f"cannot make a network namespace: {probe.stderr.strip()}"
    return None


class NamespaceClient:
    """An HTTP client with a session cookie, whose sockets live in another network namespace."""

    def __init__(self, pid: int):
        self._ns = os.open(f"/proc/{pid}/ns/net", os.O_RDONLY)
        self._thread = ThreadPoolExecutor(
            max_workers=1, initializer=os.setns, initargs=(self._ns, os.CLONE_NEWNET)
        )
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(self.cookies)
        )

    def _open(self, path: str, data: dict | None, headers: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(BASE + path, data=body, headers=headers)
        try:
            with self._opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def get(self, path: str) -> tuple[int, str]:
        return self._thread.submit(self._open, path, None, {}).result()

    def post(self, path: str, data: dict) -> tuple[int, str]:
        return self._thread.submit(self._open, path, data, {"Referer": BASE + path}).result()

    def close(self) -> None:
        self._thread.shutdown()
        os.close(self._ns)


def _ctrl_c_as_in_a_terminal() -> None:
    """SIGINT as a terminal's foreground job has it: when this suite itself was started in
    the background of a non-interactive shell (as CI may do), SIGINT is ignored here and a
    child would inherit that, so bin/run could not trap Ctrl+C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for(what: str, check, timeout: float, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}; bin/run said:\n{_tail(log)}")


def _tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return f"({path.name} is missing)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _running(pidfile: Path) -> bool:
    try:
        os.kill(int(pidfile.read_text().split()[0]), 0)
    except (OSError, ValueError):
        return False
    return True


@pytest.fixture
def bin_run(tmp_path):
    """`bin/run` in a namespace with only loopback; yields (process, data dir, log)."""
    why = _why_no_namespace()
    if why:
        pytest.skip(f"needs a network namespace (root and util-linux's unshare): {why}")
    # Installing needs the network, so it happens here, before entering the namespace.
    subprocess.run(
        ["bash", "-c", 'source bin/_env.sh && ensure_venv "$@"', "-",
         "requirements.txt", "requirements-embedded.txt"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    data, log = tmp_path / "var", tmp_path / "bin-run.log"
    data.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REDIS_", "TEST_REDIS_", "CELERY_", "DJANGO_"))
    }
    env.update(
        SWEETSPOT_VAR_DIR=str(data),
        HOST="127.0.0.1",
        PORT=str(PORT),
        REVIEW_SCAN_SECONDS="2",
        PYTHONUNBUFFERED="1",
    )
    with log.open("w") as out:
        process = subprocess.Popen(
            ["unshare", "-n", "bash", "-c", 'ip link set lo up && exec "$0"', ROOT / "bin" / "run"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, preexec_fn=_ctrl_c_as_in_a_terminal,
        )  # fmt: skip
    try:
        yield process, data, log
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for service in ("redis", "postgres"):  # in case bin/run could not do it
            subprocess.run(
                [ROOT / ".venv" / "bin" / "python", ROOT / "bin" / "embedded.py", service,
                 "stop", data], check=False, capture_output=True,
            )  # fmt: skip


def test_bin_run_without_postgresql_and_redis_serves_the_demo_and_opens_reviews(bin_run):
    process, data, log = bin_run
    client = NamespaceClient(process.pid)
    try:
        # bin/run serves as a user runs it: gunicorn (it logs "Listening at"), DEBUG off.
        _wait_for("the web server", lambda: "Listening at: http" in log.read_text(), 300, log)
        text = log.read_text()
        assert "embedded PostgreSQL" in text and "embedded Redis" in text
        assert "falling back" not in text and "sqlite" not in text.lower()
        # The first request warms Django up while the worker and beat start beside it: on a
        # loaded 2-core machine that alone can take tens of seconds.
        status, health = _wait_for("/healthz", lambda: _quietly(client.get, "/healthz"), 150, log)
        assert status == 200, health

        # No debug page with the URL list for a missing page, and static files are served.
        status, missing_page = client.get("/no-such-page/")
        assert status == 404 and "URLconf" not in missing_page and "DEBUG" not in missing_page
        status, stylesheet = client.get("/static/css/app.css")
        assert status == 200 and "{" in stylesheet

        status, page = client.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, page = client.post(
            "/accounts/login/",
            {"username": CREATOR[0], "password": CREATOR[1], "csrfmiddlewaretoken": token},
        )
        assert status == 200 and "sessionid" in {cookie.name for cookie in client.cookies}

        # The seed plans the demo from this week's Monday in the demo creator's zone; the
        # calendar opens on the current month. "Today" is bin/run's (the machine's, faked
        # too when the suite runs under faketime), not this test's pinned clock.
        status, month = client.get("/plan/")
        assert status == 200
        today = _machine_today("Asia/Shanghai")
        monday = today - timedelta(days=today.weekday())
        this_month = [
            title
            for title, _topic, _channel, _format, state, offset, _words, _hours in ITEMS
            if state not in ("idea", "archived")
            and (monday + timedelta(days=offset)).replace(day=1) == today.replace(day=1)
        ]
        missing = [title for title in this_month if title not in month]
        assert this_month and not missing, missing

        # A monthly review is due once the creator has been here for a whole month; beat
        # (every 2 s here) sends open_due_reviews to the worker, which opens it.
        with psycopg.connect(_database_url(log), autocommit=True) as conn:
            creator_id = conn.execute(
                "UPDATE accounts_user SET date_joined = now() - interval '100 days'"
                " WHERE email = %s RETURNING id",
                [CREATOR[0]],
            ).fetchone()[0]
            monthly = "SELECT count(*) FROM analytics_review WHERE creator_id = %s AND kind = %s"
            assert conn.execute(monthly, [creator_id, "monthly"]).fetchone()[0] == 0
            _wait_for(
                "beat and the worker to open the monthly review",
                lambda: conn.execute(monthly, [creator_id, "monthly"]).fetchone()[0] == 1,
                60,
                data / "worker.log",
            )
        opened = re.compile(r"open_due_reviews\[[^]]+\] succeeded in [\d.]+s: \{'opened': [1-9]")
        worker_log = data / "worker.log"
        _wait_for("the worker's log", lambda: opened.search(worker_log.read_text()), 10, worker_log)
        status, reviews = client.get("/api/v1/reviews/?kind=monthly")
        assert status == 200 and '"kind":"monthly"' in reviews.replace(" ", ""), reviews
    finally:
        client.close()

    # Ctrl+C stops the worker, beat and web, then the embedded servers.
    postmaster, redis = data / "postgres" / "postmaster.pid", data / "redis" / "redis.pid"
    assert _running(postmaster) and _running(redis)
    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=120) == 130, _tail(log)
    assert not _running(postmaster) and not _running(redis)
    assert "Stopping the embedded servers" in log.read_text()


def _quietly(call, *args):
    try:
        return call(*args)
    except OSError:
        return None


def _database_url(log: Path) -> str:
    url = re.search(r"Database: embedded PostgreSQL.*\((postgres://[^)]+)\)", log.read_text())
    return url.group(1).replace("postgres://", "postgresql://", 1)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "postgres://postgres@127.0.0.1:1/sweetspot",
            "DATABASE_URL is set but its server does not answer",
        ),
        ("sqlite:///db.sqlite3", "Sweetspot runs on PostgreSQL only"),
    ],
)
def test_a_configured_database_that_does_not_answer_is_an_error_not_a_fallback(url, message):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DATABASE_URL=url, PORT="1")
    result = subprocess.run(
        [ROOT / "bin" / "run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode != 0
    assert message in result.stderr
    assert "starting the embedded" not in result.stdout + result.stderr


def _machine_today(zone: str) -> date:
    """The date the machine's own clock gives in `zone` (what a subprocess such as bin/run
    sees), whatever this test process has pinned."""
    env = {**os.environ, "TZ": zone}
    out = subprocess.run(["date", "+%F"], env=env, capture_output=True, text=True, check=True)
    return date.fromisoformat(out.stdout.strip())
