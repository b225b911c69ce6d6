"""make deb (and scripts/deb.sh forky): the package installs next to Debian's orthanc (1.10.1 on
Debian 12, 1.13.0 on forky) in a clean container, Orthanc started
as Debian's service starts it (Orthanc /etc/orthanc/, as user orthanc) loads the plugin and
serves a C-MOVE; upgrade, removal and purge keep the plugin's database."""
import os
import subprocess
import uuid

import pytest
import requests

from harness import dcmtk, docker, ports, wait
from harness.orthanc import ROOT

DB = "/var/lib/orthanc/db-v6/xnat-dqr.db"
SO = "/usr/share/orthanc/plugins/libOrthancXnatDqr.so"


@pytest.fixture(scope="module", params=["bookworm", "forky"])
def packages(request, tmp_path_factory):
    """(release, folder, version): the package of this tree for that release (bookworm: make
    deb on this machine; forky: built in the matrix's container against Orthanc 1.13.0), as
    first.deb, and the same one version higher, as upgrade.deb."""
    release = request.param
    folder = tmp_path_factory.mktemp("deb-" + release)
    done = subprocess.run([os.path.join(ROOT, "scripts", "deb.sh"), release, str(folder)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    version = done.stdout.strip().splitlines()[-1]
    return release, folder, version


@pytest.fixture
def host(packages):
    """A running container of a clean Debian of that release with its orthanc; the packages
    under /deb."""
    release, folder, _ = packages
    docker.ready(release)
    image = docker.build(release, f"orthanc-xnat-dqr-debtest:{release}",
                         dockerfile="packaging/test.Dockerfile",
                         context=os.path.join(ROOT, "packaging"))
    name = "xnatdqr-deb-" + uuid.uuid4().hex[:8]
    docker.run(["run", "-d", "--name", name, "--network", "host",
                "-v", f"{folder}:/deb:ro", image, "sleep", "infinity"])
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
    release, _, version = packages
    sh(host, "dpkg -i /deb/first.deb")
    status = sh(host, "dpkg-query -W -f='${Status} ${Version}' orthanc-xnat-dqr").stdout
    assert status == f"install ok installed {version}"
    assert sh(host, f"test -f {SO} && test -f /etc/orthanc/xnat-dqr.json && echo ok").stdout \
        .strip() == "ok"

    http, dicom = ports.free_port(), ports.free_port()
    orthanc = start_orthanc(host, http, dicom)
    assert "xnat-dqr" in orthanc.get_json("/plugins")
    # The release's own Orthanc: 1.10.1 on Debian 12, 1.13.0 on forky.
    expected = {"bookworm": "1.10.", "forky": "1.13."}[release]
    assert orthanc.get_json("/system")["Version"].startswith(expected)
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
