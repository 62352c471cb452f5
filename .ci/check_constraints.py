"""CI: constraints.txt resolves together with pyproject.toml and pins every runtime package.

pip resolves `.` under the constraints (without installing anything) and reports what it
would install; every package of that report must be pinned with == in constraints.txt.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--dry-run",
                "--ignore-installed",
                "--report",
                str(report),
                "--constraint",
                str(ROOT / "constraints.txt"),
                str(ROOT),
            ],
            check=True,
        )
        resolved = {
            canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"]
            for item in json.loads(report.read_text())["install"]
        }
    resolved.pop("salesbot", None)
    unpinned = sorted(name for name in resolved if name not in pins)
    different = sorted(n for n, v in resolved.items() if n in pins and pins[n] != v)
    if unpinned or different:
        print(f"constraints.txt is stale: unpinned {unpinned}, different {different}")
        return 1
    print(f"constraints.txt: {len(resolved)} runtime packages, all pinned and resolvable")
    return 0


if __name__ == "__main__":
    sys.exit(main())
