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
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")


def _wait(url: str, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


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
        for p in ports:
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
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.STDOUT,
                )
            )
        for p in ports:
            _wait(f"http://127.0.0.1:{p}/_stcore/health")
        self.prefix = Path(tempfile.mkdtemp(prefix="atlas-nginx-"))
        servers = "\n".join(f"        server 127.0.0.1:{p};" for p in ports)
        conf = TEMPLATE.read_text().format(
            prefix=self.prefix, servers=servers, host=self.host, port=self.port
        )
        (self.prefix / "nginx.conf").write_text(conf)
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
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )
        )
        _wait(f"{self.url}/_stcore/health")
        return self

    def stop(self) -> None:
        """Stop nginx and the replicas; remove the temporary prefix."""
        for proc in reversed(self.procs):
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.procs.clear()
        if self.prefix:
            shutil.rmtree(self.prefix, ignore_errors=True)


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
