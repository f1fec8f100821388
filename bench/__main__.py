"""`python -m bench` (or `make bench`): every benchmark of the project, printing figures."""

from __future__ import annotations

import sys

from bench import app_bench, etl_bench, export_bench, firstview, load, site_bench


def main() -> int:
    """Run the ETL, export, browser, static-site and load benchmarks in turn (the 10-minute
    soak is apart:
    `python -m bench.load --soak 600 --sessions 10`)."""
    etl_bench.main()
    print()
    export_bench.main()
    print()
    app_bench.main()
    print()
    site_bench.main()
    print()
    firstview.main([])
    print()
    load.main(["--sessions", "1,10,25,50"])
    print()
    load.main(["--mix", "--sessions", "1,10,25"])
    print()
    load.main(["--sessions", "10", "--apps", "atlas", "--rebuild"])
    print()
    load.main(["--sessions", "50", "--replicas", "1,2"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
