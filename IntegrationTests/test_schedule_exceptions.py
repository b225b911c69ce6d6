"""Exceptions by date in a schedule: they replace that day's weekly Windows for the status, the
C-MOVE and the queue; they are validated like Windows; past ones are dropped after 30 days."""
import datetime

from harness import dcmtk, wait
from test_queue import add_receiver, open_all_week, transfer

WEEK = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def host_today(orthanc):
    now = datetime.datetime.fromisoformat(orthanc.get_json("/xnat-dqr/status")["HostTime"]["Now"])
    return now, now.date()


def move_study(orthanc, study, destination):
    return dcmtk.movescu(orthanc.dicom_port, {"QueryRetrieveLevel": "STUDY",
                                              "StudyInstanceUID": study.study_instance_uid},
                         destination)


def test_a_closed_exception_today_refuses_and_queues_then_lifts(orthanc, storescp_factory,
                                                                make_data):
    made = make_data(series=1, instances=2)
    orthanc.upload(made.paths())
    study = made.studies()[0]
    refusing, queueing = storescp_factory(aet="XNATR"), storescp_factory(aet="XNATQ")
    now, today = host_today(orthanc)
    closed_today = dict(open_all_week(), Exceptions=[{"Date": today.isoformat(), "Windows": []}])
    add_receiver(orthanc, "xnat-r", refusing, Schedule=closed_today, OutsideWindow="Refuse")
    add_receiver(orthanc, "xnat-q", queueing, Schedule=closed_today, OutsideWindow="Queue")

    status = orthanc.get_json("/xnat-dqr/receivers/xnat-r/schedule/status")
    assert status["Open"] is False
    midnight = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(),
                                         tzinfo=now.tzinfo)
    assert datetime.datetime.fromisoformat(status["NextChange"]) == midnight
    assert move_study(orthanc, study, "XNATR").status != 0x0000
    assert refusing.received() == []
    assert move_study(orthanc, study, "XNATQ").status == 0x0000
    queued = orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]
    assert queued["State"] == "Queued" and queued["Waiting"]["Reason"] == "window closed"

    # Lifting the exception opens the weekly window again: the queue sends.
    assert orthanc.put("/xnat-dqr/receivers/xnat-q/schedule", open_all_week()).status_code == 200
    wait.until(lambda: transfer(orthanc, queued["Id"])["State"] == "Succeeded", timeout=30,
               message="the queued Transfer after the exception is lifted")
    assert len(queueing.stored_uids()) == 2


def test_an_open_exception_on_a_closed_week(orthanc, storescp, make_data):
    made = make_data(series=1, instances=1)
    orthanc.upload(made.paths())
    _, today = host_today(orthanc)
    schedule = {"Exceptions": [{"Date": today.isoformat(),
                                "Windows": [{"Start": "00:00", "End": "24:00", "Threads": 3}]}]}
    add_receiver(orthanc, "xnat-a", storescp, Schedule=schedule, OutsideWindow="Refuse")
    status = orthanc.get_json("/xnat-dqr/receivers/xnat-a/schedule/status")
    assert status["Open"] is True and status["Window"]["Threads"] == 3
    assert move_study(orthanc, made.studies()[0], storescp.aet).status == 0x0000
    assert len(storescp.stored_uids()) == 1
    settings = orthanc.get_json("/xnat-dqr/receivers/xnat-a/xnat-settings")
    assert any("exceptions are not in Availability" in w for w in settings["Warnings"])


def test_exceptions_are_validated_and_past_ones_dropped(orthanc, storescp):
    add_receiver(orthanc, "xnat-a", storescp)
    uri = "/xnat-dqr/receivers/xnat-a/schedule"
    _, today = host_today(orthanc)
    day = datetime.timedelta(days=1)
    good = {"Monday": [{"Start": "08:00", "End": "18:00"}], "Exceptions": [
        {"From": (today - 40 * day).isoformat(), "To": (today - 31 * day).isoformat(),
         "Windows": []},
        {"Date": (today - 10 * day).isoformat(), "Windows": []},
        {"From": (today + 5 * day).isoformat(), "To": (today + 7 * day).isoformat(),
         "Windows": []}]}
    assert orthanc.put(uri, good).status_code == 200
    kept = orthanc.get_json(uri)["Exceptions"]
    assert [e.get("Date", e.get("From")) for e in kept] == [
        (today - 10 * day).isoformat(), (today + 5 * day).isoformat()]
    before = orthanc.get_json(uri)
    for bad, field in [
            ({"Exceptions": [{"Date": "2026-02-30", "Windows": []}]}, "Schedule.Exceptions[0].Date"),
            ({"Exceptions": [{"Date": today.isoformat(),
                              "Windows": [{"Start": "22:00", "End": "02:00"}]}]},
             "Schedule.Exceptions[0].Windows[0].End"),
            ({"Exceptions": [{"From": today.isoformat(), "To": (today + 3 * day).isoformat(),
                              "Windows": []},
                             {"Date": (today + 2 * day).isoformat(), "Windows": []}]},
             "Schedule.Exceptions[1]")]:
        answer = orthanc.put(uri, bad)
        assert answer.status_code == 400, answer.text
        assert answer.json()["Field"] == field
        assert orthanc.get_json(uri) == before  # unchanged
