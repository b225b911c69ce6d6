"""The XNAT DQR page in a real browser (Debian's chromium, playwright-core from npm)."""
import datetime
import json
import os
import subprocess

import pytest

from harness import dcmtk
from harness.orthanc import ROOT

ARTIFACTS = os.path.join(ROOT, "IntegrationTests", "artifacts")
SCRIPT = os.path.join(ROOT, "IntegrationTests", "browser", "admin.mjs")
CLOSED = {}


def run(scenario, **context):
    os.makedirs(ARTIFACTS, exist_ok=True)
    context.setdefault("artifacts", ARTIFACTS)
    done = subprocess.run(["node", SCRIPT, scenario, json.dumps(context)], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=180)
    output = done.stdout.decode(errors="replace")
    assert done.returncode == 0, f"{output}\n(screenshot in {ARTIFACTS})"
    return output


@pytest.fixture
def study(orthanc, make_data):
    data = make_data(series=1, instances=2)
    orthanc.upload(data.paths())
    return orthanc.get_json("/studies")[0]


def test_add_a_receiver_through_the_form(orthanc, storescp):
    run("addReceiver", url=orthanc.url, receiverId="xnat-ui", aet=storescp.aet, port=storescp.port)
    receiver = orthanc.get_json("/xnat-dqr/receivers/xnat-ui")
    assert receiver["Host"] == "127.0.0.1" and receiver["Label"] == "<img src=x onerror=alert(1)>"


def test_edit_a_schedule(orthanc, storescp):
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-ui", "AET": "XNAT", "Host": "127.0.0.1",
                                         "Port": storescp.port})
    run("editSchedule", url=orthanc.url, receiverId="xnat-ui")
    schedule = orthanc.get_json("/xnat-dqr/receivers/xnat-ui/schedule")
    assert schedule == {"Monday": [{"Start": "19:00", "End": "07:00", "Threads": 3,
                                    "Utilization": 100, "MaxMBps": 0}]}


def test_schedule_days_at_once_global_gaps_confirm_and_undo(orthanc, storescp):
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-ui", "AET": "XNAT", "Host": "127.0.0.1",
                                         "Port": storescp.port})
    lunch = [{"Start": "00:00", "End": "12:00"}, {"Start": "13:00", "End": "24:00"}]
    week = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    assert orthanc.put("/xnat-dqr/schedule", {d: lunch for d in week}).status_code == 200
    run("scheduleUndo", url=orthanc.url, receiverId="xnat-ui")
    schedule = orthanc.get_json("/xnat-dqr/receivers/xnat-ui/schedule")
    assert sorted(schedule) == sorted(week[:5])
    assert all([w["Start"] for w in schedule[d]] == ["08:00"] for d in week[:5])


def test_forms_show_every_error_in_their_own_words(orthanc, storescp, study):
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-ui", "AET": storescp.aet,
                                         "Host": "127.0.0.1", "Port": storescp.port,
                                         "Schedule": CLOSED})
    assert orthanc.post("/xnat-dqr/transfers", {"Receiver": "xnat-ui",
                                                "Resources": [study]}).status_code == 201
    run("allErrors", url=orthanc.url, receiverId="xnat-ui", port=storescp.port)
    assert orthanc.get_json("/xnat-dqr/receivers") == ["xnat-ui"]  # nothing was added or lost


@pytest.mark.parametrize("public_host", [None, "pacs.example.org"])
def test_connect_an_xnat_is_ready_to_hand_over(orthanc_factory, storescp, public_host):
    config = {"XnatDqr": {"PublicHost": public_host}} if public_host else None
    orthanc = orthanc_factory(config=config)
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-ui", "AET": "XNATUI", "Host": "127.0.0.1",
                                         "Port": storescp.port, "CallingAETs": ["XNATA", "XNATB"]})
    settings = orthanc.get_json("/xnat-dqr/receivers/xnat-ui/xnat-settings")
    assert settings["CallingAETs"] == ["XNATA", "XNATB"]
    assert bool(settings["Warnings"]) == (public_host is None)
    assert settings["SendsFrom"]["CallingAET"] == "ORTHANC"
    run("connectReady", url=orthanc.url, receiverId="xnat-ui", port=storescp.port,
        callers="XNATA or XNATB", expectWarning=public_host is None,
        whitelistEntry=settings["SendsFrom"]["WhitelistEntry"])


def test_local_aet_and_dicom_tls_in_the_form(orthanc, storescp):
    run("localAetAndTls", url=orthanc.url, receiverId="xnat-ui", port=storescp.port)
    receiver = orthanc.get_json("/xnat-dqr/receivers/xnat-ui")
    assert receiver["LocalAet"] == "PACSX" and receiver["UseDicomTls"] is False
    settings = orthanc.get_json("/xnat-dqr/receivers/xnat-ui/xnat-settings")
    assert settings["SendsFrom"]["CallingAET"] == "PACSX"


def test_receivers_at_a_glance(orthanc, storescp_factory, make_data):
    data = make_data(series=2, instances=1)
    orthanc.upload(data.paths())
    study = data.studies()[0]
    open_scp, closed_scp = storescp_factory(), storescp_factory(aet="XNATR")
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-a", "AET": open_scp.aet, "Host": "127.0.0.1",
                                         "Port": open_scp.port})
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-r", "AET": "XNATR", "Host": "127.0.0.1",
                                         "Port": closed_scp.port, "Schedule": CLOSED,
                                         "OutsideWindow": "Refuse"})
    keys = {"QueryRetrieveLevel": "STUDY", "StudyInstanceUID": study.study_instance_uid}
    assert dcmtk.movescu(orthanc.dicom_port, keys, open_scp.aet).status == 0x0000
    assert dcmtk.movescu(orthanc.dicom_port, keys, "XNATR").status != 0x0000
    orthanc_id = orthanc.get_json("/studies")[0]
    assert orthanc.post("/xnat-dqr/transfers", {"Receiver": "xnat-r",
                                                "Resources": [orthanc_id]}).status_code == 201
    glance = orthanc.get_json("/xnat-dqr/glance")
    assert glance["xnat-r"]["Refused24h"] == {"outside_window": 1}
    assert glance["xnat-r"]["Waiting"] == 1 and glance["xnat-a"]["LastSent"] is not None
    run("glance", url=orthanc.url)
    assert orthanc.get_json("/xnat-dqr/glance")["xnat-a"]["LastEcho"]["Success"] is True


def test_keyboard_and_phone(orthanc, storescp, study):
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-ui", "AET": storescp.aet,
                                         "Host": "127.0.0.1", "Port": storescp.port,
                                         "Schedule": CLOSED})
    created = orthanc.post("/xnat-dqr/transfers", {"Receiver": "xnat-ui", "Resources": [study]})
    run("keyboardAndPhone", url=orthanc.url, receiverId="xnat-ui",
        transferId=created.json()["Id"])
    assert orthanc.get_json("/xnat-dqr/receivers/xnat-ui")["Label"] == "Renamed"
    assert orthanc.get_json(f"/xnat-dqr/transfers/{created.json()['Id']}")["State"] == "Paused"


def test_schedule_exceptions_on_the_page(orthanc, storescp):
    week = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-ui", "AET": "XNAT", "Host": "127.0.0.1",
                                         "Port": storescp.port,
                                         "Schedule": {d: [{"Start": "00:00", "End": "24:00"}]
                                                      for d in week}})
    now = datetime.datetime.fromisoformat(orthanc.get_json("/xnat-dqr/status")["HostTime"]["Now"])
    today = now.date()
    run("scheduleExceptions", url=orthanc.url, receiverId="xnat-ui", today=today.isoformat(),
        tomorrow=(today + datetime.timedelta(days=1)).isoformat())
    assert "Exceptions" not in orthanc.get_json("/xnat-dqr/receivers/xnat-ui/schedule")


def test_the_grid_edits_by_drag_and_keyboard(orthanc, storescp):
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-ui", "AET": "XNAT", "Host": "127.0.0.1",
                                         "Port": storescp.port,
                                         "Schedule": {"Monday": [{"Start": "08:00", "End": "10:00"}]}})
    run("dragGrid", url=orthanc.url, receiverId="xnat-ui")
    schedule = orthanc.get_json("/xnat-dqr/receivers/xnat-ui/schedule")
    assert [(w["Start"], w["End"]) for w in schedule["Monday"]] == [("08:00", "12:00")]
    assert [(w["Start"], w["End"]) for w in schedule["Wednesday"]] == [("06:00", "12:00")]


def test_send_a_study_from_orthanc_explorer(orthanc, storescp, study):
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-ui", "AET": storescp.aet,
                                         "Host": "127.0.0.1", "Port": storescp.port})
    run("sendFromStudy", url=orthanc.url, receiverId="xnat-ui", studyId=study)
    transfer = orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]
    assert (transfer["State"], transfer["Origin"], transfer["InstancesSent"]) == (
        "Succeeded", "REST", 2)
    assert len(storescp.stored_uids()) == 2


def test_explorer_send_to_a_closed_receiver_is_a_queued_transfer(orthanc, storescp, study):
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-ui", "AET": storescp.aet,
                                         "Host": "127.0.0.1", "Port": storescp.port,
                                         "Schedule": CLOSED, "OutsideWindow": "Queue"})
    output = run("explorerStore", url=orthanc.url, receiverId="xnat-ui", studyId=study)
    transfer = orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]
    assert f"transfer {transfer['Id']}" in output
    assert (transfer["State"], transfer["InstancesTotal"]) == ("Queued", 2)
    assert storescp.received() == []
    jobs = [orthanc.get_json(f"/jobs/{i}")["Type"] for i in orthanc.get_json("/jobs")]
    assert "DicomModalityStore" not in jobs


def host_format(iso):
    """An API time as the page prints it: the host's wall clock, "Sat 28 Nov 09:17"."""
    moment = datetime.datetime.fromisoformat(iso)
    return f"{moment:%a} {moment.day} {moment:%b} {moment:%H:%M}"


def test_the_page_speaks_host_time_in_a_browser_of_another_zone(orthanc_factory, storescp,
                                                                 make_data):
    # The host in New York (UTC-5 or -4), the browser in Tokyo (UTC+9): 13 or 14 hours apart.
    orthanc = orthanc_factory(env={"TZ": "America/New_York"})
    data = make_data(series=1, instances=2)
    orthanc.upload(data.paths())
    study = orthanc.get_json("/studies")[0]
    nearly_closed = {"Monday": [{"Start": "00:00", "End": "00:01"}]}
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-ui", "AET": storescp.aet,
                                         "Host": "127.0.0.1", "Port": storescp.port,
                                         "Schedule": nearly_closed})
    created = orthanc.post("/xnat-dqr/transfers", {"Receiver": "xnat-ui", "Resources": [study]})
    transfer = created.json()
    assert transfer["Waiting"]["Reason"] == "window closed", transfer["Waiting"]
    host = orthanc.get_json("/xnat-dqr/status")["HostTime"]
    assert host["Zone"] == "America/New_York" and host["UtcOffset"] in ("-05:00", "-04:00")
    now = datetime.datetime.fromisoformat(host["Now"])
    run("hostClock", url=orthanc.url, receiverId="xnat-ui", transferId=transfer["Id"],
        timezoneId="Asia/Tokyo", hostZone="America/New_York", hostOffset=host["UtcOffset"],
        hostMinutes=now.hour * 60 + now.minute,
        expectWaiting=f"window closed until {host_format(transfer['Waiting']['Until'])}",
        expectCreated=f"created {host_format(transfer['Created'])}",
        expectWhat=f"Acc. {data.patients[0].studies[0].accession_number} · xnat-dqr test · OT")


def test_cancelling_a_queued_cmove_warns_first(orthanc, storescp, make_data):
    data = make_data(series=1, instances=2)
    orthanc.upload(data.paths())
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-ui", "AET": storescp.aet,
                                         "Host": "127.0.0.1", "Port": storescp.port,
                                         "Schedule": CLOSED, "OutsideWindow": "Queue"})
    study = data.studies()[0]
    moved = dcmtk.movescu(orthanc.dicom_port, {"QueryRetrieveLevel": "STUDY",
                                               "StudyInstanceUID": study.study_instance_uid},
                          storescp.aet, aet="XNATA")
    assert moved.status == 0x0000, moved.output  # XNAT is told Success at once
    queued = orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]
    assert (queued["State"], queued["Origin"]) == ("Queued", "C-MOVE")
    run("cancelWarns", url=orthanc.url, transferId=queued["Id"])
    assert orthanc.get_json(f"/xnat-dqr/transfers/{queued['Id']}")["State"] == "Canceled"


def test_typing_a_priority_does_not_freeze_the_table(orthanc, storescp_factory, make_data):
    slow = storescp_factory(extra=["--sleep-during", "1"])
    data = make_data(series=1, instances=8)
    orthanc.upload(data.paths())
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-ui", "AET": slow.aet,
                                         "Host": "127.0.0.1", "Port": slow.port})
    study = orthanc.get_json("/studies")[0]
    created = orthanc.post("/xnat-dqr/transfers", {"Receiver": "xnat-ui", "Resources": [study]})
    output = run("focusKeepsLive", url=orthanc.url, transferId=created.json()["Id"])
    assert "progress" in output


def test_pause_and_resume_a_transfer(orthanc, storescp, study):
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-ui", "AET": storescp.aet,
                                         "Host": "127.0.0.1", "Port": storescp.port,
                                         "Schedule": CLOSED})
    created = orthanc.post("/xnat-dqr/transfers", {"Receiver": "xnat-ui", "Resources": [study]})
    assert created.status_code == 201, created.text
    run("pauseResume", url=orthanc.url, transferId=created.json()["Id"])
    assert orthanc.get_json(f"/xnat-dqr/transfers/{created.json()['Id']}")["State"] == "Queued"


def test_post_transfers_validates_its_body(orthanc, storescp, study):
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-ui", "AET": storescp.aet,
                                         "Host": "127.0.0.1", "Port": storescp.port})
    before = orthanc.get("/xnat-dqr/transfers").content
    for body, field in [({"Receiver": "nobody", "Resources": [study]}, "Receiver"),
                        ({"Receiver": "xnat-ui", "Resources": []}, "Resources"),
                        ({"Receiver": "xnat-ui", "Resources": ["not-an-id"]}, "Resources"),
                        ({"Receiver": "xnat-ui", "Resources": [study], "Extra": 1}, "Extra"),
                        ({"Resources": [study]}, "Receiver")]:
        answer = orthanc.post("/xnat-dqr/transfers", body)
        assert answer.status_code == 400 and answer.json()["Field"] == field, answer.text
    assert orthanc.get("/xnat-dqr/transfers").content == before


def test_a_second_xnat_at_defaults_takes_the_suggested_pacs_aet(orthanc, storescp_factory):
    a = storescp_factory(aet="XNAT")
    b = storescp_factory(aet="XNAT")
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1",
                                         "Port": a.port})
    run("secondXnatAtDefaults", url=orthanc.url, receiverId="xnat-b", port=b.port,
        suggestion="ORTHANC-XNAT-B")
    receiver = orthanc.get_json("/xnat-dqr/receivers/xnat-b")
    assert (receiver["AET"], receiver["PacsAET"], receiver["Port"]) == (
        "XNAT", "ORTHANC-XNAT-B", b.port)
    settings = orthanc.get_json("/xnat-dqr/receivers/xnat-b/xnat-settings")
    assert settings["Pacs"]["aeTitle"] == "ORTHANC-XNAT-B"


def test_views_render_at_desktop_and_phone_sizes(orthanc, storescp, study, tmp_path):
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-prod", "Label": "XNAT production",
                                         "AET": storescp.aet, "Host": "127.0.0.1",
                                         "Port": storescp.port, "CallingAETs": ["XNAT"],
                                         "Schedule": {"Monday": [{"Start": "19:00", "End": "07:00",
                                                                  "Threads": 4, "MaxMBps": 50}],
                                                      "Saturday": [{"Start": "00:00",
                                                                    "End": "24:00"}]}})
    assert dcmtk.movescu(orthanc.dicom_port, {"QueryRetrieveLevel": "STUDY",
                                              "StudyInstanceUID": None}, "NOBODY").status
    # A delivered (or, outside the window, queued) Transfer too.
    study_uid = orthanc.get_json(f"/studies/{study}")["MainDicomTags"]["StudyInstanceUID"]
    moved = dcmtk.movescu(orthanc.dicom_port, {"QueryRetrieveLevel": "STUDY",
                                               "StudyInstanceUID": study_uid},
                          storescp.aet, aet="XNAT")
    assert moved.status == 0, moved.output
    out = os.environ.get("XNATDQR_SCREENSHOTS", str(tmp_path))
    run("screenshots", url=orthanc.url, receiverId="xnat-prod", out=out)
    for name in ("receivers", "connect", "schedule", "transfers", "route", "receivers-phone"):
        assert os.path.getsize(os.path.join(out, f"{name}.png")) > 10000


def test_the_history_chart_is_drawn_from_real_transfers(orthanc, storescp, make_data, tmp_path):
    made = make_data(series=1, instances=20, pixel_bytes=262144)
    orthanc.upload(made.paths())
    orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-ui", "AET": storescp.aet,
                                         "Host": "127.0.0.1", "Port": storescp.port})
    moved = dcmtk.movescu(orthanc.dicom_port, {
        "QueryRetrieveLevel": "STUDY",
        "StudyInstanceUID": made.studies()[0].study_instance_uid}, storescp.aet, aet="XNAT")
    assert moved.status == 0, moved.output
    # Delivered while open; afterwards the Windows are 01:00-05:00 every night.
    week = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    nights = {d: [{"Start": "01:00", "End": "05:00"}] for d in week}
    assert orthanc.put("/xnat-dqr/receivers/xnat-ui/schedule", nights).status_code == 200
    out = os.environ.get("XNATDQR_SCREENSHOTS", str(tmp_path))
    run("history", url=orthanc.url, receiverId="xnat-ui", instances=20, out=out)
    assert os.path.getsize(os.path.join(out, "history.png")) > 10000


def test_an_xnat_being_turned_away_is_registered_from_the_list(orthanc, storescp, study):
    # XNAT-B, not yet registered, calls by PACSB twice: both C-MOVEs are refused.
    keys = {"QueryRetrieveLevel": "STUDY",
            "StudyInstanceUID": orthanc.get_json(f"/studies/{study}")["MainDicomTags"]
            ["StudyInstanceUID"]}
    for _ in range(2):
        moved = dcmtk.movescu(orthanc.dicom_port, keys, storescp.aet, aet=storescp.aet,
                              aec="PACSB")
        assert moved.status != 0x0000
    run("registerTurnedAway", url=orthanc.url, destination=storescp.aet, called="PACSB",
        count=2, receiverId="xnat-b", port=storescp.port)
    receiver = orthanc.get_json("/xnat-dqr/receivers/xnat-b")
    assert (receiver["AET"], receiver["PacsAET"]) == (storescp.aet, "PACSB")
    # Its next C-MOVE is served.
    moved = dcmtk.movescu(orthanc.dicom_port, keys, storescp.aet, aet=storescp.aet, aec="PACSB")
    assert moved.status == 0x0000, moved.output
    assert len(storescp.stored_uids()) == 2
