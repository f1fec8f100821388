"""The atlas's server: Streamlit serving dashboard/app.py, plus one hint in its HTML page.

Run with ``python -m streamlit run dashboard/server.py`` (``make run`` does). Streamlit finds the
``st.App`` below and serves the app script with it.

The hint: a link that opens a page other than the first (``/regions?region=east``, the link
people share) makes Streamlit's page guess where the server is from the page's path. It first
asks ``/regions/_stcore/health``, gets 404, waits about a tenth of a second and only then asks
``/_stcore/health``. Telling the page the server's base (``window.__streamlit``, Streamlit's
setting for hosting it) makes it connect at once, with no 404. bench/app_bench.py measures it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from dashboard.access import start_problem  # noqa: E402

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def hint_script(base_path: str) -> bytes:
    """The script that tells Streamlit's page where the server is: the page's origin and the
    configured base path (``server.baseUrlPath``)."""
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    return (
        "<script>window.__streamlit=Object.assign({},window.__streamlit,"
        f"{{BACKEND_BASE_URL:location.origin+{json.dumps(base)}}});</script>"
    ).encode()


class BaseUrlHint:
    """ASGI middleware: puts ``hint_script`` at the start of the ``<head>`` of every HTML page
    the server sends (the app's page, at any of its paths). Everything else passes through
    untouched: assets, the health check, the websocket, downloads."""

    def __init__(self, app: ASGIApp, base_path: str | None = None) -> None:
        self.app = app
        if base_path is None:
            base_path = str(st.get_option("server.baseUrlPath") or "")
        self.script = hint_script(base_path)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or "/_stcore/" in path
            or "/static/" in path
            or "/media/" in path
            or "." in path.rsplit("/", 1)[-1]  # a file (favicon.png, manifest.json, …)
        ):
            await self.app(scope, receive, send)
            return
        # The page is small: ask for it uncompressed, so that it can be edited.
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]
        state: dict[str, Any] = {"start": None, "html": False, "body": []}

        async def send_hinted(message: Message) -> None:
            if message["type"] == "http.response.start":
                kind = dict(message.get("headers", [])).get(b"content-type", b"")
                state["html"] = kind.startswith(b"text/html")
                if not state["html"]:
                    await send(message)
                else:
                    state["start"] = message
                return
            if not state["html"] or message["type"] != "http.response.body":
                await send(message)
                return
            state["body"].append(message.get("body", b""))
            if message.get("more_body"):
                return
            html = b"".join(state["body"]).replace(b"<head>", b"<head>" + self.script, 1)
            start = state["start"]
            kept = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            await send({**start, "headers": [*kept, (b"content-length", str(len(html)).encode())]})
            await send({"type": "http.response.body", "body": html})

        await self.app({**scope, "headers": headers}, receive, send_hinted)


# Curate writes under data/: never on an open port without a token (dashboard/access.py).
_refused = start_problem(
    os.environ.get("ATLAS_CURATE") == "1",
    st.get_option("server.address"),
    os.environ.get("ATLAS_CURATE_TOKEN", ""),
)
if _refused:
    sys.exit(_refused)

app = st.App(str(Path(__file__).with_name("app.py")), middleware=[Middleware(BaseUrlHint)])
