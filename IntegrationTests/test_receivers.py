"""Receivers: REST registry, persistence, configuration Receivers, Orthanc's modalities in step."""
import time

import pytest

from harness import dcmtk
from harness.orthanc import STRICT


def receiver(id_, aet="XNAT", port=11112, **extra):
    body = {"Id": id_, "AET": aet, "Host": "127.0.0.1", "Port": port}
    body.update(extra)
    return body


def test_create_list_expand_replace_delete(orthanc):
    created = orthanc.post("/xnat-dqr/receivers", receiver("xnat-a", CallingAETs=["XNATA"]))
    assert created.status_code == 201, created.text
    assert created.json()["Source"] == "Api"
    assert created.json()["Label"] == "xnat-a"
    assert orthanc.get_json("/xnat-dqr/receivers") == ["xnat-a"]
    assert orthanc.get_json("/xnat-dqr/receivers?expand") == [created.json()]

    replaced = orthanc.put("/xnat-dqr/receivers/xnat-a",
                           {"AET": "XNATPROD", "Host": "127.0.0.1", "Port": 11112,
                            "Label": "XNAT production"})
    assert replaced.status_code == 200, replaced.text
    assert orthanc.get_json("/xnat-dqr/receivers/xnat-a")["AET"] == "XNATPROD"
    assert orthanc.get_json("/xnat-dqr/receivers/xnat-a")["CallingAETs"] == []

    made = orthanc.put("/xnat-dqr/receivers/xnat-b", receiver("xnat-b", port=11113))
    assert made.status_code == 201
    assert orthanc.get_json("/xnat-dqr/status")["Counts"]["Receivers"] == 2

    assert orthanc.delete("/xnat-dqr/receivers/xnat-a").status_code == 204
    assert orthanc.get("/xnat-dqr/receivers/xnat-a").status_code == 404
    assert orthanc.get_json("/xnat-dqr/receivers") == ["xnat-b"]


def test_post_of_an_existing_id_is_a_conflict(orthanc):
    assert orthanc.post("/xnat-dqr/receivers", receiver("xnat-a")).status_code == 201
    answer = orthanc.post("/xnat-dqr/receivers", receiver("xnat-a", port=2000))
    assert answer.status_code == 409
    assert answer.json()["Conflict"] == "xnat-a"


def test_two_xnats_may_share_an_aet_only_with_disjoint_callers(orthanc):
    assert orthanc.post("/xnat-dqr/receivers",
                        receiver("xnat-a", CallingAETs=["XNATA"])).status_code == 201
    assert orthanc.post("/xnat-dqr/receivers",
                        receiver("xnat-b", port=11113, CallingAETs=["XNATB"])).status_code == 201
    clash = orthanc.post("/xnat-dqr/receivers",
                         receiver("xnat-c", port=11114, CallingAETs=["xnatb"]))
    assert clash.status_code == 409
    assert clash.json()["Conflict"] == "xnat-b"
    assert "XNATB" in clash.json()["Error"].upper()
    same_port = orthanc.post("/xnat-dqr/receivers", receiver("xnat-d", aet="OTHER"))
    assert same_port.status_code == 409
    assert same_port.json()["Conflict"] == "xnat-a"


def test_wrong_methods_get_405_with_allow(orthanc):
    assert orthanc.post("/xnat-dqr/receivers", receiver("xnat-a")).status_code == 201
    for method, uri, allow in [("DELETE", "/xnat-dqr/receivers", "GET,POST"),
                               ("POST", "/xnat-dqr/receivers/xnat-a", "GET,PUT,DELETE"),
                               ("GET", "/xnat-dqr/receivers/xnat-a/echo", "POST"),
                               ("PUT", "/xnat-dqr/receivers/xnat-a/xnat-settings", "GET")]:
        answer = orthanc.session.request(method, orthanc.url + uri, timeout=10)
        assert answer.status_code == 405, (method, uri)
        assert answer.headers["Allow"] == allow


def test_rest_receivers_survive_a_restart(orthanc):
    body = receiver("xnat-a", CallingAETs=["XNATA"], Storable=True, Timeout=5)
    assert orthanc.post("/xnat-dqr/receivers", body).status_code == 201
    before = orthanc.get_json("/xnat-dqr/receivers?expand")
    orthanc.restart()
    assert orthanc.get_json("/xnat-dqr/receivers?expand") == before


def test_database_path_can_be_chosen(orthanc_factory, tmp_path):
    path = tmp_path / "elsewhere" / "dqr.db"
    orthanc = orthanc_factory(config={"XnatDqr": {"DatabasePath": str(path)}})
    assert orthanc.post("/xnat-dqr/receivers", receiver("xnat-a")).status_code == 201
    assert orthanc.get_json("/xnat-dqr/status")["Configuration"]["DatabasePath"] == str(path)
    assert path.exists()


CONFIGURED = {"XnatDqr": {"Receivers": {
    "conf-a": {"AET": "CONFA", "Host": "127.0.0.1", "Port": 11120, "CallingAETs": ["XNATC"],
               "Label": "From the file"}}}}


def test_configuration_receivers_are_loaded_and_read_only(orthanc_factory):
    orthanc = orthanc_factory(config=CONFIGURED)
    loaded = orthanc.get_json("/xnat-dqr/receivers/conf-a")
    assert loaded["Source"] == "Configuration"
    assert loaded["Label"] == "From the file"
    for answer in (orthanc.put("/xnat-dqr/receivers/conf-a", receiver("conf-a", port=1)),
                   orthanc.delete("/xnat-dqr/receivers/conf-a")):
        assert answer.status_code == 403
        assert "configuration file" in answer.json()["Error"]
    assert orthanc.get_json("/xnat-dqr/receivers/conf-a") == loaded


@pytest.mark.parametrize("receivers, named", [
    ({"conf-a": {"AET": "ABCDEFGHIJKLMNOPQ", "Host": "h", "Port": 1}},
     "XnatDqr.Receivers.conf-a.AET"),
    ({"Conf_A": {"AET": "A", "Host": "h", "Port": 1}}, "Conf_A"),
    ({"conf-a": {"AET": "A", "Host": "http://h", "Port": 1}}, "XnatDqr.Receivers.conf-a.Host"),
    ({"conf-a": {"AET": "A", "Host": "h", "Port": 1},
      "conf-b": {"AET": "B", "Host": "h", "Port": 1}}, "conf-a"),
])
def test_an_invalid_configuration_receiver_stops_orthanc(orthanc_factory, receivers, named):
    orthanc = orthanc_factory(config={"XnatDqr": {"Receivers": receivers}}, start=False)
    orthanc.launch()
    assert orthanc.wait_exit() != 0
    lines = [line for line in orthanc.log().splitlines() if "xnat-dqr: refusing to start" in line]
    assert len(lines) == 1, orthanc.log()
    assert named in lines[0]


@pytest.mark.parametrize("in_database", [True, False])
def test_modalities_follow_the_receivers(orthanc_factory, in_database):
    foreign = ["FOREIGN", "127.0.0.1", 104]
    config = {"DicomModalitiesInDatabase": in_database}
    if not in_database:
        config["DicomModalities"] = {"foreign": foreign}
    orthanc = orthanc_factory(config=config)
    if in_database:
        assert orthanc.put("/modalities/foreign", {"AET": "FOREIGN", "Host": "127.0.0.1",
                                                   "Port": 104}).status_code == 200
    foreign_before = orthanc.get_json("/modalities?expand")["foreign"]

    orthanc.post("/xnat-dqr/receivers", receiver("xnat-a", CallingAETs=["XNATA", "XNAT"],
                                                 Storable=True, Timeout=7))
    modalities = orthanc.get_json("/modalities?expand")
    assert set(modalities) == {"foreign", "xnat-a", "xnat-a_caller-1"}
    destination = modalities["xnat-a"]
    assert (destination["AET"], destination["Host"], destination["Port"]) == (
        "XNAT", "127.0.0.1", 11112)
    assert destination["Timeout"] == 7
    assert (destination["AllowEcho"], destination["AllowFind"], destination["AllowMove"],
            destination["AllowStore"], destination["AllowGet"]) == (True, True, True, True, False)
    assert modalities["xnat-a_caller-1"]["AET"] == "XNATA"

    orthanc.put("/xnat-dqr/receivers/xnat-a", receiver("xnat-a", port=11119, Queryable=False))
    modalities = orthanc.get_json("/modalities?expand")
    assert set(modalities) == {"foreign", "xnat-a"}
    assert modalities["xnat-a"]["Port"] == 11119
    assert modalities["xnat-a"]["AllowFind"] is False
    assert modalities["xnat-a"]["AllowMove"] is False

    # A restart re-syncs: in memory (false) the entries come back; in the database they stay.
    orthanc.restart()
    assert set(orthanc.get_json("/modalities")) == {"foreign", "xnat-a"}

    assert orthanc.delete("/xnat-dqr/receivers/xnat-a").status_code == 204
    assert orthanc.get_json("/modalities") == ["foreign"]
    assert orthanc.get_json("/modalities?expand")["foreign"] == foreign_before


def test_a_receiver_id_taken_by_a_foreign_modality_is_refused(orthanc_factory):
    orthanc = orthanc_factory(config={"DicomModalities": {"pacs2": ["PACS2", "127.0.0.1", 104]}})
    answer = orthanc.put("/xnat-dqr/receivers/pacs2", receiver("pacs2"))
    assert answer.status_code == 409
    assert answer.json()["Conflict"] == "pacs2"
    assert orthanc.get_json("/xnat-dqr/receivers") == []
    assert orthanc.get_json("/modalities/pacs2/configuration")["AET"] == "PACS2"


def test_stale_owned_modalities_are_removed_at_start(orthanc_factory):
    config = dict(CONFIGURED, DicomModalitiesInDatabase=True)
    orthanc = orthanc_factory(config=config)
    assert set(orthanc.get_json("/modalities")) == {"conf-a", "conf-a_caller-1"}
    orthanc.stop()
    orthanc.config["XnatDqr"] = {}
    orthanc.start()
    assert orthanc.get_json("/xnat-dqr/receivers") == []
    from harness import wait
    wait.until(lambda: orthanc.get_json("/modalities") == [], timeout=10,
               message="stale modalities removed")


def test_strict_permissions_follow_the_receiver(orthanc_factory, make_data):
    orthanc = orthanc_factory(config=STRICT)
    orthanc.post("/xnat-dqr/receivers", receiver("xnat-a", CallingAETs=["XNATA"]))
    orthanc.post("/xnat-dqr/receivers", receiver("xnat-s", aet="XNATS", port=11113,
                                                 Storable=True))
    data = make_data(instances=1)
    orthanc.upload(data.paths())
    query = {"QueryRetrieveLevel": "STUDY", "StudyInstanceUID": None}

    assert dcmtk.echoscu(orthanc.dicom_port, aet="XNATA").ok
    assert not dcmtk.echoscu(orthanc.dicom_port, aet="STRANGER").ok
    found = dcmtk.findscu(orthanc.dicom_port, query, aet="XNATA")
    assert found.ok and len(found.answers) == 1, found.output
    assert not dcmtk.findscu(orthanc.dicom_port, query, aet="STRANGER").ok

    other = make_data(instances=1)
    assert not dcmtk.storescu(orthanc.dicom_port, other.paths(), aet="XNAT").ok
    assert dcmtk.storescu(orthanc.dicom_port, other.paths(), aet="XNATS").ok
    assert len(orthanc.get_json("/instances")) == 2


def test_echo_succeeds_on_a_live_receiver_and_fails_on_a_closed_port(orthanc, storescp):
    from harness import ports
    orthanc.post("/xnat-dqr/receivers", receiver("live", aet=storescp.aet, port=storescp.port))
    orthanc.post("/xnat-dqr/receivers", receiver("dead", aet="DEAD", port=ports.free_port(),
                                                 Timeout=3))
    live = orthanc.post("/xnat-dqr/receivers/live/echo").json()
    assert live["Success"] is True
    assert 0 <= live["Milliseconds"] < 3000

    start = time.monotonic()
    dead = orthanc.post("/xnat-dqr/receivers/dead/echo").json()
    assert time.monotonic() - start < 3 + 2
    assert dead["Success"] is False
    assert "DEAD" in dead["Error"]
    assert orthanc.post("/xnat-dqr/receivers/none/echo").status_code == 404


def test_xnat_settings_give_what_xnat_needs(orthanc_factory):
    orthanc = orthanc_factory(config={"XnatDqr": {"PublicHost": "pacs.example.org"}},
                              aet="MYPACS")
    orthanc.post("/xnat-dqr/receivers", receiver("xnat-a", aet="XNATA", port=8104,
                                                 CallingAETs=["XNAT"], Storable=True))
    settings = orthanc.get_json("/xnat-dqr/receivers/xnat-a/xnat-settings")
    assert settings["Pacs"] == {
        "aeTitle": "MYPACS", "host": "pacs.example.org", "queryRetrievePort": orthanc.dicom_port,
        "label": orthanc.config["Name"], "queryable": True, "storable": True,
        "defaultQueryRetrievePacs": False, "defaultStoragePacs": False,
        "ormStrategySpringBeanId": "dicomOrmStrategy", "supportsExtendedNegotiations": False}
    assert settings["ScpReceiver"] == {"aeTitle": "XNATA", "port": 8104,
                                       "identifier": "dqrObjectIdentifier",
                                       "customProcessing": True, "enabled": True}
    modalities = orthanc.get_json("/modalities?expand")
    for name, entry in settings["OrthancModality"].items():
        assert all(modalities[name][key] == value for key, value in entry.items())
    assert settings["Curl"].startswith("curl ")
    assert "/xapi/pacs" in settings["Curl"]
    assert '"aeTitle":"MYPACS"' in settings["Curl"]
