"""Schemathesis against the live OpenAPI schema: every phase, every check, fixed seed.

`FUZZ_SEED`, `FUZZ_MAX_EXAMPLES` (default 20) and `FUZZ_WORKERS` change the run; `FUZZ_CONFIG`
another configuration file (e.g. to see every 400 with the referential exceptions removed)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.tokens import token_create
from tests.factories import CoachInvitationFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SEED = 20261126
PHASES = "examples,coverage,fuzzing,stateful"


def test_every_operation_survives_schemathesis(live_server, settings, tmp_path):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"client": "1000000/hour", "anon": "1000000/hour"},
    }
    creator = UserFactory(email="fuzz@example.com", display_name="模糊测试")
    CoachInvitationFactory(creator=UserFactory(email="mentee@example.com"), coach=creator)
    _, raw = token_create(user=creator, name="fuzz", scope="write")
    executable = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    report = tmp_path / "junit.xml"

    result = subprocess.run(
        [
            executable,
            "--config-file",
            os.environ.get("FUZZ_CONFIG", str(Path(__file__).with_name("schemathesis.toml"))),
            "run",
            f"{live_server.url}/api/schema/",
            "--checks",
            "all",
            "--phases",
            PHASES,
            "--seed",
            os.environ.get("FUZZ_SEED", str(SEED)),
            "--generation-deterministic",
            "--max-examples",
            os.environ.get("FUZZ_MAX_EXAMPLES", "20"),
            # Two workers keep both the client (Hypothesis generates the data) and the live
            # server busy at once, instead of each waiting on the other.
            "--workers",
            os.environ.get("FUZZ_WORKERS", "2"),
            "--header",
            f"Authorization: Bearer {raw}",
            "--request-timeout",
            "20",
            "--report",
            "junit",
            "--report-junit-path",
            str(report),
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=1500,
        # Schemathesis keeps a cache of earlier runs (failures to replay, constraints it
        # inferred from error messages) under the working directory: run where each run is
        # the first, as on a fresh clone.
        cwd=tmp_path,
        env=_real_clock_environment(),
    )

    output = result.stdout[-20000:] + result.stderr[-5000:]
    assert result.returncode == 0, output


def _real_clock_environment() -> dict[str, str]:
    """The environment for the Schemathesis client without libfaketime: when the whole suite
    runs under Debian's `faketime` to check the product at another date, the client is a
    tool, not the product (the server under test runs in this process, pinned as usual), and
    Hypothesis's own timing stalls under a faked clock."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("FAKETIME")}
    preload = [lib for lib in env.get("LD_PRELOAD", "").split(":") if "faketime" not in lib]
    env["LD_PRELOAD"] = ":".join(lib for lib in preload if lib)
    if not env["LD_PRELOAD"]:
        del env["LD_PRELOAD"]
    return env
