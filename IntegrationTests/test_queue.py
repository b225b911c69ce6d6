"""The persistent queue: schedules, throttles, control, failures and restarts."""
import datetime
import time

import pytest

from harness import dcmtk, ports, wait
from harness.tcp import PeakSampler

CLOSED = {}
WEEK = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def open_all_week(threads=2, utilization=100, max_mbps=0):
    return {day: [{"Start": "00:00", "End": "24:00", "Threads": threads,
                   "Utilization": utilization, "MaxMBps": max_mbps}] for day in WEEK}


def add_receiver(orthanc, id_, scp=None, port=None, **extra):
    body = {"Id": id_, "AET": scp.aet if scp else "XNAT", "Host": "127.0.0.1",
            "Port": port or scp.port}
    body.update(extra)
    answer = orthanc.post("/xnat-dqr/receivers", body)
    assert answer.status_code == 201, answer.text


def move_series(orthanc, study, series, destination="XNAT", caller="XNATA"):
    return dcmtk.movescu(orthanc.dicom_port, {
        "QueryRetrieveLevel": "SERIES", "StudyInstanceUID": study.study_instance_uid,
        "SeriesInstanceUID": series.series_instance_uid}, destination, aet=caller)


def transfer(orthanc, id_):
    return orthanc.get_json(f"/xnat-dqr/transfers/{id_}")


def wait_state(orthanc, id_, state, timeout=30):
    return wait.until(lambda: transfer(orthanc, id_)["State"] == state and transfer(orthanc, id_),
                      timeout=timeout, message=f"Transfer {id_} {state}")


def latest_id(orthanc):
    return orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]["Id"]


def uids(instances):
    return {i.sop_instance_uid for i in instances}


@pytest.fixture
def slow_xnat(orthanc, storescp_factory, make_data):
    """slow_xnat(series, instances, schedule, fork=False) -> (scp, study): a Receiver "xnat-a"
    whose storescp takes a second per instance, and a study stored in Orthanc."""

    def make(series, instances, schedule, fork=False):
        scp = storescp_factory(extra=(["--fork"] if fork else []) + ["--sleep-during", "1"])
        made = make_data(series=series, instances=instances)
        orthanc.upload(made.paths())
        add_receiver(orthanc, "xnat-a", scp, Schedule=schedule)
        return scp, made.studies()[0]

    return make


@pytest.fixture
def data(orthanc, make_data):
    made = make_data(series=4, instances=3)
    orthanc.upload(made.paths())
    return made.studies()[0]


def queue_moves(orthanc, study, series_list):
    """C-MOVEs while the Receiver's schedule is closed: each answered at once, each Queued."""
    ids = []
    for series in series_list:
        moved = move_series(orthanc, study, series)
        assert moved.status == 0x0000, moved.output
        assert moved.pending_responses == 0
        ids.append(latest_id(orthanc))
        assert transfer(orthanc, ids[-1])["State"] == "Queued"
    return ids


def test_outside_window_queue_answers_at_once_and_sends_when_it_opens(orthanc, storescp, data):
    add_receiver(orthanc, "xnat-a", storescp, Schedule=CLOSED)
    series = data.series[0]
    started = time.monotonic()
    [queued] = queue_moves(orthanc, data, [series])
    assert time.monotonic() - started < 5
    assert storescp.received() == []
    assert orthanc.put("/xnat-dqr/receivers/xnat-a/schedule", open_all_week()).status_code == 200
    done = wait_state(orthanc, queued, "Succeeded", timeout=15)
    assert done["InstancesSent"] == 3 and done["Priority"] == 0
    assert storescp.stored_uids() == uids(series.instances)
    assert {r.move_originator_aet for r in storescp.received()} == {"XNATA"}


def test_outside_window_refuse_fails_with_a_status_xnat_retries(orthanc, storescp, data):
    add_receiver(orthanc, "xnat-a", storescp, Schedule=CLOSED, OutsideWindow="Refuse")
    moved = move_series(orthanc, data, data.series[0])
    assert moved.status == 0xB000, moved.output  # not 0xA801, 0xA900, 0x0122 nor 0xCxxx
    assert moved.failed == 1
    refused = orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]
    assert refused["State"] == "Failed" and "outside the schedule" in refused["Error"]
    assert storescp.received() == []
    # The administrator may still send it later.
    orthanc.put("/xnat-dqr/receivers/xnat-a/schedule", open_all_week())
    assert orthanc.post(f"/xnat-dqr/transfers/{refused['Id']}/retry").status_code == 200
    wait_state(orthanc, refused["Id"], "Succeeded", timeout=15)


def test_a_window_opening_starts_the_queue_within_two_seconds(orthanc, storescp, data):
    now = datetime.datetime.now().astimezone()
    opens = (now + datetime.timedelta(seconds=65)).replace(second=0, microsecond=0)
    if (opens - now).total_seconds() > 65:
        opens -= datetime.timedelta(minutes=1)
    closes = opens + datetime.timedelta(minutes=10)  # near midnight: an overnight Window
    schedule = {opens.strftime("%A"): [{"Start": opens.strftime("%H:%M"),
                                        "End": closes.strftime("%H:%M")}]}
    add_receiver(orthanc, "xnat-a", storescp, Schedule=schedule)
    [queued] = queue_moves(orthanc, data, [data.series[0]])
    status = orthanc.get_json("/xnat-dqr/receivers/xnat-a/schedule/status")
    assert status["Open"] is False
    assert datetime.datetime.fromisoformat(status["NextChange"]) == opens
    done = wait_state(orthanc, queued, "Succeeded", timeout=90)
    started = datetime.datetime.fromisoformat(done["Started"])
    assert datetime.timedelta(0) <= started - opens < datetime.timedelta(seconds=2)


def test_threads_bound_the_concurrent_associations(orthanc, slow_xnat):
    scp, study = slow_xnat(series=4, instances=2, schedule=CLOSED, fork=True)
    ids = queue_moves(orthanc, study, study.series)
    with PeakSampler(scp.port) as sampler:
        orthanc.put("/xnat-dqr/receivers/xnat-a/schedule", open_all_week(threads=2))
        for id_ in ids:
            wait_state(orthanc, id_, "Succeeded", timeout=60)
    # The message says which connections were open at the peak, and each Transfer's account.
    assert sampler.peak == 2, (sampler.peak, sampler.peak_peers,
                               [(t["Id"], t["Attempts"], t["Started"], t["Finished"])
                                for t in (transfer(orthanc, i) for i in ids)])
    assert sampler.samples > 100


def test_utilization_50_doubles_the_time(orthanc, slow_xnat):
    scp, study = slow_xnat(series=2, instances=3, schedule=open_all_week(utilization=100))
    started = time.monotonic()
    assert move_series(orthanc, study, study.series[0]).ok
    full = time.monotonic() - started
    orthanc.put("/xnat-dqr/receivers/xnat-a/schedule", open_all_week(utilization=50))
    started = time.monotonic()
    assert move_series(orthanc, study, study.series[1]).ok
    half = time.monotonic() - started
    assert full > 2.5  # three instances, one second each at the receiver
    assert abs(full / half - 0.5) <= 0.1, (full, half)
    record = orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]
    busy = record["BusySeconds"] / (record["BusySeconds"] + record["IdleSeconds"])
    assert abs(busy - 0.5) <= 0.1, record


def test_max_mbps_caps_the_rate(orthanc, storescp_factory, make_data):
    scp = storescp_factory()
    made = make_data(series=1, instances=44, pixel_bytes=1024 * 1024)
    orthanc.upload(made.paths())
    study = made.studies()[0]
    add_receiver(orthanc, "xnat-a", scp, Schedule=open_all_week(max_mbps=4))
    started = time.monotonic()
    assert move_series(orthanc, study, study.series[0]).ok
    elapsed = time.monotonic() - started
    record = orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]
    assert elapsed >= 10
    rate = record["BytesSent"] / 1e6 / elapsed
    assert abs(rate - 4) <= 4 * 0.15, (rate, elapsed)


def test_a_window_closing_mid_transfer_stops_it_and_the_next_completes_it(orthanc, slow_xnat):
    scp, study = slow_xnat(series=1, instances=6, schedule=CLOSED)
    [queued] = queue_moves(orthanc, study, study.series)
    orthanc.put("/xnat-dqr/receivers/xnat-a/schedule", open_all_week())
    wait.until(lambda: len(scp.stored_uids()) >= 2, timeout=20, message="2 instances")
    orthanc.put("/xnat-dqr/receivers/xnat-a/schedule", CLOSED)
    stopped = wait_state(orthanc, queued, "Queued", timeout=10)
    sent = stopped["InstancesSent"]
    assert 2 <= sent < 6
    time.sleep(1.5)  # the worker looks every second: show that nothing moves while closed
    assert len(scp.stored_uids()) == sent
    orthanc.put("/xnat-dqr/receivers/xnat-a/schedule", open_all_week())
    done = wait_state(orthanc, queued, "Succeeded", timeout=30)
    assert done["InstancesSent"] == 6
    assert scp.stored_uids() == uids(study.series[0].instances)
    assert len(scp.received()) == 6  # nothing skipped, nothing sent twice


def test_pause_resume_cancel_retry_priority(orthanc, storescp, data):
    add_receiver(orthanc, "xnat-a", storescp, Schedule=CLOSED)
    first, second, third = queue_moves(orthanc, data, data.series[:3])
    assert orthanc.post(f"/xnat-dqr/transfers/{first}/pause").json()["State"] == "Paused"
    conflict = orthanc.post(f"/xnat-dqr/transfers/{first}/pause")
    assert conflict.status_code == 409 and "Paused" in conflict.json()["Error"]
    assert orthanc.post(f"/xnat-dqr/transfers/{first}/resume").json()["State"] == "Queued"
    assert orthanc.post(f"/xnat-dqr/transfers/{second}/cancel").json()["State"] == "Canceled"
    answer = orthanc.put(f"/xnat-dqr/transfers/{third}/priority", {"Priority": 7})
    assert answer.status_code == 200 and answer.json()["Priority"] == 7
    assert orthanc.put(f"/xnat-dqr/transfers/{third}/priority", "x").status_code == 400
    orthanc.put("/xnat-dqr/receivers/xnat-a/schedule", open_all_week(threads=1))
    done_third = wait_state(orthanc, third, "Succeeded")
    done_first = wait_state(orthanc, first, "Succeeded")
    assert done_third["Started"] <= done_first["Started"]  # higher priority first
    assert transfer(orthanc, second)["State"] == "Canceled"
    conflict = orthanc.post(f"/xnat-dqr/transfers/{first}/resume")
    assert conflict.status_code == 409 and "Succeeded" in conflict.json()["Error"]
    assert orthanc.post(f"/xnat-dqr/transfers/{second}/retry").json()["State"] == "Queued"
    wait_state(orthanc, second, "Succeeded")
    assert storescp.stored_uids() == uids(
        [i for s in data.series[:3] for i in s.instances])
    assert orthanc.post("/xnat-dqr/transfers/999/pause").status_code == 404


def test_a_receiver_that_is_down_is_retried_then_reached(orthanc_factory, storescp_factory,
                                                        make_data):
    orthanc = orthanc_factory(config={"XnatDqr": {"RetryDelaySeconds": 1, "MaxAttempts": 10}})
    made = make_data(series=1, instances=2)
    orthanc.upload(made.paths())
    study = made.studies()[0]
    port = ports.free_port()
    add_receiver(orthanc, "xnat-a", port=port, Schedule=CLOSED, Timeout=2)
    [queued] = queue_moves(orthanc, study, study.series)
    orthanc.put("/xnat-dqr/receivers/xnat-a/schedule", open_all_week())
    failing = wait.until(lambda: transfer(orthanc, queued)["Attempts"] >= 2 and
                         transfer(orthanc, queued), timeout=20, message="two failed attempts")
    assert failing["State"] in ("Queued", "Running")
    assert "xnat-a" in failing["LastError"] and "Connection refused" in failing["LastError"]
    scp = storescp_factory(port=port)
    done = wait_state(orthanc, queued, "Succeeded", timeout=30)
    assert done["InstancesSent"] == 2
    assert scp.stored_uids() == uids(study.series[0].instances)


def test_the_last_attempt_fails_and_retry_queues_again(orthanc_factory, make_data):
    orthanc = orthanc_factory(config={"XnatDqr": {"RetryDelaySeconds": 1, "MaxAttempts": 2}})
    made = make_data(series=1, instances=1)
    orthanc.upload(made.paths())
    study = made.studies()[0]
    add_receiver(orthanc, "xnat-a", port=ports.free_port(), Schedule=CLOSED, Timeout=2)
    [queued] = queue_moves(orthanc, study, study.series)
    orthanc.put("/xnat-dqr/receivers/xnat-a/schedule", open_all_week())
    failed = wait_state(orthanc, queued, "Failed", timeout=30)
    assert failed["Attempts"] == 2 and "xnat-a" in failed["Error"]
    again = orthanc.post(f"/xnat-dqr/transfers/{queued}/retry").json()
    assert (again["State"], again["Attempts"]) == ("Queued", 0)


def test_kill_9_loses_no_transfer(orthanc, slow_xnat):
    scp, study = slow_xnat(series=2, instances=4, schedule=CLOSED)
    ids = queue_moves(orthanc, study, study.series)
    orthanc.put("/xnat-dqr/receivers/xnat-a/schedule", open_all_week(threads=1))
    wait.until(lambda: len(scp.stored_uids()) >= 2, timeout=20, message="2 instances")
    assert {transfer(orthanc, i)["State"] for i in ids} == {"Running", "Queued"}
    orthanc.kill()
    orthanc.start()
    for id_ in ids:
        wait_state(orthanc, id_, "Succeeded", timeout=60)
    assert scp.stored_uids() == uids(study.instances())  # every instance, at least once
    assert "queued again" in orthanc.log()


def test_deleting_a_receiver_with_active_transfers_needs_force(orthanc, storescp, data):
    add_receiver(orthanc, "xnat-a", storescp, Schedule=CLOSED)
    [queued] = queue_moves(orthanc, data, data.series[:1])
    answer = orthanc.delete("/xnat-dqr/receivers/xnat-a")
    assert answer.status_code == 409 and "X-Force" in answer.json()["Error"]
    assert orthanc.get("/xnat-dqr/receivers/xnat-a").status_code == 200
    # Orthanc 1.10.1 gives plugins no GET arguments on DELETE, so ?force cannot be seen.
    forced = orthanc.delete("/xnat-dqr/receivers/xnat-a", headers={"X-Force": "true"})
    assert forced.status_code == 204
    assert transfer(orthanc, queued)["State"] == "Canceled"


def test_a_move_that_finds_no_free_thread_waits_then_queues(orthanc_factory, storescp_factory,
                                                            make_data):
    import threading
    orthanc = orthanc_factory(config={"XnatDqr": {"MoveWaitSeconds": 1}, "DicomThreadsCount": 4})
    scp = storescp_factory(extra=["--fork", "--sleep-during", "1"])
    made = make_data(series=2, instances=3)
    orthanc.upload(made.paths())
    study = made.studies()[0]
    add_receiver(orthanc, "xnat-a", scp, Schedule=open_all_week(threads=1))
    first = {}
    busy = threading.Thread(target=lambda: first.update(
        moved=move_series(orthanc, study, study.series[0])))
    busy.start()
    wait.until(lambda: len(scp.stored_uids()) >= 1 or scp.associations() >= 1, timeout=10,
               message="the first C-MOVE sending")
    started = time.monotonic()
    second = move_series(orthanc, study, study.series[1])
    waited = time.monotonic() - started
    busy.join()
    assert first["moved"].ok and first["moved"].completed == 3
    assert second.status == 0x0000 and second.pending_responses == 0, second.output
    assert 1 <= waited < 5
    queued = orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]
    assert queued["Id"] > 1
    done = wait_state(orthanc, queued["Id"], "Succeeded", timeout=30)
    assert done["InstancesSent"] == 3


def test_kill_9_twenty_times_re_sends_at_most_one_instance_per_crash(orthanc, storescp,
                                                                     make_data):
    made = make_data(series=1, instances=120, pixel_bytes=64 * 1024)
    orthanc.upload(made.paths())
    study = made.studies()[0]
    # About 7 instances a second: slow enough to be killed mid-way, again and again.
    add_receiver(orthanc, "xnat-a", storescp, Schedule=CLOSED)
    [queued] = queue_moves(orthanc, study, study.series)
    orthanc.put("/xnat-dqr/receivers/xnat-a/schedule", open_all_week(threads=1, max_mbps=0.5))
    crashes = 0
    while crashes < 20:
        seen = len(storescp.received())
        wait.until(lambda: len(storescp.received()) >= seen + 2, timeout=30,
                   message="two more instances sent")
        if transfer(orthanc, queued)["State"] == "Succeeded":
            break
        orthanc.kill()
        orthanc.start()
        crashes += 1
    assert crashes == 20
    wait_state(orthanc, queued, "Succeeded", timeout=120)
    received = storescp.received()
    re_sent = len(received) - len({r.sop_instance_uid for r in received})
    print(f"{crashes} crashes, {re_sent} instances re-sent")
    assert storescp.stored_uids() == uids(study.instances())
    assert re_sent <= crashes, f"{re_sent} re-sent over {crashes} crashes"


def test_kill_9_during_a_c_move_queues_its_transfer(orthanc, slow_xnat):
    import threading
    scp, study = slow_xnat(series=1, instances=4, schedule=open_all_week())
    moving = threading.Thread(target=lambda: move_series(orthanc, study, study.series[0]))
    moving.start()
    wait.until(lambda: len(scp.stored_uids()) >= 1, timeout=20, message="1 instance")
    orthanc.kill()
    moving.join()
    orthanc.start()  # the plugin starts again: the C-MOVE's Transfer is recovered
    moved = orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]
    done = wait_state(orthanc, moved["Id"], "Succeeded", timeout=60)
    assert done["InstancesSent"] == 4
    assert scp.stored_uids() == uids(study.series[0].instances)
    assert "queued again" in orthanc.log()
