"""A throwaway PostgreSQL server for the tests: a real one, never a mock.

`postgres_cluster` (session) runs `initdb` into a temporary folder and `pg_ctl start`s it on
127.0.0.1 at a free port, as a user who is not root (PostgreSQL refuses root: as root, the
server runs as `postgres` when Debian's package made that user, else as `nobody`). Logins over
TCP need a password (scram-sha-256), so the tests can try a wrong one. `postgres_url` gives
each test a database of its own on it. Without PostgreSQL the tests fail, saying how to install
it (`make test` installs it as root on Debian); they are never skipped.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

USER, PASSWORD = "briefing", "s3cret-Pa55"
INSTALL = ("PostgreSQL is needed for these tests and was not found (no initdb on PATH or under "
           "/usr/lib/postgresql/*/bin). Install it: `sudo apt-get install postgresql` on Debian or Ubuntu "
           "(`make test` does so itself when run as root), `brew install postgresql` on macOS.")


@dataclass(frozen=True)
class Cluster:
    host: str
    port: int

    def url(self, database: str, password: str | None = PASSWORD) -> str:
        login = f"{USER}:{password}" if password is not None else USER
        return f"postgresql://{login}@{self.host}:{self.port}/{database}"


def _binaries() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not versions:
        pytest.fail(INSTALL, pytrace=False)
    return Path(versions[-1]).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _runner() -> tuple[list[str], str | None]:
    """The prefix that runs a command as a user other than root, and that user (None: ourselves)."""
    if os.geteuid() != 0:
        return [], None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"], name
    pytest.fail("running as root, and there is no user 'postgres' or 'nobody' to run PostgreSQL as", pytrace=False)


@pytest.fixture(scope="session")
def postgres_cluster():
    with running_cluster() as cluster:
        yield cluster


@contextmanager
def running_cluster() -> Iterator[Cluster]:
    """A throwaway cluster for as long as the block runs (the fixture's, and bench/'s)."""
    bin_dir = _binaries()
    prefix, user = _runner()
    folder = Path(tempfile.mkdtemp(prefix="briefing-pg-"))
    data, password_file = folder / "data", folder / "password"
    password_file.write_text(PASSWORD)
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        os.chown(password_file, entry.pw_uid, entry.pw_gid)
    port = _free_port()

    def run(*command: str) -> None:
        done = subprocess.run([*prefix, *command], capture_output=True, text=True, cwd=folder, timeout=120)
        if done.returncode:
            pytest.fail(f"{' '.join(command)} failed: {done.stdout}{done.stderr}", pytrace=False)

    run(str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "--pwfile", str(password_file), "-E", "UTF8",
        "--locale", "C", "--auth-local", "trust", "--auth-host", "scram-sha-256")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-t", "60", "-o",
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
    try:
        yield Cluster("127.0.0.1", port)
    finally:
        subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture()
def postgres_url(postgres_cluster, monkeypatch):
    """A new, empty database on the test cluster, as a URL with the password in it."""

    for variable in ("PGPASSWORD", "PGPASSFILE", "PGUSER", "PGHOST", "PGPORT", "PGDATABASE", "BRIEFING_STORE"):
        monkeypatch.delenv(variable, raising=False)
    return new_database(postgres_cluster)


def new_database(cluster: Cluster) -> str:
    """A new, empty database on `cluster`, as a URL with the password in it."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return cluster.url(name)
