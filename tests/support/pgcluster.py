"""A throwaway PostgreSQL cluster in a temporary folder, for the tests, the benchmarks and CI.

Debian's ``postgresql`` package provides the programs (``/usr/lib/postgresql/<version>/bin``). The
cluster listens on 127.0.0.1 on a free port and on a socket in its own folder, trusts local
connections and runs without fsync (its data is thrown away). As root the server runs as the
``postgres`` user, since PostgreSQL refuses to run as root.

From the shell (what ``.ci/run`` does)::

    python -m tests.support.pgcluster start /tmp/kiosk-pg     # prints the server's URL
    python -m tests.support.pgcluster stop /tmp/kiosk-pg
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"
"""The cluster's superuser (the URL's user name)."""


class ClusterError(RuntimeError):
    """PostgreSQL's programs are missing or the cluster cannot be started."""


def bindir() -> Path:
    """The folder of ``initdb`` and ``pg_ctl``: Debian's newest version, else the ``PATH``."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).resolve().parent
    raise ClusterError("PostgreSQL is not installed (apt-get install postgresql)")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Cluster:
    """A cluster in ``datadir`` listening on ``port``."""

    datadir: Path
    """The cluster's folder (data, log, socket)."""
    port: int
    """Its TCP port on 127.0.0.1."""

    @property
    def log(self) -> Path:
        """The server's log file."""
        return self.datadir / "server.log"

    def url(self, dbname: str = "postgres") -> str:
        """A ``postgresql://`` URL of database ``dbname`` as the superuser."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    @classmethod
    def create(cls, datadir: Path | None = None, port: int | None = None) -> Cluster:
        """``initdb`` a new cluster (``datadir`` must not exist or be empty) and start it."""
        datadir = Path(datadir or tempfile.mkdtemp(prefix="kiosk-pg-"))
        datadir.mkdir(parents=True, exist_ok=True)
        cluster = cls(datadir, port or free_port())
        if os.geteuid() == 0:
            entry = pwd.getpwnam(SUPERUSER)
            os.chown(datadir, entry.pw_uid, entry.pw_gid)
            datadir.chmod(0o700)
        cluster._run(
            "initdb",
            "-D",
            str(datadir / "data"),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        settings = (
            f"port = {cluster.port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{datadir}'\nfsync = off\nsynchronous_commit = off\n"
            "full_page_writes = off\nmax_connections = 200\n"
        )
        conf = datadir / "data" / "postgresql.conf"
        conf.write_text(conf.read_text() + settings)
        cluster.start()
        return cluster

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        self._run("pg_ctl", "-D", str(self.datadir / "data"), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``fast``: active transactions are rolled back; ``immediate``: a crash)."""
        self._run("pg_ctl", "-D", str(self.datadir / "data"), "-m", mode, "-w", "stop")

    def restart(self, mode: str = "fast") -> None:
        """Stop and start the server."""
        self._run(
            "pg_ctl", "-D", str(self.datadir / "data"), "-m", mode, "-l", str(self.log), "-w", "restart"
        )

    def destroy(self) -> None:
        """Stop the server (if running) and delete the cluster's folder."""
        with contextlib.suppress(ClusterError):
            self.stop("immediate")
        shutil.rmtree(self.datadir, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(bindir() / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd="/", check=False)
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise ClusterError(f"{program} failed: {detail[-1] if detail else done.returncode}")


def _main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print("usage: python -m tests.support.pgcluster start|stop DIR", file=sys.stderr)
        return 2
    datadir = Path(argv[1])
    if argv[0] == "start":
        cluster = Cluster.create(datadir)
        (datadir / "port").write_text(str(cluster.port))
        print(cluster.url())
    else:
        Cluster(datadir, int((datadir / "port").read_text())).destroy()
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
