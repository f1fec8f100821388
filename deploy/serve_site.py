"""Serve the static atlas (out/site/) with nginx: compression and cache headers.

    python -m deploy.serve_site [--root out/site] [--port 8502]     (or: make serve-site)

In: the site's folder (built by ``python -m dashboard.site``) and a port. Out: nginx running in
the foreground as a child, as the current user, with its configuration written from
``deploy/nginx-site.conf.template`` into a temporary prefix (removed on stop), until Ctrl-C or
``SiteServer.stop()``. The site needs nothing else: any file server serves it too.
"""

from __future__ import annotations

import argparse
import getpass
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from deploy.serve_replicas import stop_all, wait_for

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx-site.conf.template")
DEFAULT_ROOT = ROOT / "out" / "site"
MIME_TYPES = Path("/etc/nginx/mime.types")


@dataclass
class SiteServer:
    """nginx on ``host:port`` serving the folder ``root``."""

    root: Path
    port: int
    host: str = "127.0.0.1"
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    prefix: Path | None = None

    @property
    def url(self) -> str:
        """nginx's address."""
        return f"http://{self.host}:{self.port}"

    def config(self) -> str:
        """The nginx configuration for this root and port (run as the current user: as root,
        the workers would otherwise run as nobody, who may not read the site's folder)."""
        assert self.prefix is not None
        user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
        return TEMPLATE.read_text().format(
            user=user,
            prefix=self.prefix,
            host=self.host,
            port=self.port,
            root=self.root.resolve(),
            mime_types=MIME_TYPES,
        )

    def start(self) -> SiteServer:
        """Write the configuration, start nginx, wait until the site's index answers."""
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise RuntimeError(
                "nginx not found: install it with `apt-get install nginx` "
                "(scripts/sysdeps.sh does this as root)"
            )
        if not (self.root / "index.html").exists():
            raise RuntimeError(f"no site in {self.root}: build it with `make site`")
        self.prefix = Path(tempfile.mkdtemp(prefix="atlas-site-nginx-"))
        conf = self.prefix / "nginx.conf"
        conf.write_text(self.config())
        log = self.prefix / "nginx.out"
        with log.open("wb") as fh:
            self.procs.append(
                subprocess.Popen(
                    [nginx, "-p", str(self.prefix), "-c", str(conf), "-g", "daemon off;"],
                    stdout=fh,
                    stderr=subprocess.STDOUT,
                )
            )
        try:
            wait_for(f"{self.url}/index.html", proc=self.procs[-1], log=log)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop nginx; remove the temporary prefix."""
        stop_all(self.procs, self.prefix)


def main(argv: list[str] | None = None) -> int:
    """Start, print the address, serve until interrupted."""
    ap = argparse.ArgumentParser(
        prog="python -m deploy.serve_site",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--port", type=int, default=8502)
    ap.add_argument("--host", default="127.0.0.1")
    a = ap.parse_args(argv)
    server = SiteServer(a.root, a.port, a.host).start()
    print(f"nginx serving {a.root} on {server.url}/ ; Ctrl-C stops it", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        while all(p.poll() is None for p in server.procs):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
