"""DCMTK's storescp as an XNAT receiver stand-in that reports what it received."""
import os
import re
import signal
import subprocess
from dataclasses import dataclass
from typing import Optional

from . import ports, wait
from .orthanc import environment

_CALLING = re.compile(r"Calling Application Name:\s*(\S*)")
_FIELD = re.compile(r"^D: (Affected SOP Instance UID|Move Originator AE Title|Move Originator ID)"
                    r"\s*:\s*(.*?)\s*$")


@dataclass
class Received:
    sop_instance_uid: str
    calling_aet: str
    move_originator_aet: Optional[str] = None
    move_originator_id: Optional[int] = None
    stored: bool = False


class StoreScp:
    """storescp on a free port; can be stopped and restarted on the same port mid-test."""

    def __init__(self, folder, aet="XNAT", port=None, extra=()):
        self.folder = str(folder)
        self.aet = aet
        self.port = port or ports.free_port()
        self.output = os.path.join(self.folder, f"storescp-{self.port}")
        self.logs = []
        self.extra = list(extra)  # more storescp options, e.g. ["--sleep-after", "1"]
        self.process = None

    def start(self, timeout=15.0):
        os.makedirs(self.output, exist_ok=True)
        log_path = os.path.join(self.folder, f"storescp-{self.port}-{len(self.logs)}.log")
        self.logs.append(log_path)
        log = open(log_path, "wb")
        self.process = subprocess.Popen(
            ["storescp", "-d", "-aet", self.aet, "-od", self.output] + self.extra
            + [str(self.port)],
            stdout=log, stderr=subprocess.STDOUT, env=environment())
        log.close()
        wait.until(self._listening, timeout=timeout, message=f"storescp on port {self.port}")
        return self

    def _listening(self):
        if self.process.poll() is not None:
            raise AssertionError(f"storescp exited with {self.process.returncode}")
        with open(f"/proc/net/tcp") as tcp:
            listening = [line.split()[1] for line in tcp.readlines()[1:]
                         if line.split()[3] == "0A"]
        return any(address.endswith(f":{self.port:04X}") for address in listening)

    def kill(self):
        """kill -9, as a receiver that dies."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self):
        self.stop()
        return self.start()

    def received(self):
        """Every C-STORE request seen so far, in order, across restarts."""
        records = []
        for path in self.logs:
            with open(path, errors="replace") as log:
                records += self._parse(log)
        return records

    def stored_uids(self):
        return {r.sop_instance_uid for r in self.received() if r.stored}

    def associations(self):
        count = 0
        for path in self.logs:
            with open(path, errors="replace") as log:
                count += sum(1 for line in log if line.startswith("I: Association Received"))
        return count

    @staticmethod
    def _parse(lines):
        records = []
        calling = None
        in_request = False
        current = None
        for line in lines:
            if "BEGIN A-ASSOCIATE-RQ" in line:
                in_request = True
                calling = None
            elif "END A-ASSOCIATE-RQ" in line:
                in_request = False
            elif in_request and calling is None:
                match = _CALLING.search(line)
                if match:
                    calling = match.group(1)
            if line.startswith("D: Message Type") and "C-STORE RQ" in line:
                current = Received("", calling or "")
                records.append(current)
                continue
            if current is not None:
                match = _FIELD.match(line)
                if match:
                    name, value = match.groups()
                    if name == "Affected SOP Instance UID":
                        current.sop_instance_uid = value
                    elif name == "Move Originator AE Title":
                        current.move_originator_aet = value
                    elif value.isdigit():
                        current.move_originator_id = int(value)
                elif line.startswith("I: storing DICOM file"):
                    current.stored = True
                    current = None
        return records
