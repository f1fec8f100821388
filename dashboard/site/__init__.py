"""The static, embeddable atlas: every chart as a page any web server can serve.

``build`` (``python -m dashboard.site``) writes the site; ``variants`` packs each chart's filter
variants; ``pages`` and ``html`` write the pages; ``links`` says where things are (the app's
Export dialog uses it); ``static/`` holds the pages' script and style.
"""
