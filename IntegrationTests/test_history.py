"""The history after real Transfers: bytes, instances, failures and queue depth per Receiver
and minute (48 h) or hour (30 days), served by GET /xnat-dqr/receivers/{id}/history and
GET /xnat-dqr/history, kept across a restart."""
from harness import ports, wait
from test_queue import CLOSED, add_receiver, move_series, queue_moves, wait_state


def history(orthanc, receiver=None, **arguments):
    uri = f"/xnat-dqr/receivers/{receiver}/history" if receiver else "/xnat-dqr/history"
    query = "&".join(f"{k}={v}" for k, v in arguments.items())
    return orthanc.get_json(uri + ("?" + query if query else ""))


def sent_bytes(orthanc, receiver):
    return sum(t["BytesSent"] for t in orthanc.get_json(f"/xnat-dqr/transfers?receiver={receiver}"))


def test_history_counts_what_cmoves_delivered_and_survives_a_restart(orthanc, storescp_factory,
                                                                     make_data):
    a, b = storescp_factory(aet="XNATA"), storescp_factory(aet="XNATB")
    made = make_data(series=2, instances=3, pixel_bytes=32768)
    orthanc.upload(made.paths())
    add_receiver(orthanc, "xnat-a", a)
    add_receiver(orthanc, "xnat-b", b)
    study = made.studies()[0]
    assert move_series(orthanc, study, study.series[0], destination="XNATA").status == 0
    assert move_series(orthanc, study, study.series[1], destination="XNATB").status == 0
    assert move_series(orthanc, study, study.series[1], destination="XNATB").status == 0

    day = history(orthanc, "xnat-a")
    assert (day["Receiver"], day["Resolution"]) == ("xnat-a", "minute")
    assert len(day["Points"]) == 24 * 60
    assert day["Totals"]["Instances"] == 3 == len(a.stored_uids())
    assert day["Totals"]["Bytes"] == sent_bytes(orthanc, "xnat-a") > 3 * 32768
    assert sum(p["Bytes"] for p in day["Points"]) == day["Totals"]["Bytes"]
    assert any(p["MBps"] > 0 for p in day["Points"][-2:])
    assert day["Totals"]["Failures"] == 0
    # No schedule: open the whole time.
    assert [(s["From"], s["To"]) for s in day["Open"]] == [(day["From"], day["To"])]
    assert history(orthanc, "xnat-b")["Totals"]["Instances"] == 6
    pacs = history(orthanc)
    assert pacs["Receiver"] is None
    assert pacs["Totals"]["Bytes"] == sent_bytes(orthanc, "xnat-a") + sent_bytes(orthanc, "xnat-b")

    # Written to the plugin's database at stop: the same after a restart, by minute and by hour.
    before = history(orthanc, "xnat-b")["Totals"]
    orthanc.restart()
    assert history(orthanc, "xnat-b")["Totals"] == before
    week = history(orthanc, "xnat-b", hours=168)
    assert (week["Resolution"], len(week["Points"])) == ("hour", 168)
    assert week["Totals"] == before


def test_history_shows_the_queue_and_failures(orthanc_factory, make_data):
    orthanc = orthanc_factory(config={"XnatDqr": {"RetryDelaySeconds": 1, "MaxAttempts": 2}})
    made = make_data(series=2, instances=1)
    orthanc.upload(made.paths())
    study = made.studies()[0]
    # Nothing listens on this port: each attempt fails.
    add_receiver(orthanc, "xnat-a", port=ports.free_port(), Schedule=CLOSED, Timeout=2)
    ids = queue_moves(orthanc, study, study.series)
    queued = history(orthanc, "xnat-a")
    assert queued["Points"][-1]["Queued"] == 2
    assert queued["Open"] == []  # a schedule without Windows is never open
    orthanc.put("/xnat-dqr/receivers/xnat-a/schedule", {
        d: [{"Start": "00:00", "End": "24:00"}] for d in
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")})
    for id_ in ids:
        wait_state(orthanc, id_, "Failed", timeout=60)
    failed = history(orthanc, "xnat-a")
    assert failed["Totals"]["Failures"] == 4  # 2 Transfers x 2 attempts
    assert failed["Totals"]["Instances"] == 0
    assert failed["Points"][-1]["Queued"] == 0
    assert len(failed["Open"]) == 1


def test_history_arguments_are_checked(orthanc, storescp):
    add_receiver(orthanc, "xnat-a", storescp)
    for query, field in (("hours=0", "hours"), ("hours=721", "hours"), ("hours=x", "hours"),
                         ("hours=49&resolution=minute", "resolution"),
                         ("resolution=second", "resolution")):
        answer = orthanc.get(f"/xnat-dqr/receivers/xnat-a/history?{query}")
        assert answer.status_code == 400, query
        assert answer.json()["Field"] == field, query
    assert orthanc.get("/xnat-dqr/receivers/nobody/history").status_code == 404
    # An Id that cannot exist is a bad request, as on every other route of a Receiver.
    for route in ("history", "schedule", "xnat-settings"):
        bad = orthanc.get(f"/xnat-dqr/receivers/Not_A_Slug/{route}")
        assert bad.status_code == 400 and bad.json()["Field"] == "Id", (route, bad.text)
    assert len(history(orthanc, hours=720)["Points"]) == 720
