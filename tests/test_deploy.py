"""Starting servers for the replicas, the browser tests and the benchmarks: ports that no client
connection can take, and a server that fails to start says why at once."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.serve_replicas import Replicas, _ephemeral_range, free_ports, wait_for


@pytest.fixture
def held_client_port() -> Iterator[int]:
    """A loopback port held by the client side of an open connection, as a browser's or a
    test's connections hold ports from the kernel's outgoing range."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    client = socket.socket()
    client.connect(srv.getsockname())
    peer, _ = srv.accept()
    try:
        yield int(client.getsockname()[1])
    finally:
        for s in (client, peer, srv):
            s.close()


def test_free_ports_are_below_the_outgoing_range_and_all_free() -> None:
    lo, _ = _ephemeral_range()
    for n in (1, 3):
        base = free_ports(n)
        assert base + n <= lo
        for p in range(base, base + n):
            with socket.socket() as s:
                s.bind(("127.0.0.1", p))  # raises if taken


def test_a_server_that_exits_is_reported_at_once_with_its_output(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-c", "print('Port 1234 is not available'); raise SystemExit(3)"],
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    with pytest.raises(RuntimeError) as err:
        wait_for(f"http://127.0.0.1:{free_ports(1)}/_stcore/health", proc=proc, log=log)
    assert "exited with code 3" in str(err.value)
    assert "Port 1234 is not available" in str(err.value)


def test_a_replica_on_a_port_a_client_holds_fails_clearly_and_leaves_nothing(
    held_client_port: int,
) -> None:
    if not Path("/usr/sbin/nginx").exists():
        pytest.fail("nginx is not installed: `make test` installs it with apt-get as root")
    reps = Replicas(1, held_client_port - 1)
    with pytest.raises(RuntimeError) as err:
        reps.start()
    msg = str(err.value)
    assert f"127.0.0.1:{held_client_port}" in msg and "not available" in msg
    assert reps.procs == [] and (reps.prefix is None or not reps.prefix.exists())
