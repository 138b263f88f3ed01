"""The benchmarks' tiny modes: a schema change that breaks a benchmark fails the suite.

Each script under `bench/` runs as a subprocess in its `--tiny` mode against its own database
(named per xdist worker and process, dropped afterwards) and, for the load benchmark, its own
free port. Select them with `-m bench`, or leave them out with `-m "not bench"`.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

pytestmark = pytest.mark.bench

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x").rsplit("/", 1)[0]
NUMBER = r"\d[\d,]*(?:\.\d+)?"
ENDPOINTS = (
    "floor: me/",
    "month page",
    "content list API",
    "sync (first page)",
    "growth API",
    "month, 2 pieces",
    "month, 20 pieces",
)


def _exists(name: str) -> bool:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


@pytest.fixture
def bench_database(request):
    """A database name of this test's own; dropped afterwards even when the script failed."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"ss_tiny_{request.node.name.removeprefix('test_')}_{worker}_{os.getpid()}"[:63]
    yield name
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run_tiny(script: str, database: str, timeout: int) -> str:
    # The script's own settings, database and port: not the suite's, nor a developer's BENCH_*.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"} and not k.startswith("BENCH_")
    }
    options = ["--tiny", "--drop", "--server", SERVER, "--database", database]
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert not _exists(database), f"{script} --drop left {database} behind"
    return done.stdout


def test_metrics(bench_database):
    out = _run_tiny("metrics.py", bench_database, timeout=180)

    # 3 creators x 2 channels x 14 days, and what the growth job wrote for them.
    assert "3 creators, 84 snapshot rows" in out
    assert "ok      channel growth rows 6 = creators x channels" in out
    assert "ok      growth summaries 3 = creators 3" in out
    assert re.search(r"ok +followers on 2024-01-14 (\d+) = the snapshots' \1\n", out), out
    assert "WRONG" not in out
    row = re.search(rf"^ +3 +84( +{NUMBER}){{8}}$", out, re.MULTILINE)
    assert row, out
    assert re.search(r"3 creators: channel_growth \d+\.\d+, .*growth_summary \d+\.\d+", out)
    # The nightly pass as Celery tasks by creator range, on a real worker, wrote the same rows.
    assert re.search(rf"nightly pass on 1 worker process\(es\): {NUMBER} s\n", out), out
    assert out.count("ok      growth summaries 3 = creators 3") == 2


def test_load(bench_database):
    out = _run_tiny("load.py", bench_database, timeout=150)

    assert "tiny: 2 concurrent users, 2 s each" in out
    for name in ENDPOINTS:
        # p50 p95 p99 req/s, then no 5xx and no failed request, the ratio, queries, status 200.
        row = re.search(
            rf"^{re.escape(name)} +(?:{NUMBER} +){{3}}({NUMBER}) +0 +0 +{NUMBER} +\d+ +200$",
            out,
            re.MULTILINE,
        )
        assert row, f"no clean row for {name}:\n{out}"
        assert float(row[1]) > 0, f"{name} served nothing:\n{out}"
    for target in (
        "no 5xx on any endpoint",
        "no failed request on any endpoint",
        "month page queries equal at every size",
    ):
        assert f"met     {target}" in out
    assert re.search(rf"month page growth factor: p95 at 20 pieces / at 2 = {NUMBER}", out)


def test_connectors(bench_database):
    out = _run_tiny("connectors.py", bench_database, timeout=300)

    assert "tiny: 60 channels of 6 creators, 4 workers, host limit 2" in out
    for name in ("first pass (all new)", "second pass (all known)"):
        # channels, seconds, channels/s, delayed, queries per channel as min..max (equal).
        row = re.search(
            rf"^{re.escape(name)} +60 +{NUMBER} +({NUMBER}) +\d+ +(\d+)\.\.(\d+) *$",
            out,
            re.MULTILINE,
        )
        assert row, f"no row for {name}:\n{out}"
        assert float(row[1]) > 0 and row[2] == row[3], out
    in_flight = re.search(r"most in flight on the host (\d+)", out)
    assert in_flight and 1 <= int(in_flight[1]) <= 2, out
    assert "ok      publications 180 = channels x 3" in out
    assert "WRONG" not in out


def test_inprocess(bench_database):
    out = _run_tiny("inprocess.py", bench_database, timeout=150)

    # The month page at 2 and 20 pieces and me/ through a token and a session, all served.
    for size in ("2", "20"):
        row = rf"^ +{size} +{NUMBER} +{NUMBER} +{NUMBER} +\d+ +{NUMBER} +{NUMBER}$"
        assert re.search(row, out, re.MULTILINE), out
    for target in ("month page queries equal at every size", "every page answered 200"):
        assert f"met     {target}" in out
    assert re.search(r"met +me/ queries [0-3] \(token\), [0-3] \(session\) <= 3", out), out
