"""Exports, split by job: ``engine`` (kaleido and Chromium: start, self-check, tab recycling),
``formats`` (PNG, SVG, PDF, CSV, XLSX of one chart; PPTX and PDF reports) and ``cli``
(``python -m dashboard.export``)."""
