"""DCMTK's command-line SCUs, with their output parsed into results a test can assert on."""
import glob
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from typing import List

import pydicom

from .orthanc import environment

_STATUS = re.compile(r"DIMSE Status\s*:\s*0x([0-9a-fA-F]{4})")
_COUNTERS = {
    "remaining": re.compile(r"Remaining Suboperations\s*:\s*(\S+)"),
    "completed": re.compile(r"Completed Suboperations\s*:\s*(\S+)"),
    "failed": re.compile(r"Failed Suboperations\s*:\s*(\S+)"),
    "warning": re.compile(r"Warning Suboperations\s*:\s*(\S+)"),
}


def _run(arguments, timeout):
    done = subprocess.run(arguments, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          env=environment(), timeout=timeout)
    return done.returncode, done.stdout.decode(errors="replace")


def _key_arguments(keys):
    arguments = []
    for name, value in keys.items():
        arguments += ["-k", name if value is None else f"{name}={value}"]
    return arguments


@dataclass
class EchoResult:
    returncode: int
    output: str

    @property
    def ok(self):
        return self.returncode == 0


def echoscu(port, aec="ORTHANC", aet="ECHOSCU", host="127.0.0.1", timeout=30):
    code, output = _run(["echoscu", "-aet", aet, "-aec", aec, host, str(port)], timeout)
    return EchoResult(code, output)


@dataclass
class StoreResult:
    returncode: int
    output: str

    @property
    def ok(self):
        return self.returncode == 0


def storescu(port, paths, aec="ORTHANC", aet="STORESCU", host="127.0.0.1", timeout=300):
    """Sends the files over one association."""
    code, output = _run(["storescu", "-aet", aet, "-aec", aec, host, str(port)] + list(paths),
                        timeout)
    return StoreResult(code, output)


@dataclass
class FindResult:
    returncode: int
    output: str
    answers: List[pydicom.Dataset] = field(default_factory=list)

    @property
    def ok(self):
        return self.returncode == 0 and "Received Final Find Response (Success)" in self.output

    def values(self, keyword):
        return sorted(str(getattr(answer, keyword, "")) for answer in self.answers)


def findscu(port, keys, model="study", aec="ORTHANC", aet="FINDSCU", host="127.0.0.1",
            timeout=60):
    """C-FIND; model "study" (Study Root) or "patient" (Patient Root). keys: {name: value}."""
    with tempfile.TemporaryDirectory() as folder:
        code, output = _run(["findscu", "-v", "-S" if model == "study" else "-P", "-X",
                             "-od", folder, "-aet", aet, "-aec", aec]
                            + _key_arguments(keys) + [host, str(port)], timeout)
        answers = [pydicom.dcmread(path)
                   for path in sorted(glob.glob(os.path.join(folder, "rsp*.dcm")))]
    return FindResult(code, output, answers)


@dataclass
class MoveResult:
    returncode: int
    output: str
    status: int = None  # DIMSE status of the final response, None if there was none
    remaining: int = None
    completed: int = None
    failed: int = None
    warning: int = None
    pending_responses: int = 0

    @property
    def ok(self):
        return self.returncode == 0 and self.status == 0x0000


def _parse_move(code, output):
    result = MoveResult(code, output)
    result.pending_responses = len(re.findall(r"Received Move Response \d+", output))
    final = output.rfind("Received Final Move Response")
    if final < 0:
        return result
    tail = output[final:]
    status = _STATUS.search(tail)
    result.status = int(status.group(1), 16) if status else None
    for name, pattern in _COUNTERS.items():
        match = pattern.search(tail)
        if match and match.group(1).isdigit():
            setattr(result, name, int(match.group(1)))
        elif match:
            setattr(result, name, 0)  # movescu prints "none" for an absent counter
    return result


def movescu(port, keys, destination, model="study", aec="ORTHANC", aet="MOVESCU",
            host="127.0.0.1", timeout=300):
    """C-MOVE to the destination AE Title; model "study" or "patient"."""
    code, output = _run(["movescu", "-d", "-S" if model == "study" else "-P",
                         "-aet", aet, "-aec", aec, "-aem", destination]
                        + _key_arguments(keys) + [host, str(port)], timeout)
    # -d dumps every PDU byte; keep what a person reads.
    output = "\n".join(line for line in output.splitlines() if not line.startswith("D:   "))
    return _parse_move(code, output)
