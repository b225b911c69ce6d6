"""The plugin's database on a filesystem that turns read-only while Orthanc runs, as ext4 does
after an error with errors=remount-ro (an ext4 image on a loop device, mounted by the test as
root; the kernel's trigger_fs_error knob makes the error): changes answer 503 saying so, a
C-MOVE is refused with a log line, what is stored still reads, and after the administrator's
repair (fsck, mount again, restart) nothing stored is lost.

Not in the Debian 13 matrix: a container gets neither loop devices nor a writable /sys, and
what this checks is the plugin's SQLite store, the same on both releases."""
import errno
import os
import subprocess

import pytest

from harness import dcmtk
from test_database_faults import keys_of


def run(*command):
    return subprocess.run(list(command), check=True, capture_output=True, text=True).stdout


@pytest.fixture
def ext4_disk(tmp_path):
    image = str(tmp_path / "disk.img")
    mount = str(tmp_path / "disk")
    os.makedirs(mount)
    run("truncate", "-s", "32M", image)
    run("mkfs.ext4", "-q", image)
    run("mount", "-o", "loop,errors=remount-ro", image, mount)
    yield image, mount
    subprocess.run(["umount", "-l", mount], check=False)


def turn_read_only(mount):
    device = os.path.basename(run("findmnt", "-n", "-o", "SOURCE", mount).strip())
    run("sync")  # what is stored is on the disk; the error comes after
    with open(f"/sys/fs/ext4/{device}/trigger_fs_error", "w") as knob:
        knob.write("1")
    with pytest.raises(OSError) as refused:
        open(os.path.join(mount, "probe"), "w").close()
    assert refused.value.errno == errno.EROFS


def test_a_filesystem_that_turns_read_only(orthanc_factory, ext4_disk, storescp, make_data):
    image, mount = ext4_disk
    config = {"XnatDqr": {"DatabasePath": os.path.join(mount, "xnat-dqr.db")}}
    orthanc = orthanc_factory(config=config)
    body = {"Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1", "Port": storescp.port}
    assert orthanc.post("/xnat-dqr/receivers", body).status_code == 201
    closed = {"Id": "closed", "AET": "CLOSED", "Host": "127.0.0.1", "Port": 1, "Schedule": {}}
    assert orthanc.post("/xnat-dqr/receivers", closed).status_code == 201
    made = make_data(series=1, instances=2)
    orthanc.upload(made.paths())
    study = made.studies()[0]
    assert dcmtk.movescu(orthanc.dicom_port, keys_of(study), "XNAT").ok
    queued = orthanc.post("/xnat-dqr/transfers", {"Receiver": "closed", "Resources": [
        orthanc.get_json("/studies")[0]]})
    assert queued.status_code == 201, queued.text
    receivers = orthanc.get_json("/xnat-dqr/receivers?expand")
    transfers = orthanc.get_json("/xnat-dqr/transfers")
    received = len(storescp.received())

    turn_read_only(mount)
    answer = orthanc.post("/xnat-dqr/receivers", dict(body, Id="xnat-b", AET="XNATB", Port=2))
    assert answer.status_code == 503, answer.text
    assert "database cannot be written" in answer.json()["Error"]
    assert "Read-only file system" in answer.json()["Error"]
    assert orthanc.put("/xnat-dqr/schedule", {}).status_code == 503
    assert orthanc.post(f"/xnat-dqr/transfers/{queued.json()['Id']}/pause").status_code == 503
    moved = dcmtk.movescu(orthanc.dicom_port, keys_of(study), "XNAT")
    assert moved.status == 0xC000, moved.output
    assert len(storescp.received()) == received
    lines = [line for line in orthanc.log().splitlines()
             if "C-MOVE" in line and "database cannot be written" in line]
    assert len(lines) == 1, lines
    # What is stored still reads.
    assert orthanc.get_json("/xnat-dqr/receivers?expand") == receivers
    assert orthanc.get_json("/xnat-dqr/transfers") == transfers

    # The administrator's repair: stop, fsck, mount again, start.
    orthanc.stop()
    run("umount", mount)
    subprocess.run(["e2fsck", "-fy", image], capture_output=True)  # exit 1: errors corrected
    run("mount", "-o", "loop,errors=remount-ro", image, mount)
    orthanc.start()
    assert orthanc.get_json("/xnat-dqr/receivers?expand") == receivers
    again = {t["Id"]: t for t in orthanc.get_json("/xnat-dqr/transfers")}
    assert set(again) == {t["Id"] for t in transfers}
    assert again[queued.json()["Id"]]["State"] == "Queued"
    assert orthanc.post("/xnat-dqr/receivers", dict(body, Id="xnat-b", AET="XNATB",
                                                    Port=2)).status_code == 201


def test_a_database_on_a_read_only_filesystem_at_start_stops_orthanc_naming_it(
        orthanc_factory, ext4_disk):
    image, mount = ext4_disk
    database = os.path.join(mount, "xnat-dqr.db")
    orthanc = orthanc_factory(config={"XnatDqr": {"DatabasePath": database}})
    assert orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-a", "AET": "XNAT",
                                                "Host": "127.0.0.1", "Port": 1}).ok
    orthanc.stop()
    run("umount", mount)
    run("mount", "-o", "loop,ro", image, mount)
    orthanc.launch()
    assert orthanc.wait_exit() != 0
    lines = [line for line in orthanc.log().splitlines() if "xnat-dqr: refusing to start" in line]
    assert len(lines) == 1 and database in lines[0], lines
