"""``python -m dashboard.site --out DIR``: see ``dashboard.site.build``."""


def _main() -> int:
    from dashboard.site.build import main  # imported here: keeps the import chain short

    return main()


raise SystemExit(_main())
