"""A real Orthanc (Debian's /usr/sbin/Orthanc) with the freshly built plugin."""
import copy
import json
import os
import signal
import subprocess

import requests

from . import ports, wait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLUGIN = os.environ.get("XNATDQR_PLUGIN",
                        os.path.join(ROOT, "build", "release", "libOrthancXnatDqr.so"))
ORTHANC = "/usr/sbin/Orthanc"

# Orthanc's stock behaviour for DICOM permissions: anybody may echo, store, find and move.
PERMISSIVE = {
    "DicomAlwaysAllowEcho": True,
    "DicomAlwaysAllowStore": True,
    "DicomAlwaysAllowFind": True,
    "DicomAlwaysAllowMove": True,
}
# What a careful PACS administrator sets: only known AE Titles may store, find and move.
STRICT = {
    "DicomAlwaysAllowEcho": False,
    "DicomAlwaysAllowStore": False,
    "DicomAlwaysAllowFind": False,
    "DicomAlwaysAllowMove": False,
}


def environment():
    env = dict(os.environ)
    env["TCP_NODELAY"] = "1"  # Debian's DCMTK is ~100x slower on loopback without it
    return env


class Orthanc:
    """One Orthanc process on free loopback ports, in its own temporary folder."""

    def __init__(self, folder, config=None, plugin=True, aet="ORTHANC", name="orthanc", env=None):
        self.folder = str(folder)
        self.http_port = ports.free_port()
        self.dicom_port = ports.free_port()
        self.aet = aet
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.log_path = os.path.join(self.folder, f"{name}.log")
        self.config_path = os.path.join(self.folder, f"{name}.json")
        self.storage = os.path.join(self.folder, f"{name}-storage")
        self.config = {
            "Name": name,
            "HttpPort": self.http_port,
            "DicomPort": self.dicom_port,
            "DicomAet": aet,
            "StorageDirectory": self.storage,
            "IndexDirectory": self.storage,
            "RemoteAccessAllowed": False,
            "AuthenticationEnabled": False,
            "HttpDescribeErrors": True,
            "DicomCheckCalledAet": False,
            "SaveJobs": False,
            "Plugins": [PLUGIN] if plugin else [],
        }
        self.config.update(PERMISSIVE)
        self.config.update(copy.deepcopy(config or {}))
        self.env = dict(env or {})  # more environment variables for this Orthanc, e.g. TZ
        self.process = None
        self.session = requests.Session()

    # --- lifecycle -------------------------------------------------------------------------
    def start(self, timeout=30.0):
        """Starts Orthanc and waits until its REST API answers."""
        self.launch()
        wait.until(self._ready, timeout=timeout, message=f"Orthanc on port {self.http_port}")
        return self

    def launch(self):
        os.makedirs(self.storage, exist_ok=True)
        with open(self.config_path, "w") as out:
            json.dump(self.config, out, indent=2)
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([ORTHANC, self.config_path], stdout=log,
                                        stderr=subprocess.STDOUT,
                                        env=dict(environment(), **self.env),
                                        cwd=self.folder)
        log.close()

    def _ready(self):
        if self.process.poll() is not None:
            raise AssertionError(f"Orthanc exited with code {self.process.returncode}:\n"
                                 + self.log())
        try:
            return self.session.get(self.url + "/system", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def wait_exit(self, timeout=30.0):
        """Waits for a process that is expected to stop on its own; returns its exit code."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise wait.Timeout(f"Orthanc did not exit within {timeout} s")

    def stop(self, timeout=20.0):
        """A clean stop (SIGTERM, as Ctrl-C); returns Orthanc's exit code."""
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.session.close()
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"Orthanc did not stop within {timeout} s")

    def kill(self):
        """kill -9: no chance to clean up, as in a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def restart(self):
        self.stop()
        return self.start()

    def log(self):
        try:
            with open(self.log_path, errors="replace") as log:
                return log.read()
        except OSError:
            return ""

    # --- REST ------------------------------------------------------------------------------
    def get(self, uri, **kwargs):
        return self.session.get(self.url + uri, timeout=kwargs.pop("timeout", 60), **kwargs)

    def post(self, uri, body=None, **kwargs):
        data = body if isinstance(body, (bytes, str)) or body is None else json.dumps(body)
        return self.session.post(self.url + uri, data=data,
                                 timeout=kwargs.pop("timeout", 60), **kwargs)

    def put(self, uri, body=None, **kwargs):
        data = body if isinstance(body, (bytes, str)) or body is None else json.dumps(body)
        return self.session.put(self.url + uri, data=data,
                                timeout=kwargs.pop("timeout", 60), **kwargs)

    def delete(self, uri, **kwargs):
        return self.session.delete(self.url + uri, timeout=kwargs.pop("timeout", 60), **kwargs)

    def get_json(self, uri):
        answer = self.get(uri)
        assert answer.status_code == 200, f"GET {uri}: {answer.status_code} {answer.text}"
        return answer.json()

    def upload(self, paths):
        """Stores files through REST; returns the Orthanc instance ids."""
        ids = []
        for path in paths:
            with open(path, "rb") as f:
                answer = self.session.post(self.url + "/instances", data=f.read(), timeout=60)
            assert answer.status_code == 200, answer.text
            ids.append(answer.json()["ID"])
        return ids
