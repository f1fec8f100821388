"""The image engine: kaleido driving the system's Chromium, one server per process.

In: a figure (or figure dict), a format and a size. Out: image bytes. The server starts on first
use (MathJax off); calls are serialised by a lock, so download callbacks on other threads are
safe; kaleido's tab is reloaded every ``RELOAD_EVERY`` renders instead of after each one. A
self-check says in plain words what is missing (Chromium, a CJK font) and the command that fixes
it. No streamlit import.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


@dataclass(frozen=True)
class SelfCheck:
    """Whether images can be exported here, and if not, why and how to fix it."""

    ok: bool
    chromium: str | None
    cjk_font: bool
    message: str


def find_chromium() -> str | None:
    """The browser kaleido will drive: $BROWSER_PATH, else Debian's chromium."""
    env = os.environ.get("BROWSER_PATH")
    if env and os.path.exists(env):
        return env
    for p in CHROMIUM_CANDIDATES:
        if os.path.exists(p):
            return p
    return shutil.which("chromium")


def has_cjk_font() -> bool:
    """True if fontconfig knows a font covering Chinese (so text renders as glyphs, not boxes)."""
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return bool(out.stdout.strip())


def self_check() -> SelfCheck:
    """Chromium present and a CJK font installed? With a plain-words message if not."""
    chromium, font = find_chromium(), has_cjk_font()
    missing = [p for p, ok in (("chromium", chromium), ("fonts-noto-cjk", font)) if not ok]
    if not missing:
        return SelfCheck(True, chromium, font, "")
    what = " and ".join(
        (
            "Chromium (the browser that draws the images)"
            if m == "chromium"
            else "a Chinese font (Chinese would print as empty boxes)"
        )
        for m in missing
    )
    msg = (
        f"Image export needs {what}. Install with: sudo apt-get install {' '.join(missing)} "
        "(on Debian/Ubuntu), then restart. CSV and XLSX downloads work without it."
    )
    return SelfCheck(False, chromium, font, msg)


TABS = 1
RELOAD_EVERY = 50  # renders per tab between page reloads


def _recycle_tabs_lazily() -> None:
    """Reload kaleido's tab every RELOAD_EVERY renders instead of after every render.

    kaleido 1.5 reloads its page after each render, and only then returns the image: every call
    pays a full reload of plotly.js (~0.2 s here, ~60 % of a warm PNG). Our figures leave no
    state behind (tests/test_export.py renders a chart, 28 others, then the same chart again:
    the bytes are identical), so the reload is kept only as a periodic clean-up that bounds the
    long-lived app's memory, run in the background. Applied only if kaleido has the method this
    expects (kaleido is pinned); otherwise kaleido's own behaviour stays.
    """
    import asyncio

    from kaleido.kaleido import Kaleido

    original = getattr(Kaleido, "_return_kaleido_tab", None)
    if original is None or getattr(original, "_lazy", False):
        return
    uses: dict[int, int] = {}
    pending: set[asyncio.Task[None]] = set()

    async def lazy(self: Any, tab: Any) -> None:
        uses[id(tab)] = uses.get(id(tab), 0) + 1
        if uses[id(tab)] % RELOAD_EVERY:
            await self.tabs_ready.put(tab)
            return
        task = asyncio.get_running_loop().create_task(original(self, tab))  # reload, then put back
        pending.add(task)
        task.add_done_callback(pending.discard)

    lazy._lazy = True  # type: ignore[attr-defined]
    Kaleido._return_kaleido_tab = lazy


class Engine:
    """One kaleido server per process, started lazily; thread-safe."""

    _lock = threading.Lock()
    _started = False

    @classmethod
    def start(cls) -> None:
        """Start the server once (Chromium starts here, ~1.5 s)."""
        with cls._lock:
            if cls._started:
                return
            check = self_check()
            if not check.ok:
                raise RuntimeError(check.message)
            os.environ.setdefault("BROWSER_PATH", str(check.chromium))
            import kaleido

            _recycle_tabs_lazily()
            kaleido.start_sync_server(n=TABS, timeout=60, mathjax=False, silence_warnings=True)
            # close Chromium before Python removes its temporary profile (LIFO: runs first)
            atexit.register(kaleido.stop_sync_server, silence_warnings=True)
            cls._started = True

    @classmethod
    def render(
        cls, fig: go.Figure | dict[str, Any], fmt: str, width: int, height: int, scale: float
    ) -> bytes:
        """The figure (a Figure or a figure dict) as ``fmt`` bytes."""
        cls.start()
        import kaleido

        spec = fig.to_dict() if isinstance(fig, go.Figure) else fig
        with cls._lock:
            data = kaleido.calc_fig_sync(
                spec, opts={"format": fmt, "width": width, "height": height, "scale": scale}
            )
        return bytes(data)
