"""Sum up bin/test's pytest runs from their JUnit XML reports.

Prints the slowest tests over all runs and one closing line, `pytest: N passed, N failed,
N skipped`. Exits 1 when a report is missing (a run died before writing it).
"""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

SLOWEST = 15


def main(paths: list[str]) -> int:
    cases, passed, failed, skipped, missing = [], 0, 0, 0, []
    for path in map(Path, paths):
        if not path.exists():
            missing.append(str(path))
            continue
        for case in ET.parse(path).getroot().iter("testcase"):  # noqa: S314
            name = f"{case.get('classname', '').replace('.', '/')}.py::{case.get('name')}"
            cases.append((float(case.get("time") or 0), name))
            if case.find("skipped") is not None:
                skipped += 1
            elif case.find("failure") is not None or case.find("error") is not None:
                failed += 1
            else:
                passed += 1
    print(f"\nslowest {SLOWEST} tests over all runs:")
    for seconds, name in sorted(cases, reverse=True)[:SLOWEST]:
        print(f"  {seconds:8.2f}s  {name}")
    for path in missing:
        print(f"no report at {path}: that run did not finish")
    print(f"pytest: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
