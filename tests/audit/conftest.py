"""Audit-log fixtures: a fresh SQLite log per test, and a real PostgreSQL server per session.

The PostgreSQL cluster is started from Debian's packages (``apt-get install postgresql``:
``/usr/lib/postgresql/<version>/bin``) in a temporary folder, on 127.0.0.1 and a free port,
run as the ``postgres`` OS user when the tests run as root. ``VETTED_TEST_PG_URL`` points the
tests at an existing server instead. Without PostgreSQL the tests skip, unless ``CI`` is set.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from chatbot.audit import AuditLog
from chatbot.audit.db import dispose_all
from chatbot.settings import Settings, get_settings

AUDIT_TABLES = ("feedback", "reviews", "handoffs", "interactions", "_migrations")


@pytest.fixture(autouse=True)
def _close_engines():
    yield
    dispose_all()


@pytest.fixture
def settings(_isolated_data_dir) -> Settings:
    """The per-test settings (data folder under tmp_path, as the CLI sees it)."""
    return get_settings()


@pytest.fixture
def audit(settings) -> AuditLog:
    log = AuditLog(settings)
    log.warm_up()
    return log


# --- PostgreSQL ----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bindir() -> Path | None:
    """Newest ``/usr/lib/postgresql/<version>/bin`` with initdb, else initdb on PATH."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.parent.name)] or [0],
    )
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    return Path(on_path).resolve().parent if on_path else None


class PgServer:
    """A throwaway cluster (``managed``) or the server of ``VETTED_TEST_PG_URL``."""

    def __init__(self, url: str | None = None, bindir: Path | None = None) -> None:
        self.external_url = url
        self.managed = url is None
        self.bindir = bindir
        self.port = free_port()
        self.base = Path(tempfile.mkdtemp(prefix="vetted-pg-", dir="/tmp"))
        self.data = self.base / "data"

    # commands run as the postgres user when we are root (postgres refuses to run as root)
    def _run(self, *cmd: str, timeout: int = 60) -> subprocess.CompletedProcess:
        argv = [str(self.bindir / cmd[0]), *cmd[1:]]
        if os.geteuid() == 0:
            if shutil.which("runuser"):
                argv = ["runuser", "-u", "postgres", "--", *argv]
            else:
                argv = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(argv)]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            log = (
                (self.base / "server.log").read_text()
                if (self.base / "server.log").exists()
                else ""
            )
            raise RuntimeError(
                f"{shlex.join(argv)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}\n{log}"
            )
        return done

    def init(self) -> None:
        if os.geteuid() == 0:
            pg = pwd.getpwnam("postgres")
            os.chown(self.base, pg.pw_uid, pg.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale=C", "--no-sync", "--no-instructions")  # fmt: skip
        self.start()

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 "
            "-c fsync=off"  # durable across a process crash (the OS keeps the pages), not a power cut
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.base / "server.log"), "-w",
                  "-t", "30", "-o", options, "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def new_database(self) -> str:
        """A SQLAlchemy URL of an empty database for one test."""
        import psycopg

        if not self.managed:  # an existing server: reuse its database, without our tables
            with psycopg.connect(_libpq(self.external_url), autocommit=True) as conn:
                conn.execute(f"DROP TABLE IF EXISTS {', '.join(AUDIT_TABLES)} CASCADE")
            return self.external_url
        name = f"t_{uuid.uuid4().hex[:12]}"
        admin = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def cleanup(self) -> None:
        if self.managed:
            with contextlib.suppress(RuntimeError):  # already down
                self.stop("immediate")
            shutil.rmtree(self.base, ignore_errors=True)


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_server():
    url = os.environ.get("VETTED_TEST_PG_URL")
    if url:
        server = PgServer(url=url)
        yield server
        shutil.rmtree(server.base, ignore_errors=True)
        return
    bindir = pg_bindir()
    if bindir is None:
        reason = (
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
            "apt-get install postgresql, or set VETTED_TEST_PG_URL"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    server = PgServer(bindir=bindir)
    server.init()
    yield server
    server.cleanup()


@pytest.fixture
def pg_settings(pg_server, tmp_path) -> Settings:
    """Settings whose audit log lives in a fresh PostgreSQL database."""
    return Settings(data_dir=tmp_path / "pg-data", database_url=pg_server.new_database())
