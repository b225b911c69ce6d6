"""The caller's address (issue 25): where Orthanc gives the plugin the C-MOVE's connection
(1.12.10 and later, with the plugin built against such an SDK: forky's 1.13.0 here), two XNATs
that share every AE Title are told apart by CallingAddresses. On an older Orthanc the same
request is refused with the reason, and the registry is unchanged."""
from harness import dcmtk, wait
from harness.relay import Relay

ADDRESS_A, ADDRESS_B = "127.0.0.1", "127.0.0.2"  # B calls through a relay from 127.0.0.2


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


def test_status_says_which_move_callback_orthanc_calls(orthanc):
    status = orthanc.get_json("/xnat-dqr/status")
    if gives_address(orthanc):
        assert (status["MoveCallback"], status["CallerAddress"]) == ("RegisterMoveCallback2", True)
    else:
        assert (status["MoveCallback"], status["CallerAddress"]) == ("RegisterMoveCallback", False)


def test_twins_sharing_every_ae_title_are_told_apart_by_the_callers_address(
        orthanc, storescp_factory, make_data):
    a, b = storescp_factory(aet="XNAT"), storescp_factory(aet="XNAT")
    made = make_data(series=1, instances=2)
    orthanc.upload(made.paths())
    study = made.studies()[0]
    first = twin(orthanc, "xnat-a", a, ADDRESS_A)
    if not gives_address(orthanc):
        # Orthanc 1.10.1 and 1.12.7 do not give the address: it could never be checked.
        assert first.status_code == 400, first.text
        assert "CallingAddresses" in first.text and "1.12.10" in first.text
        assert orthanc.get_json("/xnat-dqr/receivers") == []
        return
    assert first.status_code == 201, first.text
    second = twin(orthanc, "xnat-b", b, ADDRESS_B)
    assert second.status_code == 201, second.text
    wanted = {i.sop_instance_uid for i in study.instances()}

    with Relay(orthanc.dicom_port, ADDRESS_B) as from_b:
        assert move(from_b.port, study).status == 0x0000
    wait.until(lambda: b.stored_uids() >= wanted, timeout=30, message="delivery to xnat-b")
    assert a.stored_uids() == set()
    transfer = orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]
    assert (transfer["Receiver"], transfer["CallingAddress"]) == ("xnat-b", ADDRESS_B)

    assert move(orthanc.dicom_port, study).status == 0x0000
    wait.until(lambda: a.stored_uids() >= wanted, timeout=30, message="delivery to xnat-a")
    transfer = orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]
    assert (transfer["Receiver"], transfer["CallingAddress"]) == ("xnat-a", ADDRESS_A)

    explained = orthanc.get_json("/xnat-dqr/route?called=PACS&calling=XNAT&destination=XNAT"
                                 f"&address={ADDRESS_B}")
    assert (explained["Receiver"], explained["Address"]) == ("xnat-b", ADDRESS_B)
    nobody = orthanc.get_json("/xnat-dqr/route?called=PACS&calling=XNAT&destination=XNAT"
                              "&address=127.0.0.9")
    assert nobody["Outcome"] == "Refused" and "CallingAddresses" in nobody["Reason"]


def test_overlapping_addresses_are_a_conflict_and_change_nothing(orthanc, storescp_factory):
    a, b = storescp_factory(aet="XNAT"), storescp_factory(aet="XNAT")
    if not gives_address(orthanc):
        assert twin(orthanc, "xnat-a", a, "127.0.0.0/8").status_code == 400
        return
    assert twin(orthanc, "xnat-a", a, "127.0.0.0/8").status_code == 201
    before = orthanc.get_json("/xnat-dqr/receivers?expand")
    answer = twin(orthanc, "xnat-b", b, ADDRESS_B)
    assert answer.status_code == 409, answer.text
    assert "overlap" in answer.json()["Error"]
    assert orthanc.get_json("/xnat-dqr/receivers?expand") == before


def test_explain_refuses_an_address_that_is_not_one(orthanc):
    answer = orthanc.get("/xnat-dqr/route?called=PACS&calling=XNAT&destination=XNAT"
                         "&address=10.0.0.0/8")
    assert answer.status_code == 400
    assert "address" in answer.text
