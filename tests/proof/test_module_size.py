"""Modules a reader can hold: no project module over 450 lines (migrations and tests aside).

A module past that becomes a package by sub-domain, or hands a self-contained part (SQL
statements, a seed, a test stack) to a module of its own.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 450
SKIPPED_DIRS = {".venv", "tests", "migrations", "node_modules", "var", "staticfiles"}


def project_modules() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts)
        and not any(part.startswith(".") for part in path.relative_to(ROOT).parts)
    ]


def _lines(path: Path) -> int:
    return len(path.read_text().splitlines())


def test_no_module_is_over_the_limit():
    modules = project_modules()
    assert len(modules) > 150, "the walk found too few modules to be walking the project"

    too_long = {
        str(path.relative_to(ROOT)): _lines(path) for path in modules if _lines(path) > LIMIT
    }

    assert too_long == {}
