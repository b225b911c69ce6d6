"""docs/OPERATIONS.md's backup, taken while Orthanc runs and sends, restores every Receiver and
Transfer into another Orthanc."""
import os
import sqlite3
import threading

from harness import dcmtk
from test_queue import CLOSED, add_receiver, open_all_week


def test_online_backup_restores_receivers_and_transfers(orthanc_factory, storescp_factory,
                                                        make_data, tmp_path):
    orthanc = orthanc_factory(name="live")
    made = make_data(series=4, instances=5)
    orthanc.upload(made.paths())
    study = made.studies()[0]
    fast = storescp_factory()
    add_receiver(orthanc, "xnat-a", fast, Schedule=open_all_week())
    add_receiver(orthanc, "xnat-q", storescp_factory(aet="XNATQ"), Schedule=CLOSED,
                 OutsideWindow="Queue")
    for series in study.series[:2]:
        assert dcmtk.movescu(orthanc.dicom_port, {
            "QueryRetrieveLevel": "SERIES", "StudyInstanceUID": study.study_instance_uid,
            "SeriesInstanceUID": series.series_instance_uid}, "XNATQ").status == 0x0000

    # The backup runs while a C-MOVE is being sent.
    database = os.path.join(orthanc.storage, "xnat-dqr.db")
    backup = str(tmp_path / "backup.db")
    moving = threading.Thread(target=lambda: dcmtk.movescu(orthanc.dicom_port, {
        "QueryRetrieveLevel": "STUDY", "StudyInstanceUID": study.study_instance_uid}, fast.aet))
    moving.start()
    source = sqlite3.connect(database)
    target = sqlite3.connect(backup)
    source.backup(target)
    source.close()
    target.close()
    moving.join()

    restored = orthanc_factory(name="restored",
                               config={"XnatDqr": {"DatabasePath": backup}})
    assert restored.get_json("/xnat-dqr/receivers") == ["xnat-a", "xnat-q"]
    live_transfers = {t["Id"]: t for t in orthanc.get_json("/xnat-dqr/transfers")}
    backup_transfers = restored.get_json("/xnat-dqr/transfers")
    assert len(backup_transfers) >= 2
    for one in backup_transfers:
        live = live_transfers[one["Id"]]
        assert (one["Receiver"], one["Created"]) == (live["Receiver"], live["Created"])
    queued = [t for t in backup_transfers if t["Receiver"] == "xnat-q"]
    assert [t["State"] for t in queued] == ["Queued", "Queued"]
    # The restored queue is the live one's: the same instances, in the same order.
    assert restored.get_json(f"/xnat-dqr/transfers/{queued[0]['Id']}")["InstancesTotal"] == 5
