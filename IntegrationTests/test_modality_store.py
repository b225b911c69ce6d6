"""Every send to a Receiver obeys its schedule: Orthanc's own POST /modalities/{id}/store and
/store-straight to a Receiver's entry become Queued Transfers; other modalities keep Orthanc's
built-in route."""
import pytest

from harness import wait
from test_queue import CLOSED, add_receiver, open_all_week, transfer


@pytest.fixture
def setup(orthanc, storescp_factory, make_data):
    made = make_data(series=2, instances=3)
    orthanc.upload(made.paths())
    receiver = storescp_factory()
    add_receiver(orthanc, "xnat-a", receiver, Schedule=CLOSED, OutsideWindow="Queue")
    plain = storescp_factory(aet="PLAIN")
    assert orthanc.put("/modalities/plain", {"AET": "PLAIN", "Host": "127.0.0.1",
                                             "Port": plain.port}).status_code == 200
    study = orthanc.get_json("/studies")[0]
    return receiver, plain, study, made


def store_jobs(orthanc):
    return [job for job in (orthanc.get_json(f"/jobs/{i}") for i in orthanc.get_json("/jobs"))
            if job["Type"] == "DicomModalityStore"]


def test_explorer_send_to_a_closed_receiver_is_queued_then_sent(orthanc, setup):
    receiver, _, study, made = setup
    # What Orthanc Explorer's "Send to DICOM modality" posts.
    answer = orthanc.post("/modalities/xnat-a/store", {"Synchronous": False, "Resources": [study]})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    id_ = body["Transfer"]["Id"]
    assert body["ID"] == f"xnat-dqr-transfer-{id_}"
    assert body["Path"] == f"/xnat-dqr/transfers/{id_}"
    queued = transfer(orthanc, id_)
    assert (queued["State"], queued["Origin"], queued["InstancesTotal"]) == ("Queued", "REST", 6)
    assert queued["Query"]["Via"] == "/modalities/xnat-a/store"
    assert store_jobs(orthanc) == []  # nothing went out through Orthanc's jobs engine
    assert receiver.received() == []

    orthanc.put("/xnat-dqr/receivers/xnat-a/schedule", open_all_week())
    wait.until(lambda: transfer(orthanc, id_)["State"] == "Succeeded", timeout=30,
               message="the queued send")
    assert receiver.stored_uids() == {i.sop_instance_uid for i in made.instances()}
    assert store_jobs(orthanc) == []


def test_other_modalities_keep_orthancs_own_route(orthanc, setup):
    _, plain, study, made = setup
    before = orthanc.get_json("/xnat-dqr/transfers")
    answer = orthanc.post("/modalities/plain/store", {"Synchronous": True, "Resources": [study]})
    assert answer.status_code == 200, answer.text
    assert answer.json()["InstancesCount"] == 6  # Orthanc's own answer
    assert plain.stored_uids() == {i.sop_instance_uid for i in made.instances()}
    assert orthanc.get_json("/xnat-dqr/transfers") == before
    # Orthanc's errors come through: an unknown modality.
    assert orthanc.post("/modalities/nobody/store", [study]).status_code == 404


def test_every_body_form_and_store_straight(orthanc, setup, make_data):
    receiver, _, study, _ = setup
    series = orthanc.get_json(f"/studies/{study}")["Series"]
    as_text = orthanc.session.post(orthanc.url + "/modalities/xnat-a/store", data=series[0])
    assert as_text.status_code == 200, as_text.text
    assert transfer(orthanc, as_text.json()["Transfer"]["Id"])["InstancesTotal"] == 3
    as_list = orthanc.post("/modalities/xnat-a/store", [series[1]])
    assert transfer(orthanc, as_list.json()["Transfer"]["Id"])["Level"] == "Series"

    extra = make_data(series=1, instances=1)
    with open(extra.paths()[0], "rb") as dicom:
        straight = orthanc.session.post(orthanc.url + "/modalities/xnat-a/store-straight",
                                        data=dicom.read())
    assert straight.status_code == 200, straight.text
    sent = transfer(orthanc, straight.json()["Transfer"]["Id"])
    assert (sent["State"], sent["InstancesTotal"]) == ("Queued", 1)
    assert sent["Query"]["Via"] == "/modalities/xnat-a/store-straight"
    assert receiver.received() == []


@pytest.mark.parametrize("body, field", [
    ({"Resources": []}, "Resources"),
    ({"Resources": ["0000"]}, "Resources"),
    ({"Resources": ["x"], "Colour": 1}, "Colour"),
    ({"Resources": "not a list"}, "Resources"),
    (42, "Resources"),
    ({"Resources": ["x"], "LocalAet": "NOT AN AE TITLE WITH SPACES PAST 16"}, "LocalAet"),
])
def test_bad_bodies_are_refused_and_queue_nothing(orthanc, setup, body, field):
    before = orthanc.get_json("/xnat-dqr/transfers")
    answer = orthanc.post("/modalities/xnat-a/store", body)
    assert answer.status_code == 400, answer.text
    assert field in answer.json()["Error"]
    assert orthanc.get_json("/xnat-dqr/transfers") == before
    straight = orthanc.session.post(orthanc.url + "/modalities/xnat-a/store-straight",
                                    data=b"not DICOM")
    assert straight.status_code == 400 and "DICOM" in straight.json()["Error"]
    assert orthanc.get_json("/xnat-dqr/transfers") == before


def test_a_transfer_says_what_it_sends(orthanc, setup):
    """The study in words, recorded when the Transfer is made: patient, accession, description,
    modalities, and how many studies it spans."""
    _, _, study, made = setup
    answer = orthanc.post("/xnat-dqr/transfers", {"Receiver": "xnat-a", "Resources": [study]})
    described = answer.json()["Study"]
    patient = made.patients[0]
    assert described == {
        "PatientName": f"Test^{patient.patient_id}", "PatientID": patient.patient_id,
        "AccessionNumber": patient.studies[0].accession_number,
        "StudyDescription": "xnat-dqr test", "StudyDate": described["StudyDate"],
        "Modalities": ["OT"], "Studies": 1}
    assert len(described["StudyDate"]) == 8
    # Kept by the store: the same after a restart.
    orthanc.stop()
    orthanc.start()
    assert transfer(orthanc, answer.json()["Id"])["Study"] == described


@pytest.mark.parametrize("own_local_aet", [None, "RECEIVERAET"])
def test_a_bodys_local_aet_is_honoured_as_the_running_orthanc_would(orthanc, storescp_factory,
                                                                     make_data, own_local_aet):
    """Orthanc 1.13.0 lets a body's LocalAet win over the modality's own LocalAet; before, it
    replaced DicomAet only. A send to a Receiver does as the running Orthanc does."""
    made = make_data(series=1, instances=2)
    orthanc.upload(made.paths())
    receiver = storescp_factory()
    extra = {"LocalAet": own_local_aet} if own_local_aet else {}
    add_receiver(orthanc, "xnat-a", receiver, **extra)
    study = orthanc.get_json("/studies")[0]
    answer = orthanc.post("/modalities/xnat-a/store", {"Resources": [study], "LocalAet": "BODYAET"})
    assert answer.status_code == 200, answer.text
    id_ = answer.json()["Transfer"]["Id"]
    wait.until(lambda: transfer(orthanc, id_)["State"] == "Succeeded", timeout=30,
               message="the send")
    version = tuple(int(x) for x in orthanc.get_json("/system")["Version"].split(".")[:3])
    body_wins = version >= (1, 13, 0) or own_local_aet is None
    expected = "BODYAET" if body_wins else own_local_aet
    assert {r.calling_aet for r in receiver.received() if r.stored} == {expected}
