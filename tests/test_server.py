"""The server's hint (dashboard/server.py): the app's HTML page says where the server is, and
nothing else the server sends is touched."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from dashboard.server import BaseUrlHint, hint_script

PAGE = b"<!DOCTYPE html><html><head><title>x</title></head><body></body></html>"


def _serve(path: str, body_parts: list[bytes], kind: bytes, headers: list[Any] | None = None):
    """Run the middleware around an app that answers ``body_parts`` as ``kind``; return what
    the inner app was asked (its headers) and what the client got (start, body)."""
    seen: dict[str, Any] = {}

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        seen["headers"] = dict(scope["headers"])
        size = str(sum(map(len, body_parts))).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", kind), (b"content-length", size)],
            }
        )
        for i, part in enumerate(body_parts):
            more = i < len(body_parts) - 1
            await send({"type": "http.response.body", "body": part, "more_body": more})

    got: list[dict[str, Any]] = []

    async def send(message: Any) -> None:
        got.append(message)

    async def receive() -> Any:
        return {"type": "http.request"}

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "headers": headers or [(b"accept-encoding", b"gzip"), (b"host", b"x")],
    }
    # in a thread of its own: the browser tests' Playwright may hold this thread's event loop
    call = BaseUrlHint(inner, base_path="")(scope, receive, send)
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, call).result()
    start = got[0]
    body = b"".join(m.get("body", b"") for m in got[1:])
    return seen["headers"], start, body


@pytest.mark.parametrize("path", ["/", "/regions", "/regions/"])
def test_the_page_gets_the_hint_at_the_start_of_its_head(path: str) -> None:
    asked, start, body = _serve(path, [PAGE[:30], PAGE[30:]], b"text/html; charset=utf-8")
    assert body == PAGE.replace(b"<head>", b"<head>" + hint_script(""), 1)
    assert dict(start["headers"])[b"content-length"] == str(len(body)).encode()
    assert b"accept-encoding" not in asked  # asked uncompressed, so that it can be edited
    assert b'BACKEND_BASE_URL:location.origin+"/"' in body


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/_stcore/health", b"text/plain"),
        ("/favicon.png", b"image/png"),
        ("/static/js/index.js", b"text/javascript"),
        ("/media/abc.csv", b"text/csv"),
    ],
)
def test_everything_else_passes_untouched(path: str, kind: bytes) -> None:
    payload = [b"<head>not a page</head>"]
    asked, start, body = _serve(path, payload, kind)
    assert body == payload[0]
    assert asked[b"accept-encoding"] == b"gzip"
    assert dict(start["headers"])[b"content-length"] == str(len(payload[0])).encode()


def test_a_page_path_that_answers_something_else_is_not_edited() -> None:
    _, _, body = _serve("/regions", [b'{"ok": true}'], b"application/json")
    assert body == b'{"ok": true}'


@pytest.mark.parametrize(
    ("base", "expected"),
    [("", '"/"'), ("/", '"/"'), ("atlas", '"/atlas/"'), ("/tools/atlas/", '"/tools/atlas/"')],
)
def test_the_hint_carries_the_configured_base_path(base: str, expected: str) -> None:
    assert f"location.origin+{expected}".encode() in hint_script(base)
