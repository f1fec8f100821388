"""Start N `streamlit run` replicas of the atlas on loopback ports and nginx in front of them.

    python -m deploy.serve_replicas --replicas 2 --port 8500     (or: make serve-replicas N=2)

In: the number of replicas and nginx's port. Out: the running processes, until Ctrl-C (or,
from Python, ``Replicas.stop()``). The nginx configuration is written from
``deploy/nginx.conf.template`` into a temporary prefix; nginx runs in the foreground as a
child, so nothing is left behind. One Python process uses one core (the GIL): on this machine's
two cores, two replicas let two script runs proceed at once.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")


def _ephemeral_range() -> tuple[int, int]:
    """The ports the kernel hands to outgoing connections (``ip_local_port_range``)."""
    try:
        lo, hi = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(lo), int(hi)
    except (OSError, ValueError):
        return 32768, 60999


def free_ports(n: int, host: str = "127.0.0.1") -> int:
    """The first of ``n`` consecutive ports on ``host`` that are free now, chosen below the
    kernel's range for outgoing connections. A port from that range (what binding to port 0
    gives) can be taken a moment later by any client connection (a browser's, a test's),
    and a server started on it then exits with "Port ... is not available"."""
    lo, _ = _ephemeral_range()
    rng = random.Random()
    for _ in range(200):
        base = rng.randrange(10000, max(10001, lo - n))
        socks: list[socket.socket] = []
        try:
            for p in range(base, base + n):
                s = socket.socket()
                socks.append(s)
                s.bind((host, p))
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError(f"no {n} consecutive free ports found on {host} below {lo}")


def _tail(log: Path | None, chars: int = 1500) -> str:
    try:
        return log.read_text(errors="replace")[-chars:].strip() if log else ""
    except OSError:
        return ""


def wait_for(
    url: str,
    timeout: float = 60,
    proc: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
) -> None:
    """Wait until ``url`` answers 200. If ``proc`` (the server behind it) exits first, say so
    at once, with the end of its ``log``."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(
                f"the server for {url} exited with code {proc.returncode} before answering; "
                f"its output ({log}):\n{_tail(log)}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(
        f"{url} did not answer within {timeout:.0f} s"
        + (f"; its server's output ({log}):\n{_tail(log)}" if log else "")
    )


@dataclass
class Replicas:
    """nginx on ``port`` in front of ``n`` replicas on the ports after it."""

    n: int
    port: int
    host: str = "127.0.0.1"
    env: dict[str, str] = field(default_factory=dict)
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    prefix: Path | None = None

    @property
    def url(self) -> str:
        """nginx's address."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> Replicas:
        """Start the replicas, wait for them, then start nginx and wait for it."""
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise RuntimeError(
                "nginx not found: install it with `apt-get install nginx` "
                "(make serve-replicas does this as root)"
            )
        env = {**os.environ, **self.env}
        ports = [self.port + 1 + i for i in range(self.n)]
        self.prefix = Path(tempfile.mkdtemp(prefix="atlas-nginx-"))
        try:
            logs = []
            for p in ports:
                log = self.prefix / f"replica-{p}.log"
                logs.append(log)
                with log.open("wb") as fh:
                    self.procs.append(
                        subprocess.Popen(
                            [
                                sys.executable,
                                "-m",
                                "streamlit",
                                "run",
                                "dashboard/server.py",
                                "--server.port",
                                str(p),
                                "--server.address",
                                "127.0.0.1",
                                "--server.headless",
                                "true",
                            ],
                            cwd=ROOT,
                            env=env,
                            stdout=fh,
                            stderr=subprocess.STDOUT,
                        )
                    )
            for p, proc, log in zip(ports, self.procs, logs, strict=True):
                wait_for(f"http://127.0.0.1:{p}/_stcore/health", proc=proc, log=log)
            self._start_nginx(nginx, ports)
        except BaseException:
            self.stop()
            raise
        return self

    def _start_nginx(self, nginx: str, ports: list[int]) -> None:
        assert self.prefix is not None
        servers = "\n".join(f"        server 127.0.0.1:{p};" for p in ports)
        conf = TEMPLATE.read_text().format(
            prefix=self.prefix, servers=servers, host=self.host, port=self.port
        )
        (self.prefix / "nginx.conf").write_text(conf)
        log = self.prefix / "nginx.out"
        with log.open("wb") as fh:
            self.procs.append(
                subprocess.Popen(
                    [
                        nginx,
                        "-p",
                        str(self.prefix),
                        "-c",
                        str(self.prefix / "nginx.conf"),
                        "-g",
                        "daemon off;",
                    ],
                    stdout=fh,
                    stderr=subprocess.STDOUT,
                )
            )
        wait_for(f"{self.url}/_stcore/health", proc=self.procs[-1], log=log)

    def stop(self) -> None:
        """Stop nginx and the replicas; remove the temporary prefix."""
        stop_all(self.procs, self.prefix)


def stop_all(procs: list[subprocess.Popen[bytes]], prefix: Path | str | None) -> None:
    """Stop ``procs`` (the last started first, killed after 15 s), empty the list and remove
    the temporary ``prefix`` (nginx's configuration and logs)."""
    for proc in reversed(procs):
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    procs.clear()
    if prefix:
        shutil.rmtree(prefix, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Start, print the address, serve until interrupted."""
    ap = argparse.ArgumentParser(
        prog="python -m deploy.serve_replicas",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--port", type=int, default=8500)
    ap.add_argument("--host", default="127.0.0.1")
    a = ap.parse_args(argv)
    reps = Replicas(a.replicas, a.port, a.host).start()
    print(
        f"nginx on {reps.url} in front of {a.replicas} replicas "
        f"(ports {a.port + 1}-{a.port + a.replicas}); Ctrl-C stops them",
        flush=True,
    )
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        while all(p.poll() is None for p in reps.procs):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        reps.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
