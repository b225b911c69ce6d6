"""Schedules through REST: per Receiver and global, status, XNAT's availability format."""
import datetime

import pytest

ALL_WEEK = {day: [{"Start": "00:00", "End": "24:00", "Threads": 3, "Utilization": 50,
                   "MaxMBps": 8}]
            for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                        "Sunday")}
OVERNIGHT = {"Monday": [{"Start": "19:00", "End": "07:00", "Threads": 4, "Utilization": 100,
                         "MaxMBps": 50}]}


@pytest.fixture
def receiver(orthanc):
    answer = orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-a", "AET": "XNAT",
                                                  "Host": "127.0.0.1", "Port": 11112})
    assert answer.status_code == 201
    return "/xnat-dqr/receivers/xnat-a"


def test_a_receiver_schedule_is_set_read_and_removed(orthanc, receiver):
    assert orthanc.get_json(receiver + "/schedule") is None
    answer = orthanc.put(receiver + "/schedule", OVERNIGHT)
    assert answer.status_code == 200, answer.text
    assert orthanc.get_json(receiver + "/schedule") == OVERNIGHT
    assert orthanc.get_json(receiver)["Schedule"] == OVERNIGHT
    assert orthanc.delete(receiver + "/schedule").status_code == 204
    assert orthanc.get_json(receiver)["Schedule"] is None


def test_a_schedule_can_come_inside_the_receiver(orthanc):
    answer = orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-b", "AET": "XNATB",
                                                  "Host": "127.0.0.1", "Port": 11113,
                                                  "Schedule": OVERNIGHT})
    assert answer.status_code == 201, answer.text
    assert answer.json()["Schedule"] == OVERNIGHT


@pytest.mark.parametrize("schedule, field", [
    ({"Monday": [{"Start": "25:00", "End": "26:00"}]}, "Schedule.Monday[0].Start"),
    ({"Monday": [{"Start": "7:5", "End": "08:00"}]}, "Schedule.Monday[0].Start"),
    ({"Monday": [{"Start": "07:00", "End": "09:00"}, {"Start": "08:00", "End": "10:00"}]},
     "Schedule.Monday"),
    ({"Monday": [{"Start": "07:00", "End": "09:00", "Threads": 0}]}, "Schedule.Monday[0].Threads"),
    ({"Monday": [{"Start": "07:00", "End": "09:00", "Utilization": 101}]},
     "Schedule.Monday[0].Utilization"),
    ({"Monday": [{"Start": "07:00", "End": "09:00", "MaxMBps": -1}]},
     "Schedule.Monday[0].MaxMBps"),
    ({"Someday": []}, "Schedule.Someday"),
])
def test_a_bad_schedule_is_refused_and_changes_nothing(orthanc, receiver, schedule, field):
    orthanc.put(receiver + "/schedule", OVERNIGHT)
    before = orthanc.get(receiver).content
    answer = orthanc.put(receiver + "/schedule", schedule)
    assert answer.status_code == 400
    assert answer.json()["Field"] == field
    assert field.split(".")[-1].split("[")[0] in answer.json()["Error"]
    assert orthanc.get(receiver).content == before


def test_xnat_availability_format_both_ways(orthanc, receiver):
    orthanc.put(receiver + "/schedule", OVERNIGHT)
    exported = orthanc.get_json(receiver + "/schedule?format=xnat")
    assert exported == [
        {"dayOfWeek": "MONDAY", "availabilityStart": "19:00", "availabilityEnd": "23:59",
         "threads": 4, "utilizationPercent": 100},
        {"dayOfWeek": "TUESDAY", "availabilityStart": "00:00", "availabilityEnd": "07:00",
         "threads": 4, "utilizationPercent": 100}]
    assert orthanc.get_json(receiver + "/xnat-settings")["Availability"] == exported
    answer = orthanc.put(receiver + "/schedule", exported)
    assert answer.status_code == 200, answer.text
    assert set(orthanc.get_json(receiver + "/schedule")) == {"Monday", "Tuesday"}
    assert orthanc.get(receiver + "/schedule?format=csv").status_code == 400


def test_status_says_open_or_closed_and_when_it_changes(orthanc, receiver):
    orthanc.put(receiver + "/schedule", ALL_WEEK)
    status = orthanc.get_json(receiver + "/schedule/status")
    assert status["Open"] is True and status["ReceiverOpen"] is True
    assert status["Window"]["Threads"] == 3
    assert status["NextChange"] is None  # the same Window all week: open for good

    orthanc.put(receiver + "/schedule", {})
    status = orthanc.get_json(receiver + "/schedule/status")
    assert (status["Open"], status["Window"], status["NextChange"]) == (False, None, None)

    now = datetime.datetime.now().astimezone()
    opens = now + datetime.timedelta(minutes=30)
    day = opens.strftime("%A")
    start = opens.strftime("%H:%M")
    end = (opens + datetime.timedelta(minutes=10)).strftime("%H:%M")
    if end > start:  # not across midnight, to keep the check simple
        orthanc.put(receiver + "/schedule", {day: [{"Start": start, "End": end}]})
        status = orthanc.get_json(receiver + "/schedule/status")
        assert status["Open"] is False
        change = datetime.datetime.fromisoformat(status["NextChange"])
        assert change.strftime("%H:%M") == start


def test_the_global_schedule_closes_every_receiver(orthanc, receiver):
    assert orthanc.get_json("/xnat-dqr/schedule") is None
    assert orthanc.get_json("/xnat-dqr/schedule/status")["Open"] is True
    assert orthanc.put("/xnat-dqr/schedule", {}).status_code == 200
    assert orthanc.get_json("/xnat-dqr/schedule") == {}
    assert orthanc.get_json("/xnat-dqr/schedule/status")["Open"] is False
    status = orthanc.get_json(receiver + "/schedule/status")
    assert (status["ReceiverOpen"], status["GlobalOpen"], status["Open"]) == (True, False, False)
    orthanc.restart()
    assert orthanc.get_json("/xnat-dqr/schedule") == {}
    assert orthanc.delete("/xnat-dqr/schedule").status_code == 204
    assert orthanc.get_json("/xnat-dqr/schedule") is None


def test_a_global_schedule_from_the_configuration_is_read_only(orthanc_factory):
    orthanc = orthanc_factory(config={"XnatDqr": {"Schedule": OVERNIGHT, "Threads": 3}})
    assert orthanc.get_json("/xnat-dqr/schedule") == OVERNIGHT
    assert orthanc.put("/xnat-dqr/schedule", {}).status_code == 403
    assert orthanc.delete("/xnat-dqr/schedule").status_code == 403
    configuration = orthanc.get_json("/xnat-dqr/status")["Configuration"]
    assert configuration["Schedule"] == OVERNIGHT
    assert (configuration["Threads"], configuration["MoveWaitSeconds"],
            configuration["MaxAttempts"], configuration["RetryDelaySeconds"]) == (3, 30, 5, 60)


def test_a_configuration_receiver_schedule_is_read_only(orthanc_factory):
    orthanc = orthanc_factory(config={"XnatDqr": {"Receivers": {"conf-a": {
        "AET": "CONFA", "Host": "127.0.0.1", "Port": 11120, "Schedule": OVERNIGHT}}}})
    assert orthanc.get_json("/xnat-dqr/receivers/conf-a/schedule") == OVERNIGHT
    assert orthanc.put("/xnat-dqr/receivers/conf-a/schedule", {}).status_code == 403
