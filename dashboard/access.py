"""Who may use the Curate page, which writes under data/. No streamlit import.

Curate is for the curator's own machine: it listens on the loopback interface unless told
otherwise. Anywhere else (another address, or behind a reverse proxy, which makes every visitor
look local) it asks for a token, ``ATLAS_CURATE_TOKEN``, compared in constant time; without one
it refuses to start (``start_problem``) or to show the page.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Mapping

MIN_TOKEN = 16  # characters: a token short enough to guess is no token
PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def is_loopback(address: str | None) -> bool:
    """Whether the server listens on the loopback interface only. Streamlit's empty
    ``server.address`` means every interface."""
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def start_problem(curate: bool, address: str | None, token: str) -> str | None:
    """Why the app must not start as configured, or None: Curate on an address other than
    loopback without a token, or with a token too short to resist guessing."""
    if not curate:
        return None
    if token and len(token) < MIN_TOKEN:
        return f"ATLAS_CURATE_TOKEN is shorter than {MIN_TOKEN} characters: use a longer one."
    if not token and not is_loopback(address):
        return (
            f"Refusing to start the Curate page on address {address or '(every interface)'} "
            "without a token: anyone who reaches the port could write under data/. Listen on "
            "127.0.0.1 (make curate does), or set ATLAS_CURATE_TOKEN (at least "
            f"{MIN_TOKEN} characters) and enter it on the Curate page."
        )
    return None


def proxied(headers: Mapping[str, str]) -> bool:
    """Whether a request came through a reverse proxy (which makes loopback no protection)."""
    return any(headers.get(h) for h in PROXY_HEADERS)


def needs_token(address: str | None, headers: Mapping[str, str]) -> bool:
    """Whether the Curate page must ask for a token: it is reachable from elsewhere."""
    return not is_loopback(address) or proxied(headers)


def token_ok(given: str, expected: str) -> bool:
    """Whether ``given`` is the token (compared in constant time; an empty token never is)."""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())
