"""Docker for the container and package tests: the daemon this machine allows (host networking,
no bridge), base images made with debootstrap, images built from this repository."""
import os
import subprocess

from .orthanc import ROOT, Orthanc  # noqa: F401 (ROOT is for the tests)


def run(arguments, timeout=1800, check=True):
    """docker <arguments>; returns the CompletedProcess (text)."""
    done = subprocess.run(["docker"] + arguments, capture_output=True, text=True,
                          timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(f"docker {' '.join(arguments)} exited with {done.returncode}:\n"
                             f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    return done


def ready(release):
    """Starts the daemon if none answers and makes debian:<release>-slim if it is missing."""
    for script in (["docker-daemon.sh"], ["base-image.sh", release]):
        subprocess.run([os.path.join(ROOT, "scripts", script[0])] + script[1:], check=True,
                       timeout=1800)


def build(release, tag, dockerfile="orthanc-docker/Dockerfile", context=ROOT):
    """docker build with the release as DEBIAN_RELEASE; the layer cache makes a rebuild cheap."""
    run(["build", "-q", "--network", "host", "-f", os.path.join(ROOT, dockerfile),
         "--build-arg", f"DEBIAN_RELEASE={release}", "-t", tag, context])
    return tag


class ContainerOrthanc(Orthanc):
    """The REST client of harness.orthanc, for an Orthanc that runs in a container."""

    def __init__(self, http_port, dicom_port, auth, aet="ORTHANC"):
        import requests
        self.http_port = http_port
        self.dicom_port = dicom_port
        self.aet = aet
        self.url = f"http://127.0.0.1:{http_port}"
        self.session = requests.Session()
        self.session.auth = auth
