"""`python -m bench` (or `make bench`): every benchmark of the project, printing figures."""

from __future__ import annotations

import sys

from bench import app_bench, etl_bench, export_bench


def main() -> int:
    """Run the ETL, export and app benchmarks in turn."""
    etl_bench.main()
    print()
    export_bench.main()
    print()
    app_bench.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
