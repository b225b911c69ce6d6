"""C-MOVE routing: every XNAT gets its data, even when two XNATs use the same AE Title."""
import threading
import time

import pytest

from harness import dcmtk, ports, wait


def add_receiver(orthanc, id_, scp=None, aet=None, port=None, **extra):
    body = {"Id": id_, "AET": aet or scp.aet, "Host": "127.0.0.1", "Port": port or scp.port}
    body.update(extra)
    answer = orthanc.post("/xnat-dqr/receivers", body)
    assert answer.status_code == 201, answer.text


def series_keys(study, series):
    return {"QueryRetrieveLevel": "SERIES", "StudyInstanceUID": study.study_instance_uid,
            "SeriesInstanceUID": series.series_instance_uid}


def uids(instances):
    return {i.sop_instance_uid for i in instances}


def wait_stored(scp, expected, timeout=15):
    wait.until(lambda: scp.stored_uids() == expected, timeout=timeout,
               message=f"{len(expected)} instances at {scp.aet}:{scp.port}")


def latest_transfer(orthanc):
    return orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]


@pytest.fixture
def two_xnats(orthanc, storescp_factory):
    a = storescp_factory(aet="XNAT")
    b = storescp_factory(aet="XNAT")
    add_receiver(orthanc, "xnat-a", a, CallingAETs=["XNATA"])
    add_receiver(orthanc, "xnat-b", b, CallingAETs=["XNATB"])
    return a, b


@pytest.fixture
def study(orthanc, make_data):
    data = make_data(studies=1, series=2, instances=3)
    orthanc.upload(data.paths())
    return data.studies()[0]


def test_two_xnats_sharing_an_aet_each_get_their_own_data(orthanc, two_xnats, study):
    a, b = two_xnats
    first, second = study.series

    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(study, first), "XNAT", aet="XNATA")
    assert moved.ok, moved.output
    assert (moved.completed, moved.failed) == (3, 0)
    wait_stored(a, uids(first.instances))
    assert b.received() == []

    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(study, second), "XNAT", aet="XNATB")
    assert moved.ok, moved.output
    wait_stored(b, uids(second.instances))
    assert a.stored_uids() == uids(first.instances)

    refused = dcmtk.movescu(orthanc.dicom_port, series_keys(study, first), "XNAT", aet="OTHER")
    assert refused.status == 0xC000, refused.output
    assert len(a.received()) == 3 and len(b.received()) == 3
    transfer = latest_transfer(orthanc)
    assert transfer["State"] == "Failed" and "none lists the caller" in transfer["Error"]
    lines = [line for line in orthanc.log().splitlines() if "C-MOVE refused" in line]
    assert len(lines) == 1
    assert "caller OTHER" in lines[0] and "destination XNAT" in lines[0]


def test_the_receiver_sees_move_originator_and_orthanc_as_caller(orthanc, storescp, study):
    add_receiver(orthanc, "xnat-a", storescp)
    series = study.series[0]
    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(study, series), storescp.aet,
                          aet="XNATA")
    assert moved.ok
    wait_stored(storescp, uids(series.instances))
    received = storescp.received()
    assert {(r.calling_aet, r.move_originator_aet, r.move_originator_id) for r in received} == {
        (orthanc.aet, "XNATA", 1)}
    assert moved.pending_responses == 2  # one per sub-operation before the last


@pytest.mark.parametrize("model, level", [("patient", "PATIENT"), ("patient", "STUDY"),
                                          ("study", "STUDY"), ("study", "SERIES"),
                                          ("study", "IMAGE"), ("patient", "IMAGE")])
def test_every_level_and_information_model(orthanc, storescp, make_data, model, level):
    data = make_data(patients=2, studies=1, series=2, instances=2)
    orthanc.upload(data.paths())
    add_receiver(orthanc, "xnat-a", storescp)
    patient = data.patients[1]
    study = patient.studies[0]
    series = study.series[1]
    instance = series.instances[0]
    keys = {"QueryRetrieveLevel": level, "PatientID": patient.patient_id}
    expected = patient.instances()
    if level in ("STUDY", "SERIES", "IMAGE"):
        keys["StudyInstanceUID"] = study.study_instance_uid
        expected = study.instances()
    if level in ("SERIES", "IMAGE"):
        keys["SeriesInstanceUID"] = series.series_instance_uid
        expected = series.instances
    if level == "IMAGE":
        keys["SOPInstanceUID"] = instance.sop_instance_uid
        expected = [instance]
    moved = dcmtk.movescu(orthanc.dicom_port, keys, storescp.aet, model=model)
    assert moved.ok, moved.output
    assert moved.completed == len(expected)
    wait_stored(storescp, uids(expected))
    transfer = latest_transfer(orthanc)
    assert transfer["Level"] == level.capitalize().replace("Image", "Instance")
    assert transfer["InstancesTotal"] == transfer["InstancesSent"] == len(expected)


def test_a_uid_list_moves_every_listed_series(orthanc, storescp, study):
    add_receiver(orthanc, "xnat-a", storescp)
    keys = {"QueryRetrieveLevel": "SERIES", "StudyInstanceUID": study.study_instance_uid,
            "SeriesInstanceUID": "\\".join(s.series_instance_uid for s in study.series)}
    moved = dcmtk.movescu(orthanc.dicom_port, keys, storescp.aet)
    assert moved.ok and moved.completed == 6, moved.output
    wait_stored(storescp, uids(study.instances()))


def test_an_empty_match_is_success_with_nothing_sent(orthanc, storescp, study):
    add_receiver(orthanc, "xnat-a", storescp)
    keys = {"QueryRetrieveLevel": "SERIES", "StudyInstanceUID": study.study_instance_uid,
            "SeriesInstanceUID": "1.2.3.4.5.6.7.8.9"}
    moved = dcmtk.movescu(orthanc.dicom_port, keys, storescp.aet)
    assert moved.status == 0x0000, moved.output
    # Stock Orthanc fails an empty C-MOVE (0xC000). With a plugin driver of size 0, Orthanc
    # 1.10.1 answers Success but counts one completed sub-operation (docs/DICOM.md).
    assert moved.failed == 0 and moved.pending_responses == 0
    assert storescp.received() == []
    transfer = latest_transfer(orthanc)
    assert (transfer["State"], transfer["InstancesTotal"]) == ("Succeeded", 0)


@pytest.mark.parametrize("settings, caller, reason", [
    ({"Enabled": False}, "XNAT", "is disabled"),
    ({"Queryable": False}, "XNAT", "is not Queryable"),
    ({"CallingAETs": ["XNATA"]}, "INTRUDER", "not in the CallingAETs"),
])
def test_refusals_send_nothing_and_log_one_line(orthanc, storescp, study, settings, caller,
                                                reason):
    add_receiver(orthanc, "xnat-a", storescp, **settings)
    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(study, study.series[0]),
                          storescp.aet, aet=caller)
    assert moved.status == 0xC000, moved.output
    assert storescp.received() == []
    lines = [line for line in orthanc.log().splitlines() if "C-MOVE refused" in line]
    assert len(lines) == 1 and reason in lines[0] and f"caller {caller}" in lines[0]
    assert reason in latest_transfer(orthanc)["Error"]


def test_an_unknown_destination_is_refused(orthanc, study):
    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(study, study.series[0]), "NOBODY")
    assert moved.status == 0xC000
    assert "unknown destination" in latest_transfer(orthanc)["Error"]


def test_other_destinations_fall_back_to_orthancs_modalities(orthanc, storescp, study):
    assert orthanc.put("/modalities/pacs2", {"AET": "PACS2", "Host": "127.0.0.1",
                                             "Port": storescp.port}).status_code == 200
    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(study, study.series[0]), "PACS2",
                          aet="VIEWER")
    assert moved.ok, moved.output
    wait_stored(storescp, uids(study.series[0].instances))
    transfer = latest_transfer(orthanc)
    assert (transfer["Modality"], transfer["Receiver"]) == ("pacs2", None)
    assert {r.move_originator_aet for r in storescp.received()} == {"VIEWER"}


def test_a_receiver_that_is_down_fails_the_move_with_nothing_counted(orthanc, study):
    add_receiver(orthanc, "down", aet="DOWN", port=ports.free_port(), Timeout=3)
    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(study, study.series[0]), "DOWN")
    assert moved.status == 0xC000, moved.output
    assert (moved.completed or 0, moved.failed or 0) == (0, 0)
    transfer = latest_transfer(orthanc)
    assert transfer["State"] == "Failed"
    assert transfer["InstancesSent"] == 0 and transfer["InstancesTotal"] == 3
    assert "Connection refused" in transfer["Error"]


def move_six_while(orthanc, storescp_factory, make_data, aet, timeout, after_two):
    """A C-MOVE of 6 instances to a slow receiver; after_two(scp) runs once 2 are stored."""
    data = make_data(series=1, instances=6)
    orthanc.upload(data.paths())
    study = data.studies()[0]
    scp = storescp_factory(aet=aet, extra=["--sleep-after", "1"])
    add_receiver(orthanc, aet.lower(), scp, Timeout=timeout)

    def act():
        wait.until(lambda: len(scp.stored_uids()) >= 2, timeout=30, message="2 instances")
        after_two(scp)

    actor = threading.Thread(target=act)
    actor.start()
    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(study, study.series[0]), aet)
    actor.join()
    return moved, scp, study


def test_a_receiver_that_dies_half_way(orthanc, storescp_factory, make_data):
    def kill_once_two_are_answered(scp):
        # storescp logs a file as stored before it answers: kill only once the plugin has
        # its answer for the second, or the kill may fall in between (seen under load).
        wait.until(lambda: latest_transfer(orthanc)["InstancesSent"] >= 2, timeout=30,
                   message="2 instances answered")
        scp.kill()

    moved, scp, _ = move_six_while(orthanc, storescp_factory, make_data, "DIES", 5,
                                   kill_once_two_are_answered)
    # Orthanc 1.10.1 ends the C-MOVE at the first failed sub-operation (docs/DICOM.md).
    assert moved.status == 0xB000, moved.output
    assert moved.failed == 1 and moved.remaining == 0
    transfer = latest_transfer(orthanc)
    assert transfer["State"] == "Failed"
    assert transfer["InstancesSent"] == len(scp.stored_uids()) == 2
    assert transfer["InstancesFailed"] == 1
    assert "DIES" in transfer["Error"]


def test_concurrent_moves_from_different_callers_are_routed_right(orthanc_factory,
                                                                  storescp_factory, make_data):
    orthanc = orthanc_factory(config={"DicomThreadsCount": 4})
    scps = [storescp_factory(aet="XNAT") for _ in range(3)]
    data = make_data(studies=1, series=3, instances=4)
    orthanc.upload(data.paths())
    study = data.studies()[0]
    for n, scp in enumerate(scps):
        add_receiver(orthanc, f"xnat-{n}", scp, CallingAETs=[f"XNAT{n}"])
    results = {}

    def move(n):
        results[n] = dcmtk.movescu(orthanc.dicom_port, series_keys(study, study.series[n]),
                                   "XNAT", aet=f"XNAT{n}")

    threads = [threading.Thread(target=move, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for n, scp in enumerate(scps):
        assert results[n].ok and results[n].completed == 4, results[n].output
        wait_stored(scp, uids(study.series[n].instances))
        assert {r.move_originator_aet for r in scp.received()} == {f"XNAT{n}"}


def test_a_move_does_not_wait_behind_orthancs_jobs(orthanc_factory, storescp_factory,
                                                    make_data):
    orthanc = orthanc_factory(config={"ConcurrentJobs": 1})
    slow = storescp_factory(aet="SLOW", extra=["--sleep-after", "1"])
    assert orthanc.put("/modalities/slow", {"AET": "SLOW", "Host": "127.0.0.1",
                                            "Port": slow.port}).status_code == 200
    bulk = make_data(instances=20)
    orthanc.upload(bulk.paths())
    job = orthanc.post("/modalities/slow/store", {
        "Resources": [orthanc.get_json("/studies")[0]], "Asynchronous": True}).json()["ID"]
    wait.until(lambda: orthanc.get_json(f"/jobs/{job}")["State"] == "Running", timeout=10,
               message="the long job running")

    fast = storescp_factory(aet="XNAT")
    add_receiver(orthanc, "xnat-a", fast)
    data = make_data(instances=3)
    orthanc.upload(data.paths())
    study = data.studies()[0]
    started = time.monotonic()
    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(study, study.series[0]), "XNAT")
    elapsed = time.monotonic() - started
    assert moved.ok and moved.completed == 3, moved.output
    assert orthanc.get_json(f"/jobs/{job}")["State"] == "Running"
    assert elapsed < 10
    assert fast.associations() == 1  # one association for the whole C-MOVE


def test_transfers_are_listed_newest_first_with_filters(orthanc, two_xnats, study):
    for caller, series in (("XNATA", study.series[0]), ("XNATB", study.series[1])):
        assert dcmtk.movescu(orthanc.dicom_port, series_keys(study, series), "XNAT",
                             aet=caller).ok
    dcmtk.movescu(orthanc.dicom_port, series_keys(study, study.series[0]), "NOBODY")
    everything = orthanc.get_json("/xnat-dqr/transfers")
    assert [t["Id"] for t in everything] == sorted((t["Id"] for t in everything), reverse=True)
    assert len(everything) == 3
    assert [t["Receiver"] for t in orthanc.get_json("/xnat-dqr/transfers?receiver=xnat-b")] == [
        "xnat-b"]
    assert len(orthanc.get_json("/xnat-dqr/transfers?state=Failed")) == 1
    assert len(orthanc.get_json("/xnat-dqr/transfers?limit=2")) == 2
    one = everything[-1]
    assert orthanc.get_json(f"/xnat-dqr/transfers/{one['Id']}") == one
    assert (one["CallingAET"], one["DestinationAET"], one["Receiver"]) == ("XNATA", "XNAT",
                                                                           "xnat-a")
    assert one["BytesTotal"] == one["BytesSent"] > 0
    assert one["Query"]["SeriesInstanceUID"] == study.series[0].series_instance_uid
    assert orthanc.get_json(f"/xnat-dqr/transfers?since={one['Created']}")[-1]["Id"] == one["Id"]
    assert orthanc.get_json("/xnat-dqr/transfers?since=2999-01-01T00:00:00Z") == []
    assert orthanc.get_json("/xnat-dqr/status")["Counts"]["Transfers"] == 3
    for bad in ("limit=0", "limit=x", "since=yesterday", "state=Done", "receiver=A_B"):
        answer = orthanc.get(f"/xnat-dqr/transfers?{bad}")
        assert answer.status_code == 400 and answer.json()["Field"] == bad.split("=")[0]
    assert orthanc.get("/xnat-dqr/transfers/999").status_code == 404
    assert orthanc.get("/xnat-dqr/transfers/abc").status_code == 400


def test_a_receiver_restarted_half_way_gets_everything(orthanc, storescp_factory, make_data):
    def restart(scp):
        scp.kill()
        scp.start()  # same port

    moved, scp, study = move_six_while(orthanc, storescp_factory, make_data, "BACK", 10, restart)
    # One dropped association does not fail the series: XNAT sees Success.
    assert moved.ok and (moved.completed, moved.failed) == (6, 0), moved.output
    assert scp.stored_uids() == uids(study.series[0].instances)
    transfer = latest_transfer(orthanc)
    assert transfer["State"] == "Succeeded" and transfer["InstancesSent"] == 6
    assert transfer["Attempts"] == 1
    assert "opened again, resumed at instance" in transfer["LastError"]


def test_a_receiver_that_aborts_every_association_fails_after_three_reconnects(
        orthanc, storescp_factory, make_data):
    data = make_data(series=1, instances=2)
    orthanc.upload(data.paths())
    study = data.studies()[0]
    scp = storescp_factory(aet="ABORTS", extra=["--abort-during"])
    add_receiver(orthanc, "aborts", scp, Timeout=5)
    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(study, study.series[0]), "ABORTS")
    # Nothing delivered: refused with nothing counted, as stock Orthanc answers (#23).
    assert moved.status == 0xC000 and moved.completed == 0 and moved.failed == 0, moved.output
    transfer = latest_transfer(orthanc)
    assert transfer["State"] == "Failed" and transfer["Attempts"] == 3
    assert transfer["InstancesSent"] == 0 and scp.associations() == 4
    lines = [line for line in orthanc.log().splitlines() if "opened again" in line]
    assert len(lines) == 3 and "(3 of 3)" in lines[-1]


def test_series_added_or_deleted_after_a_first_c_move_are_matched_as_orthanc_has_them(
        orthanc, storescp, make_data):
    """The plugin remembers a study's series UIDs after its first SERIES-level C-MOVE (XNAT
    moves a study series by series); what Orthanc stores meanwhile still decides."""
    data = make_data(series=3, instances=2)
    study = data.studies()[0]
    first, second, third = study.series
    paths = {s.series_instance_uid: [i.path for i in s.instances] for s in study.series}
    orthanc.upload(paths[first.series_instance_uid] + paths[second.series_instance_uid])
    add_receiver(orthanc, "xnat-a", storescp)
    assert dcmtk.movescu(orthanc.dicom_port, series_keys(study, first), "XNAT").completed == 2
    # Stored after the study was first seen.
    orthanc.upload(paths[third.series_instance_uid])
    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(study, third), "XNAT")
    assert moved.ok and moved.completed == 2, moved.output
    # Deleted after the study was first seen: nothing to send, and no error.
    [orthanc_id] = [h["ID"] for h in orthanc.post("/tools/lookup",
                                                   second.series_instance_uid).json()]
    assert orthanc.delete(f"/series/{orthanc_id}").status_code == 200
    before = len(storescp.received())
    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(study, second), "XNAT")
    assert moved.ok and moved.failed == 0, moved.output  # Orthanc counts an empty match as 1
    assert latest_transfer(orthanc)["InstancesTotal"] == 0
    assert len(storescp.received()) == before
    # And stored again: found again.
    orthanc.upload(paths[second.series_instance_uid])
    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(study, second), "XNAT")
    assert moved.ok and moved.completed == 2, moved.output
    wait_stored(storescp, uids(i for s in study.series for i in s.instances))
    assert "E1" not in "".join(line[:2] for line in orthanc.log().splitlines())


def test_instances_deleted_during_a_c_move_fail_it_where_they_were(orthanc, storescp_factory,
                                                                    make_data):
    """From 8 instances on, the files are read one ahead: instances deleted meanwhile still
    fail the C-MOVE at the first of them, with Orthanc's reason, and nothing after is sent."""
    data = make_data(series=1, instances=10)
    orthanc.upload(data.paths())
    study = data.studies()[0]
    scp = storescp_factory(aet="SLOW", extra=["--sleep-after", "1"])
    add_receiver(orthanc, "slow", scp)
    ids = {i.sop_instance_uid: h["ID"] for i in study.series[0].instances
           for h in orthanc.post("/tools/lookup", i.sop_instance_uid).json()}
    deleted = []

    def delete_the_rest_after_two():
        wait.until(lambda: len(scp.stored_uids()) >= 2, timeout=30, message="2 instances")
        for uid, orthanc_id in ids.items():
            if uid not in scp.stored_uids():
                assert orthanc.delete(f"/instances/{orthanc_id}").status_code == 200
                deleted.append(orthanc_id)

    actor = threading.Thread(target=delete_the_rest_after_two)
    actor.start()
    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(study, study.series[0]), "SLOW")
    actor.join()
    transfer = latest_transfer(orthanc)
    assert transfer["State"] == "Failed" and transfer["InstancesFailed"] == 1, transfer
    assert any(orthanc_id in transfer["Error"] for orthanc_id in deleted), transfer["Error"]
    assert moved.status == 0xB000 and moved.failed == 1, moved.output
    # Sent: the two stored, the one in flight and the one already read when they went.
    assert 2 <= transfer["InstancesSent"] == len(scp.stored_uids()) <= 4
