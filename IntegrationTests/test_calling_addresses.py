"""The caller's address (issue 25): where Orthanc gives the plugin the C-MOVE's connection
(1.12.10 and later, with the plugin built against such an SDK: forky's 1.13.0 here), two XNATs
that share every AE Title are told apart by CallingAddresses. On an older Orthanc the same
registration is refused with 409 and the reason, and the registry is unchanged."""
import threading

from harness import dcmtk, wait
from harness.relay import Relay

# Two callers, each through a relay whose outgoing side binds its own loopback address.
ADDRESS_A, ADDRESS_B = "127.0.0.2", "127.0.0.3"


def gives_address(orthanc):
    major, minor, patch = (int(x) for x in orthanc.get_json("/system")["Version"].split(".")[:3])
    return (major, minor, patch) >= (1, 12, 10)


def twin(orthanc, id_, scp, address):
    return orthanc.post("/xnat-dqr/receivers", {
        "Id": id_, "AET": "XNAT", "Host": "127.0.0.1", "Port": scp.port, "PacsAET": "PACS",
        "CallingAETs": ["XNAT"], "CallingAddresses": [address]})


def move(port, study):
    return dcmtk.movescu(port, {"QueryRetrieveLevel": "STUDY",
                                "StudyInstanceUID": study.study_instance_uid},
                         "XNAT", aet="XNAT", aec="PACS")


def explain(orthanc, address):
    return orthanc.get_json("/xnat-dqr/route?called=PACS&calling=XNAT&destination=XNAT"
                            f"&address={address}")


def test_status_says_which_move_callback_orthanc_calls(orthanc):
    status = orthanc.get_json("/xnat-dqr/status")
    if gives_address(orthanc):
        assert (status["MoveCallback"], status["CallerAddress"]) == ("RegisterMoveCallback2", True)
    else:
        assert (status["MoveCallback"], status["CallerAddress"]) == ("RegisterMoveCallback", False)


def test_twins_sharing_every_ae_title_are_told_apart_by_the_callers_address(
        orthanc, storescp_factory, make_data):
    a, b = storescp_factory(aet="XNAT"), storescp_factory(aet="XNAT")
    made = make_data(studies=2, series=1, instances=3)
    orthanc.upload(made.paths())
    study_a, study_b = made.studies()
    assert twin(orthanc, "xnat-a", a, ADDRESS_A).status_code == 201
    second = twin(orthanc, "xnat-b", b, ADDRESS_B)
    if not gives_address(orthanc):
        # Orthanc 1.10.1 and 1.12.7 do not give the address: nothing tells the two apart.
        assert second.status_code == 409, second.text
        assert "CallingAddresses" in second.text and "1.12.10" in second.text
        assert orthanc.get_json("/xnat-dqr/receivers") == ["xnat-a"]
        return
    assert second.status_code == 201, second.text

    # Both at once, each its own study from its own address.
    with Relay(orthanc.dicom_port, ADDRESS_A) as from_a, \
            Relay(orthanc.dicom_port, ADDRESS_B) as from_b:
        results = {}
        threads = [threading.Thread(target=lambda k, p, s: results.__setitem__(k, move(p, s)),
                                    args=(key, relay.port, study))
                   for key, relay, study in (("a", from_a, study_a), ("b", from_b, study_b))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert results["a"].status == 0x0000 and results["b"].status == 0x0000
    uids_a = {i.sop_instance_uid for i in study_a.instances()}
    uids_b = {i.sop_instance_uid for i in study_b.instances()}
    wait.until(lambda: a.stored_uids() >= uids_a and b.stored_uids() >= uids_b, timeout=30,
               message="each XNAT's own study")
    assert a.stored_uids() == uids_a and b.stored_uids() == uids_b  # and nothing else

    transfers = {t["Receiver"]: t for t in orthanc.get_json("/xnat-dqr/transfers?limit=2")}
    assert transfers["xnat-a"]["CallingAddress"] == ADDRESS_A
    assert transfers["xnat-b"]["CallingAddress"] == ADDRESS_B
    # The explain route agrees with where each C-MOVE went.
    for address, receiver in ((ADDRESS_A, "xnat-a"), (ADDRESS_B, "xnat-b")):
        explained = explain(orthanc, address)
        assert (explained["Receiver"], explained["Address"]) == (receiver, address)
    nobody = explain(orthanc, "127.0.0.9")
    assert nobody["Outcome"] == "Refused" and "CallingAddresses" in nobody["Reason"]


def test_overlapping_addresses_are_a_conflict_and_change_nothing(orthanc, storescp_factory):
    a, b = storescp_factory(aet="XNAT"), storescp_factory(aet="XNAT")
    assert twin(orthanc, "xnat-a", a, "127.0.0.0/8").status_code == 201
    before = orthanc.get_json("/xnat-dqr/receivers?expand")
    answer = twin(orthanc, "xnat-b", b, ADDRESS_B)
    assert answer.status_code == 409, answer.text
    assert "overlap" in answer.json()["Error"]
    assert orthanc.get_json("/xnat-dqr/receivers?expand") == before


def test_bad_addresses_are_refused_by_field(orthanc):
    for bad in (["10.0.0.0/33"], ["xnat.example.org"], "10.0.0.1"):
        answer = orthanc.post("/xnat-dqr/receivers", {
            "Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1", "Port": 1,
            "CallingAddresses": bad})
        assert answer.status_code == 400 and "CallingAddresses" in answer.text, bad
    assert orthanc.get_json("/xnat-dqr/receivers") == []
    answer = orthanc.get("/xnat-dqr/route?called=PACS&calling=XNAT&destination=XNAT"
                         "&address=10.0.0.0/8")
    assert answer.status_code == 400
    assert (answer.json()["Field"], answer.json()["Error"]) == (
        "address", "address \"10.0.0.0/8\" must be one IPv4 or IPv6 address, the caller's")
