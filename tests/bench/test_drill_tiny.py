"""The outage drill's tiny mode: Redis and PostgreSQL stopped and restarted under a running
stack (gunicorn, worker, beat) lose and duplicate nothing, and no write hangs.

`bench/drill.py --tiny` runs as a subprocess with servers of its own (embedded PostgreSQL,
a private Redis, free loopback ports), so it never touches the suite's servers. It runs in the
serial phase of `bin/test` (marker `integration`): it needs a quiet machine for its timings.
The drill waits until the outbox and every webhook retry have drained (bounded), not a fixed
time, so a slow machine makes it slower, not wrong.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def test_the_tiny_drill_loses_and_duplicates_nothing():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL")
        and not key.startswith("CELERY_")
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "drill.py"), "--tiny"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert re.search(r"^duplicates +0 ", out, re.MULTILINE), out
    assert re.search(r"^losses +0 ", out, re.MULTILINE), out
    assert re.search(r"^writes during the Redis outage +6 ", out, re.MULTILINE), out
    assert re.search(r"^emails expected / delivered +(\d+) / \1$", out, re.MULTILINE), out
    assert re.search(r"^webhooks expected / delivered +(\d+) / \1$", out, re.MULTILINE), out
    assert re.search(r"^writes during the PostgreSQL outage +503 in .+, 503 in ", out, re.M), out
    assert "met     nothing left in the outbox or pending delivery" in out, out
