"""Two XNATs left at XNAT's defaults: both call as XNAT, both receive as XNAT. The plugin tells
them apart by the AE Title each calls the PACS by (PacsAET)."""
import threading

import pytest

from harness import dcmtk, wait
from harness.orthanc import STRICT
from harness.relay import Relay


def add(orthanc, id_, scp, host="127.0.0.1", **extra):
    body = {"Id": id_, "AET": scp.aet, "Host": host, "Port": scp.port}
    body.update(extra)
    answer = orthanc.post("/xnat-dqr/receivers", body)
    assert answer.status_code == 201, answer.text
    return answer.json()


def series_keys(study, series):
    return {"QueryRetrieveLevel": "SERIES", "StudyInstanceUID": study.study_instance_uid,
            "SeriesInstanceUID": series.series_instance_uid}


def uids(instances):
    return {i.sop_instance_uid for i in instances}


def latest_transfer(orthanc):
    return orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]


def explain(orthanc, called, calling, destination):
    return orthanc.get_json(f"/xnat-dqr/route?called={called}&calling={calling}"
                            f"&destination={destination}")


@pytest.fixture
def strict_orthanc(orthanc_factory):
    """Only known AE Titles may find and move: the XNATs' modality entries must carry them."""
    return orthanc_factory(config=dict(STRICT))


@pytest.fixture
def study(strict_orthanc, make_data):
    data = make_data(studies=1, series=4, instances=3)
    strict_orthanc.upload(data.paths())
    return data.studies()[0]


@pytest.fixture
def defaults(strict_orthanc, storescp_factory):
    """Receiver A (PACSA, no CallingAETs) and B (PACSB, CallingAETs [XNAT]), both AET XNAT."""
    a = storescp_factory(aet="XNAT")
    b = storescp_factory(aet="XNAT")
    add(strict_orthanc, "xnat-a", a, PacsAET="PACSA")
    add(strict_orthanc, "xnat-b", b, PacsAET="PACSB", CallingAETs=["XNAT"])
    return a, b


def test_orthanc_hands_the_called_aet_to_the_plugin(strict_orthanc, defaults, study):
    moved = dcmtk.movescu(strict_orthanc.dicom_port, series_keys(study, study.series[0]), "XNAT",
                          aet="XNAT", aec="PACSA")
    assert moved.ok, moved.output
    transfer = latest_transfer(strict_orthanc)
    assert (transfer["CalledAET"], transfer["CallingAET"], transfer["DestinationAET"]) == (
        "PACSA", "XNAT", "XNAT")


def test_each_xnat_at_defaults_gets_its_own_series(strict_orthanc, defaults, study):
    a, b = defaults
    first, second = study.series[0], study.series[1]
    moved = dcmtk.movescu(strict_orthanc.dicom_port, series_keys(study, first), "XNAT",
                          aet="XNAT", aec="PACSA")
    assert moved.ok and moved.completed == 3, moved.output
    wait.until(lambda: a.stored_uids() == uids(first.instances), timeout=15, message="A")
    assert b.received() == []
    assert latest_transfer(strict_orthanc)["Receiver"] == "xnat-a"

    moved = dcmtk.movescu(strict_orthanc.dicom_port, series_keys(study, second), "XNAT",
                          aet="XNAT", aec="PACSB")
    assert moved.ok and moved.completed == 3, moved.output
    wait.until(lambda: b.stored_uids() == uids(second.instances), timeout=15, message="B")
    assert a.stored_uids() == uids(first.instances)
    assert latest_transfer(strict_orthanc)["Receiver"] == "xnat-b"


def test_both_xnats_at_once_never_get_each_others_data(strict_orthanc, defaults, study):
    a, b = defaults
    jobs = [("PACSA", study.series[0]), ("PACSB", study.series[1]),
            ("PACSA", study.series[2]), ("PACSB", study.series[3])]
    results = []

    def move(called, series):
        for _ in range(3):
            results.append(dcmtk.movescu(strict_orthanc.dicom_port, series_keys(study, series),
                                         "XNAT", aet="XNAT", aec=called))

    threads = [threading.Thread(target=move, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 12 and all(r.ok for r in results), [r.output for r in results]
    expected_a = uids(study.series[0].instances) | uids(study.series[2].instances)
    expected_b = uids(study.series[1].instances) | uids(study.series[3].instances)
    wait.until(lambda: len(a.received()) == 18 and len(b.received()) == 18, timeout=30,
               message="18 C-STOREs at each receiver")
    assert {r.sop_instance_uid for r in a.received()} == expected_a
    assert {r.sop_instance_uid for r in b.received()} == expected_b


@pytest.mark.parametrize("called", ["PACSA", "PACSB"])
def test_echo_and_find_work_under_each_pacs_aet(strict_orthanc, defaults, study, called):
    assert dcmtk.echoscu(strict_orthanc.dicom_port, aec=called, aet="XNAT").ok
    found = dcmtk.findscu(strict_orthanc.dicom_port, {"QueryRetrieveLevel": "SERIES",
                                                      "StudyInstanceUID": study.study_instance_uid,
                                                      "SeriesInstanceUID": None},
                          aec=called, aet="XNAT")
    assert found.ok, found.output
    assert found.values("SeriesInstanceUID") == sorted(
        s.series_instance_uid for s in study.series)


@pytest.mark.parametrize("called", ["PACSA", "ORTHANC", "ANYTHING"])
def test_a_receiver_without_pacs_aet_takes_any_called_aet(strict_orthanc, defaults, study,
                                                          storescp_factory, called):
    c = storescp_factory(aet="XNATC")
    add(strict_orthanc, "xnat-c", c)
    series = study.series[0]
    moved = dcmtk.movescu(strict_orthanc.dicom_port, series_keys(study, series), "XNATC",
                          aet="XNATC", aec=called)
    assert moved.ok, moved.output
    wait.until(lambda: c.stored_uids() == uids(series.instances), timeout=15, message="C")
    assert latest_transfer(strict_orthanc)["CalledAET"] == called


def test_callers_still_route_a_receiver_without_pacs_aet(strict_orthanc, defaults, study,
                                                         storescp_factory):
    a, b = defaults
    d = storescp_factory(aet="XNAT")
    add(strict_orthanc, "xnat-d", d, CallingAETs=["XNATD"])
    series = study.series[0]
    moved = dcmtk.movescu(strict_orthanc.dicom_port, series_keys(study, series), "XNAT",
                          aet="XNATD", aec="ORTHANC")
    assert moved.ok, moved.output
    wait.until(lambda: d.stored_uids() == uids(series.instances), timeout=15, message="D")
    assert a.received() == [] and b.received() == []


def test_a_c_move_nobody_can_claim_is_refused_with_nothing_sent(strict_orthanc, defaults, study,
                                                                storescp_factory):
    a, b = defaults
    d = storescp_factory(aet="XNAT")
    add(strict_orthanc, "xnat-d", d, CallingAETs=["XNATD"])
    # Called ORTHANC: A and B drop out (their PacsAETs differ); D does not list XNAT.
    moved = dcmtk.movescu(strict_orthanc.dicom_port, series_keys(study, study.series[0]),
                          "XNAT", aet="XNAT", aec="ORTHANC")
    assert moved.status == 0xC000, moved.output
    assert a.received() == [] and b.received() == [] and d.received() == []
    lines = [line for line in strict_orthanc.log().splitlines() if "C-MOVE refused" in line]
    assert len(lines) == 1, lines
    assert "called ORTHANC, caller XNAT, destination XNAT" in lines[0]
    assert "Receivers left: none" in lines[0]
    assert latest_transfer(strict_orthanc)["State"] == "Failed"


def test_a_second_xnat_at_defaults_gets_409_with_a_free_pacs_aet(strict_orthanc,
                                                                  storescp_factory):
    a = storescp_factory(aet="XNAT")
    b = storescp_factory(aet="XNAT")
    add(strict_orthanc, "xnat-a", a)
    before = strict_orthanc.get("/xnat-dqr/receivers?expand").json()
    modalities = strict_orthanc.get_json("/modalities?expand")
    body = {"Id": "xnat-b", "AET": "XNAT", "Host": "127.0.0.1", "Port": b.port}
    answer = strict_orthanc.post("/xnat-dqr/receivers", body)
    assert answer.status_code == 409, answer.text
    error = answer.json()
    assert error["Conflict"] == "xnat-a" and "xnat-a" in error["Error"]
    suggestion = error["Suggestion"]["PacsAET"]
    assert suggestion == "ORTHANC-XNAT-B"
    assert strict_orthanc.get("/xnat-dqr/receivers?expand").json() == before
    assert strict_orthanc.get_json("/modalities?expand") == modalities

    body["PacsAET"] = suggestion
    assert strict_orthanc.post("/xnat-dqr/receivers", body).status_code == 201
    settings = strict_orthanc.get_json("/xnat-dqr/receivers/xnat-b/xnat-settings")
    assert settings["Pacs"]["aeTitle"] == suggestion
    assert strict_orthanc.get_json(
        "/xnat-dqr/receivers/xnat-a/xnat-settings")["Pacs"]["aeTitle"] == "ORTHANC"


def test_pacs_aet_follows_the_ae_title_rules(strict_orthanc, storescp):
    for bad in ["", "A" * 17, "BACK\\SLASH", "    ", 42]:
        answer = strict_orthanc.post("/xnat-dqr/receivers", {
            "Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1", "Port": storescp.port,
            "PacsAET": bad})
        assert answer.status_code == 400 and answer.json()["Field"] == "PacsAET", answer.text
    assert strict_orthanc.get_json("/xnat-dqr/receivers") == []


def test_dicom_check_called_aet_allows_only_dicom_aet(orthanc_factory, storescp):
    orthanc = orthanc_factory(config={"DicomCheckCalledAet": True})
    body = {"Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1", "Port": storescp.port,
            "PacsAET": "PACSA"}
    answer = orthanc.post("/xnat-dqr/receivers", body)
    assert answer.status_code == 400, answer.text
    assert answer.json()["Field"] == "PacsAET"
    assert "DicomCheckCalledAet" in answer.json()["Error"]
    assert orthanc.get_json("/xnat-dqr/receivers") == []
    body["PacsAET"] = "ORTHANC"
    assert orthanc.post("/xnat-dqr/receivers", body).status_code == 201


def test_pacs_aet_from_the_configuration_file(orthanc_factory, storescp_factory, make_data):
    a = storescp_factory(aet="XNAT")
    b = storescp_factory(aet="XNAT")
    receivers = {"conf-a": {"AET": "XNAT", "Host": "127.0.0.1", "Port": a.port,
                            "PacsAET": "PACSA"},
                 "conf-b": {"AET": "XNAT", "Host": "127.0.0.1", "Port": b.port,
                            "PacsAET": "PACSB"}}
    orthanc = orthanc_factory(config={"XnatDqr": {"Receivers": receivers}})
    data = make_data(series=1, instances=2)
    orthanc.upload(data.paths())
    study = data.studies()[0]
    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(study, study.series[0]), "XNAT",
                          aet="XNAT", aec="PACSB")
    assert moved.ok, moved.output
    wait.until(lambda: len(b.stored_uids()) == 2, timeout=15, message="B")
    assert a.received() == []
    assert orthanc.get_json("/xnat-dqr/receivers/conf-b")["PacsAET"] == "PACSB"


# What Orthanc 1.10.1 does with callers that share an AE Title (docs/DICOM.md):
# - an association is checked against the first DicomModalities entry with the calling AET
#   (by name) unless any DicomAlwaysAllow* is true; with DicomCheckModalityHost, only that
#   entry's host gets in;
# - a request (echo, find, move) is allowed when an entry with the caller's host allows it, or
#   when every entry with that AET allows it.
@pytest.mark.parametrize("check_host, always_echo, second_host_in", [
    (False, False, True), (True, True, True), (True, False, False)])
def test_two_xnats_calling_as_xnat_from_two_hosts(orthanc_factory, storescp_factory, make_data,
                                                  check_host, always_echo, second_host_in):
    config = dict(STRICT)
    config["DicomCheckModalityHost"] = check_host
    config["DicomAlwaysAllowEcho"] = always_echo
    orthanc = orthanc_factory(config=config)
    data = make_data(series=1, instances=1)
    orthanc.upload(data.paths())
    study = data.studies()[0]
    a = storescp_factory(aet="XNAT")
    b = storescp_factory(aet="XNAT")  # storescp listens on every address, 127.0.0.2 too
    add(orthanc, "xnat-a", a, host="127.0.0.1", PacsAET="PACSA")
    add(orthanc, "xnat-b", b, host="127.0.0.2", PacsAET="PACSB")
    keys = {"QueryRetrieveLevel": "STUDY", "StudyInstanceUID": None}
    move_keys = {"QueryRetrieveLevel": "STUDY", "StudyInstanceUID": study.study_instance_uid}
    with Relay(orthanc.dicom_port, "127.0.0.2") as from_b:
        assert dcmtk.echoscu(orthanc.dicom_port, aec="PACSA", aet="XNAT").ok
        found = dcmtk.findscu(orthanc.dicom_port, keys, aec="PACSA", aet="XNAT")
        assert found.ok and len(found.answers) == 1, found.output
        assert dcmtk.echoscu(from_b.port, aec="PACSB", aet="XNAT").ok is second_host_in
        found = dcmtk.findscu(from_b.port, keys, aec="PACSB", aet="XNAT")
        assert found.ok is second_host_in, found.output
        moved = dcmtk.movescu(from_b.port, move_keys, "XNAT", aec="PACSB", aet="XNAT")
        assert moved.ok is second_host_in, moved.output
        if second_host_in:
            wait.until(lambda: len(b.stored_uids()) == 1, timeout=15, message="B")
        assert a.received() == []


def test_explain_agrees_with_what_each_c_move_does(strict_orthanc, defaults, study,
                                                   storescp_factory):
    a, b = defaults
    c = storescp_factory(aet="XNATC")
    d = storescp_factory(aet="XNAT")
    add(strict_orthanc, "xnat-c", c)
    add(strict_orthanc, "xnat-d", d, CallingAETs=["XNATD"])
    scps = {"xnat-a": a, "xnat-b": b, "xnat-c": c, "xnat-d": d}
    cases = [("PACSA", "XNAT", "XNAT", "xnat-a"), ("PACSB", "XNAT", "XNAT", "xnat-b"),
             ("ORTHANC", "XNATD", "XNAT", "xnat-d"), ("ANYTHING", "XNATC", "XNATC", "xnat-c"),
             ("ORTHANC", "XNAT", "XNAT", None), ("PACSA", "XNAT", "NOBODY", None)]
    series = study.series[0]
    for called, calling, destination, expected in cases:
        answer = explain(strict_orthanc, called, calling, destination)
        assert (answer["Called"], answer["Calling"], answer["Destination"]) == (
            called, calling, destination)
        assert answer["Receiver"] == expected, answer
        before = {id_: len(scp.received()) for id_, scp in scps.items()}
        moved = dcmtk.movescu(strict_orthanc.dicom_port, series_keys(study, series), destination,
                              aet=calling, aec=called)
        if expected is None:
            assert answer["Outcome"] == "Refused" and answer["Action"] == "Refuse"
            assert moved.status == 0xC000, moved.output
            assert answer["Reason"] in latest_transfer(strict_orthanc)["Error"]
        else:
            assert (answer["Outcome"], answer["Action"]) == ("Receiver", "Send"), answer
            assert answer["Schedule"]["Open"] is True
            assert moved.ok, moved.output
            wait.until(lambda: len(scps[expected].received()) == before[expected] + 3,
                       timeout=15, message=expected)
        after = {id_: len(scp.received()) for id_, scp in scps.items()}
        assert all(after[i] == before[i] for i in scps if i != expected), (called, after)

    dropped = explain(strict_orthanc, "PACSB", "XNAT", "XNAT")["Candidates"]
    by_id = {candidate["Receiver"]: candidate for candidate in dropped}
    assert set(by_id) == {"xnat-a", "xnat-b", "xnat-d"}
    assert by_id["xnat-b"]["Kept"] and not by_id["xnat-a"]["Kept"]
    assert "PACSA" in by_id["xnat-a"]["Reason"]
    assert "another Receiver's PacsAET" in by_id["xnat-d"]["Reason"]


@pytest.mark.parametrize("policy, action", [("Refuse", "Refuse"), ("Queue", "Queue")])
def test_explain_says_what_a_closed_schedule_does(strict_orthanc, study, storescp, policy,
                                                  action):
    add(strict_orthanc, "closed", storescp, PacsAET="PACSX", Schedule={}, OutsideWindow=policy)
    answer = explain(strict_orthanc, "PACSX", "XNAT", storescp.aet)
    assert (answer["Receiver"], answer["Action"]) == ("closed", action), answer
    assert answer["Schedule"]["Open"] is False and answer["Schedule"]["Window"] is None
    assert "outside the schedule" in answer["ActionReason"]
    moved = dcmtk.movescu(strict_orthanc.dicom_port, series_keys(study, study.series[0]),
                          storescp.aet, aet="XNAT", aec="PACSX")
    transfer = latest_transfer(strict_orthanc)
    if action == "Queue":
        assert moved.ok and transfer["State"] == "Queued", moved.output
    else:
        assert moved.status == 0xB000 and transfer["State"] == "Failed", moved.output
    assert storescp.received() == []


def test_explain_refuses_malformed_arguments(strict_orthanc):
    for query, field in [("calling=XNAT&destination=XNAT", "called"),
                         ("called=PACSA&destination=XNAT", "calling"),
                         ("called=PACSA&calling=XNAT", "destination"),
                         ("called=" + "A" * 17 + "&calling=XNAT&destination=XNAT", "called"),
                         ("called=PACSA&calling=&destination=XNAT", "calling")]:
        answer = strict_orthanc.get("/xnat-dqr/route?" + query)
        assert answer.status_code == 400 and answer.json()["Field"] == field, answer.text
        assert field in answer.json()["Error"]
