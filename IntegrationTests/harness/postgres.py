"""A real PostgreSQL server (Debian's postgresql): initdb into a temporary folder, its own
free port on 127.0.0.1, run as the postgres user when the tests run as root."""
import glob
import os
import shutil
import subprocess
import tempfile

from . import ports
from .orthanc import PLUGIN

INDEX_PLUGIN = "/usr/share/orthanc/plugins/libOrthancPostgreSQLIndex.so"


def _binaries():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise AssertionError("Debian's postgresql is not installed (scripts/install-deps.sh)")
    return os.path.dirname(found[-1])


class Postgres:
    def __init__(self):
        self.port = ports.free_port()
        # Not under pytest's tmp_path: the postgres user must be able to enter the folder.
        self.folder = tempfile.mkdtemp(prefix="xnat-dqr-pg-")
        self.data = os.path.join(self.folder, "data")
        self.log_path = os.path.join(self.folder, "server.log")
        self.bin = _binaries()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
                  "-D", self.data)
        self._databases = 0

    def _run(self, tool, *arguments):
        done = subprocess.run(self.as_postgres + [os.path.join(self.bin, tool), *arguments],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if done.returncode != 0:
            raise AssertionError(f"{tool} failed:\n{done.stdout.decode(errors='replace')}")

    def start(self):
        self._run("pg_ctl", "-D", self.data, "-w", "-l", self.log_path, "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                  "-c fsync=off -c max_connections=200", "start")
        return self

    def stop(self, mode="fast"):
        """mode "immediate" is a crash: no checkpoint, sessions cut."""
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def sql(self, statement, database="postgres"):
        done = subprocess.run(self.as_postgres + [
            os.path.join(self.bin, "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
            "postgres", "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", statement],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if done.returncode != 0:
            raise AssertionError(f"psql failed: {done.stdout.decode(errors='replace')}")
        return done.stdout.decode().strip()

    def create_database(self):
        self._databases += 1
        name = f"pacs{self._databases}"
        self.sql(f"CREATE DATABASE {name}")
        return name

    def orthanc_config(self, database, storage, xnat=True, index=True, lease_seconds=5):
        """Orthanc's configuration for its index (orthanc-postgresql, several writers) and the
        plugin's store on this database; storage is the folder the instances share. Leases of
        5 s (not 20) keep the take-over tests short."""
        config = {"StorageDirectory": storage}
        if index:
            config["Plugins"] = [PLUGIN, INDEX_PLUGIN]
            config["PostgreSQL"] = {
                "EnableIndex": True, "EnableStorage": False, "Host": "127.0.0.1",
                "Port": self.port, "Database": database, "Username": "postgres",
                "Password": "", "Lock": False, "EnableSsl": False}
        if xnat:
            config["XnatDqr"] = {"LeaseSeconds": lease_seconds, "Database": {
                "Backend": "PostgreSQL", "Host": "127.0.0.1", "Port": self.port,
                "Database": database, "Username": "postgres"}}
        return config

    def remove(self):
        try:
            self.stop("immediate")
        except AssertionError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)
