"""Hostile input: C-MOVE keys matched exactly, strict JSON, clean text in and out."""
import pytest

from harness import dcmtk


def receiver_body(port, **extra):
    body = {"Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1", "Port": port}
    body.update(extra)
    return body


@pytest.fixture
def data(orthanc, make_data, storescp):
    made = make_data(patients=1, studies=1, series=2, instances=2)
    orthanc.upload(made.paths())
    answer = orthanc.post("/xnat-dqr/receivers", receiver_body(storescp.port))
    assert answer.status_code == 201, answer.text
    return made


def refusals(orthanc):
    return [line for line in orthanc.log().splitlines() if "C-MOVE refused" in line]


@pytest.mark.parametrize("model, level, key, value", [
    ("patient", "PATIENT", "PatientID", "*"),
    ("patient", "PATIENT", "PatientID", "P1-?"),
    ("patient", "PATIENT", "PatientID", ""),
    ("patient", "STUDY", "StudyInstanceUID", "1.2.*"),
    ("study", "STUDY", "StudyInstanceUID", "*"),
    ("study", "STUDY", "StudyInstanceUID", "1.2.3-1.2.9"),
    ("study", "STUDY", "AccessionNumber", "*"),
    ("study", "STUDY", "AccessionNumber", "ADBAD?"),
    ("study", "SERIES", "SeriesInstanceUID", "*"),
    ("study", "SERIES", "SeriesInstanceUID", ""),
    ("study", "IMAGE", "SOPInstanceUID", "1.2.?"),
    ("patient", "IMAGE", "SOPInstanceUID", "*"),
])
def test_c_move_keys_are_matched_exactly(orthanc, storescp, data, model, level, key, value):
    patient = data.patients[0]
    study = patient.studies[0]
    keys = {"QueryRetrieveLevel": level, "PatientID": patient.patient_id}
    if level in ("SERIES", "IMAGE"):
        keys["StudyInstanceUID"] = study.study_instance_uid
    if level == "IMAGE":
        keys["SeriesInstanceUID"] = study.series[0].series_instance_uid
    keys[key] = value
    moved = dcmtk.movescu(orthanc.dicom_port, keys, "XNAT", model=model)
    assert moved.status == 0xC000, moved.output
    assert storescp.received() == []
    lines = refusals(orthanc)
    assert len(lines) == 1 and key in lines[0], lines
    transfer = orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]
    assert transfer["State"] == "Failed" and key in transfer["Error"]


def test_an_exact_accession_number_still_moves_its_study(orthanc, storescp, data):
    study = data.patients[0].studies[0]
    moved = dcmtk.movescu(orthanc.dicom_port, {"QueryRetrieveLevel": "STUDY",
                                               "AccessionNumber": study.accession_number},
                          "XNAT")
    assert moved.ok and moved.completed == 4, moved.output


@pytest.mark.parametrize("text", ['"Timeout": +104', '"Port": 0104', '"Timeout": 1.',
                                  '"Timeout": NaN', '"Timeout": 10, "Timeout": 11',
                                  '"Timeout": 10,', '"Timeout": 10 /* c */'])
def test_bodies_that_are_not_json_are_refused(orthanc, storescp, text):
    before = orthanc.get("/xnat-dqr/receivers?expand").content
    body = ('{"Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1", "Port": %d, %s}'
            % (storescp.port, text))
    answer = orthanc.post("/xnat-dqr/receivers", body)
    assert answer.status_code == 400, answer.text
    assert "not valid JSON" in answer.json()["Error"]
    assert orthanc.get("/xnat-dqr/receivers?expand").content == before


def test_a_nul_in_a_resource_id_is_refused(orthanc, data):
    study = orthanc.get_json("/studies")[0]
    before = orthanc.get("/xnat-dqr/transfers").content
    answer = orthanc.post("/xnat-dqr/transfers",
                          '{"Receiver": "xnat-a", "Resources": ["%s\\u0000"]}' % study)
    assert answer.status_code == 400, answer.text
    assert answer.json()["Field"] == "Resources[0]" and "NUL" in answer.json()["Error"]
    assert orthanc.get("/xnat-dqr/transfers").content == before


@pytest.mark.parametrize("uri", ["/xnat-dqr/receivers/%FF%FE", "/xnat-dqr/transfers/%C0%80",
                                 "/xnat-dqr/receivers/x%1B", "/xnat-dqr/receivers/%FF/echo",
                                 "/xnat-dqr/transfers?receiver=%FF"])
def test_identifiers_must_be_clean_text_and_answers_valid_utf8(orthanc, uri):
    refused = 0
    for method in ("GET", "PUT", "POST", "DELETE"):
        answer = orthanc.session.request(method, orthanc.url + uri, data="{}", timeout=30)
        assert answer.status_code in (400, 405), (method, answer.status_code, answer.content)
        answer.content.decode("utf-8")  # raises on invalid UTF-8
        if answer.status_code == 400 and answer.json()["Field"] in ("URI", "receiver"):
            refused += 1
    assert refused >= 1


def test_a_nul_in_the_uri_cannot_reach_another_receiver(orthanc, storescp):
    # Orthanc decodes %00 and hands the plugin C strings, so "a%00b" arrives as "a": the
    # plugin cannot tell. The answer is still a plain 404 in valid UTF-8 (docs/SECURITY.md).
    answer = orthanc.get("/xnat-dqr/receivers/a%00b")
    assert answer.status_code == 404
    answer.content.decode("utf-8")


def test_invalid_utf8_in_a_body_is_refused(orthanc, storescp):
    raw = ('{"Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1", "Port": %d, "Label": "\xff"}'
           % storescp.port).encode("latin-1")
    answer = orthanc.post("/xnat-dqr/receivers", raw)
    assert answer.status_code == 400, answer.text
    answer.content.decode("utf-8")
    assert "UTF-8" in answer.json()["Error"]
    assert orthanc.get_json("/xnat-dqr/receivers") == []


def test_without_fallback_only_receivers_are_reachable(orthanc_factory, storescp_factory,
                                                       make_data):
    orthanc = orthanc_factory(config={"XnatDqr": {"FallbackToModalities": False}})
    xnat = storescp_factory(aet="XNAT")
    other = storescp_factory(aet="PACS2")
    assert orthanc.post("/xnat-dqr/receivers", receiver_body(xnat.port)).status_code == 201
    assert orthanc.put("/modalities/pacs2", {"AET": "PACS2", "Host": "127.0.0.1",
                                             "Port": other.port}).status_code == 200
    made = make_data(series=1, instances=1)
    orthanc.upload(made.paths())
    keys = {"QueryRetrieveLevel": "STUDY",
            "StudyInstanceUID": made.studies()[0].study_instance_uid}
    refused = dcmtk.movescu(orthanc.dicom_port, keys, "PACS2")
    assert refused.status == 0xC000, refused.output
    assert other.received() == []
    assert "FallbackToModalities is false" in orthanc.get_json(
        "/xnat-dqr/transfers?limit=1")[0]["Error"]
    route = orthanc.get_json("/xnat-dqr/route?called=ORTHANC&calling=X&destination=PACS2")
    assert route["Outcome"] == "Refused" and "FallbackToModalities" in route["Reason"]
    assert dcmtk.movescu(orthanc.dicom_port, keys, "XNAT").ok
    assert orthanc.get_json("/xnat-dqr/status")["Configuration"]["FallbackToModalities"] is False
