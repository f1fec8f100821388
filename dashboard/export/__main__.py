"""``python -m dashboard.export``: see ``dashboard.export.cli``."""

from dashboard.export.cli import main

raise SystemExit(main())
