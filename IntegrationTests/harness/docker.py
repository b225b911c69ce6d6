"""Docker for the container and package tests: the daemon this machine allows (host networking,
no bridge), base images made with debootstrap, images built from this repository."""
import fcntl
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


# make test builds the images beside the other tests (harness/prebuild.py); a test that needs one
# waits here for that build, then finds every layer cached instead of building it a second time.
LOCK = os.path.join(ROOT, "build", "docker-build.lock")


def build(release, tag, dockerfile="orthanc-docker/Dockerfile", context=ROOT):
    """docker build with the release as DEBIAN_RELEASE; the layer cache makes a rebuild cheap.
    One build at a time across processes."""
    os.makedirs(os.path.dirname(LOCK), exist_ok=True)
    with open(LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shares = os.environ.get("XNATDQR_BUILD_SHARES")  # make test: a lower CPU priority
        run(["build", "-q", "--network", "host", "-f", os.path.join(ROOT, dockerfile)]
            + (["--cpu-shares", shares] if shares else [])
            + ["--build-arg", f"DEBIAN_RELEASE={release}", "-t", tag, context])
    return tag


# The images the container and package tests build, in the order they need them.
TEST_IMAGES = [
    ("bookworm", "orthanc-xnat-dqr:bookworm", "orthanc-docker/Dockerfile", ROOT),
    ("trixie", "orthanc-xnat-dqr:trixie", "orthanc-docker/Dockerfile", ROOT),
    ("bookworm", "orthanc-xnat-dqr-debtest:bookworm", "packaging/test.Dockerfile",
     os.path.join(ROOT, "packaging")),
    ("forky", "orthanc-xnat-dqr-debtest:forky", "packaging/test.Dockerfile",
     os.path.join(ROOT, "packaging")),
]


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
