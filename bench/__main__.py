"""`python -m bench` (or `make bench`): every benchmark of the project, printing figures."""

from __future__ import annotations

import sys

from bench import etl_bench


def main() -> int:
    """Run the benchmarks in turn; a section that cannot run says why."""
    etl_bench.main()
    for name in ("app_bench", "export_bench"):
        try:
            module = __import__(f"bench.{name}", fromlist=["main"])
        except ModuleNotFoundError:
            continue
        print()
        module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
