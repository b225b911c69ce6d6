"""make deb: the package installs next to Debian's orthanc in a clean container, Orthanc started
as Debian's service starts it (Orthanc /etc/orthanc/, as user orthanc) loads the plugin and
serves a C-MOVE; upgrade, removal and purge keep the plugin's database."""
import glob
import os
import re
import subprocess
import uuid

import pytest
import requests

from harness import dcmtk, docker, ports, wait
from harness.orthanc import ROOT

DB = "/var/lib/orthanc/db-v6/xnat-dqr.db"
SO = "/usr/share/orthanc/plugins/libOrthancXnatDqr.so"


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    """(first, upgrade): the package of this tree, and the same one as a higher version."""
    folder = tmp_path_factory.mktemp("deb")
    subprocess.run(["make", "--no-print-directory", "deb"], cwd=ROOT, check=True,
                   capture_output=True, timeout=900)
    first = sorted(glob.glob(os.path.join(ROOT, "build", "orthanc-xnat-dqr_*_*.deb")))[-1]
    version = re.match(r"orthanc-xnat-dqr_(.+)_[^_]+\.deb", os.path.basename(first)).group(1)
    subprocess.run(["cpack", "-B", str(folder), "-D", f"CPACK_PACKAGE_VERSION={version}+1",
                    "-D", f"CPACK_DEBIAN_FILE_NAME=upgrade.deb"],
                   cwd=os.path.join(ROOT, "build", "release"), check=True, capture_output=True,
                   timeout=300)
    subprocess.run(["cp", first, str(folder / "first.deb")], check=True)
    return folder, version


@pytest.fixture
def host(packages):
    """A running container of a clean Debian with its orthanc; the packages under /deb."""
    docker.ready("bookworm")
    release, tag, dockerfile, context = docker.TEST_IMAGES[2]
    image = docker.build(release, tag, dockerfile=dockerfile, context=context)
    name = "xnatdqr-deb-" + uuid.uuid4().hex[:8]
    docker.run(["run", "-d", "--name", name, "--network", "host",
                "-v", f"{packages[0]}:/deb:ro", image, "sleep", "infinity"])
    yield name
    docker.run(["rm", "-f", name], check=False)


def sh(name, command, check=True):
    return docker.run(["exec", name, "sh", "-c", command], check=check)


def start_orthanc(name, http, dicom):
    """As Debian's service: Orthanc /etc/orthanc/ as the orthanc user; only the ports moved."""
    sh(name, f"sed -i -E 's/(\"HttpPort\" *: *)[0-9]+/\\1{http}/; "
             f"s/(\"DicomPort\" *: *)[0-9]+/\\1{dicom}/' /etc/orthanc/orthanc.json")
    docker.run(["exec", "-d", "-u", "orthanc", name, "sh", "-c",
                "TCP_NODELAY=1 /usr/sbin/Orthanc /etc/orthanc/ > /tmp/orthanc.log 2>&1"])
    client = docker.ContainerOrthanc(http, dicom, None)
    wait.until(lambda: _answers(client, name), timeout=60, interval=0.5,
               message="Orthanc in the package container")
    return client


def stop_orthanc(name):
    sh(name, "kill $(cat /proc/[0-9]*/stat 2>/dev/null | awk '$2 == \"(Orthanc)\" {print $1}')"
             " ; while grep -qs '(Orthanc)' /proc/[0-9]*/stat; do sleep 0.2; done")


def _answers(client, name):
    try:
        return client.get("/system", timeout=2).status_code == 200
    except requests.RequestException:
        log = sh(name, "cat /tmp/orthanc.log 2>/dev/null", check=False).stdout
        assert "Orthanc has stopped" not in log, log[-4000:]
        return False


def test_package_installs_serves_a_cmove_and_keeps_its_database(host, packages, storescp,
                                                                  make_data):
    folder, version = packages
    sh(host, "dpkg -i /deb/first.deb")
    status = sh(host, "dpkg-query -W -f='${Status} ${Version}' orthanc-xnat-dqr").stdout
    assert status == f"install ok installed {version}"
    assert sh(host, f"test -f {SO} && test -f /etc/orthanc/xnat-dqr.json && echo ok").stdout \
        .strip() == "ok"

    http, dicom = ports.free_port(), ports.free_port()
    orthanc = start_orthanc(host, http, dicom)
    assert "xnat-dqr" in orthanc.get_json("/plugins")
    # Debian's orthanc.json admits C-MOVEs from known AE Titles only: XNAT calls with the AE
    # Title it receives as, which the Receiver's modality entry makes known.
    made = make_data(series=1, instances=3)
    orthanc.upload(made.paths())
    body = {"Id": "xnat-a", "AET": storescp.aet, "Host": "127.0.0.1", "Port": storescp.port}
    assert orthanc.post("/xnat-dqr/receivers", body).status_code == 201
    study = made.studies()[0]
    moved = dcmtk.movescu(dicom, {"QueryRetrieveLevel": "STUDY",
                                  "StudyInstanceUID": study.study_instance_uid}, storescp.aet,
                           aet=storescp.aet)
    assert moved.status == 0x0000, moved.output
    wanted = {i.sop_instance_uid for i in study.instances()}
    wait.until(lambda: storescp.stored_uids() >= wanted, timeout=30, message="delivery")
    stop_orthanc(host)
    assert sh(host, f"stat -c %U {DB}").stdout.strip() == "orthanc"

    # Upgrade: the Receiver and the Transfer are still there.
    sh(host, "dpkg -i /deb/upgrade.deb")
    assert sh(host, "dpkg-query -W -f='${Version}' orthanc-xnat-dqr").stdout == version + "+1"
    orthanc = start_orthanc(host, http, dicom)
    assert orthanc.get_json("/xnat-dqr/receivers") == ["xnat-a"]
    assert orthanc.get_json("/xnat-dqr/transfers")[0]["State"] == "Succeeded"
    stop_orthanc(host)

    # Removal keeps the database and the administrator's configuration; purge keeps the
    # database (Orthanc's data, not the package's) and drops the configuration.
    sh(host, "dpkg -r orthanc-xnat-dqr")
    assert sh(host, f"test ! -e {SO} && test -f {DB} && test -f /etc/orthanc/xnat-dqr.json "
                    "&& echo ok").stdout.strip() == "ok"
    sh(host, "dpkg -i /deb/first.deb")
    orthanc = start_orthanc(host, http, dicom)
    assert orthanc.get_json("/xnat-dqr/receivers") == ["xnat-a"]
    stop_orthanc(host)
    sh(host, "dpkg --purge orthanc-xnat-dqr")
    assert sh(host, f"test -f {DB} && test ! -e /etc/orthanc/xnat-dqr.json && echo ok") \
        .stdout.strip() == "ok"
