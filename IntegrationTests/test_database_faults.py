"""The plugin's database on a full filesystem (a small tmpfs mounted by the test, as root):
changes answer 503 and change nothing, a C-MOVE is refused with a log line, nothing stored is
lost, and everything works again by itself once there is space."""
import os
import subprocess

import pytest

from harness import dcmtk


@pytest.fixture
def small_disk(tmp_path):
    mount = os.path.join(str(tmp_path), "small-disk")
    os.makedirs(mount)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount], check=True)
    yield mount
    subprocess.run(["umount", "-l", mount], check=False)


def fill(folder):
    """Writes a file until the filesystem is full; returns its path."""
    path = os.path.join(folder, "filler")
    with open(path, "wb", buffering=0) as out:  # unbuffered: closing has nothing to write
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    return path


@pytest.fixture
def on_small_disk(orthanc_factory, small_disk, storescp, make_data):
    database = os.path.join(small_disk, "xnat-dqr.db")
    orthanc = orthanc_factory(config={"XnatDqr": {"DatabasePath": database}})
    body = {"Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1", "Port": storescp.port}
    assert orthanc.post("/xnat-dqr/receivers", body).status_code == 201
    made = make_data(series=1, instances=2)
    orthanc.upload(made.paths())
    return orthanc, made.studies()[0]


def keys_of(study):
    return {"QueryRetrieveLevel": "STUDY", "StudyInstanceUID": study.study_instance_uid}


def assert_unavailable_and_unchanged(orthanc, storescp, study):
    receivers = orthanc.get_json("/xnat-dqr/receivers?expand")
    transfers = orthanc.get_json("/xnat-dqr/transfers")
    body = {"Id": "xnat-b", "AET": "XNATB", "Host": "127.0.0.1", "Port": 1}
    answer = orthanc.post("/xnat-dqr/receivers", body)
    assert answer.status_code == 503, answer.text
    assert "database cannot be written" in answer.json()["Error"]
    assert orthanc.put("/xnat-dqr/schedule", {}).status_code == 503
    moved = dcmtk.movescu(orthanc.dicom_port, keys_of(study), "XNAT")
    assert moved.status == 0xC000, moved.output
    assert storescp.received() == []
    assert [line for line in orthanc.log().splitlines()
            if "C-MOVE" in line and "database cannot be written" in line]
    assert orthanc.get_json("/xnat-dqr/receivers?expand") == receivers
    assert orthanc.get_json("/xnat-dqr/transfers") == transfers


def assert_recovered(orthanc, storescp, study):
    body = {"Id": "xnat-b", "AET": "XNATB", "Host": "127.0.0.1", "Port": 1}
    assert orthanc.post("/xnat-dqr/receivers", body).status_code == 201
    assert dcmtk.movescu(orthanc.dicom_port, keys_of(study), "XNAT").ok
    assert len(storescp.stored_uids()) == 2
    assert {r["Id"] for r in orthanc.get_json("/xnat-dqr/receivers?expand")} == {
        "xnat-a", "xnat-b"}


def test_a_full_disk(on_small_disk, small_disk, storescp):
    orthanc, study = on_small_disk
    filler = fill(small_disk)
    assert_unavailable_and_unchanged(orthanc, storescp, study)
    os.remove(filler)
    assert_recovered(orthanc, storescp, study)
