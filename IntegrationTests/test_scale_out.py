"""Several Orthancs on one PostgreSQL: Orthanc's index through orthanc-postgresql (several
writers, "Lock": false), the plugin's Receivers, queue, audit and history in the same database
(schema xnat_dqr). A Receiver registered on one Orthanc is served by all of them, each keeping
its own DicomModalities in step within 2 s; the database going away answers 503 and refuses
C-MOVEs, and everything works again once it is back."""
import time

from harness import dcmtk, wait
from test_queue import add_receiver, move_series

SYNC_S = 2  # the bound for another Orthanc's change to be served


def two_orthancs(orthanc_factory, postgres, tmp_path):
    config = postgres.orthanc_config(postgres.database, str(tmp_path / "shared-storage"))
    return (orthanc_factory(config=config, name="orthanc-a"),
            orthanc_factory(config=config, name="orthanc-b"))


def served_within(orthanc, check, message):
    start = time.monotonic()
    wait.until(check, timeout=SYNC_S, interval=0.02, message=f"{message} within {SYNC_S} s")
    return time.monotonic() - start


def test_register_on_a_route_on_b_delete_on_b_refused_on_a(orthanc_factory, postgres, tmp_path,
                                                           storescp_factory, make_data):
    a, b = two_orthancs(orthanc_factory, postgres, tmp_path)
    status = b.get_json("/xnat-dqr/status")["Configuration"]
    assert status["Database"]["Backend"] == "PostgreSQL"
    assert status["InstanceId"] != a.get_json("/xnat-dqr/status")["Configuration"]["InstanceId"]
    scp = storescp_factory(aet="XNATA")
    made = make_data(series=1, instances=3)
    a.upload(made.paths())
    assert len(b.get_json("/studies")) == 1  # one index for both
    study = made.studies()[0]

    add_receiver(a, "xnat-a", scp, CallingAETs=["XNAT", "XNATA"])
    entries = {"xnat-a", "xnat-a_caller-1"}  # its destination, and its other caller
    assert entries <= set(a.get_json("/modalities"))
    took = served_within(b, lambda: "xnat-a" in b.get_json("/xnat-dqr/receivers"),
                         "the Receiver on B")
    served_within(b, lambda: entries <= set(b.get_json("/modalities")),
                  "B's DicomModalities")
    print(f"registered on A, served by B after {took:.2f} s")
    moved = move_series(b, study, study.series[0], destination="XNATA")
    assert moved.status == 0, moved.output
    assert len(scp.stored_uids()) == 3
    # One queue: the Transfer B made is listed by A.
    [done] = a.get_json("/xnat-dqr/transfers")
    assert (done["Receiver"], done["State"], done["InstancesSent"]) == ("xnat-a", "Succeeded", 3)

    assert b.delete("/xnat-dqr/receivers/xnat-a").status_code == 204
    served_within(a, lambda: "xnat-a" not in a.get_json("/xnat-dqr/receivers"),
                  "the deletion on A")
    served_within(a, lambda: not entries & set(a.get_json("/modalities")),
                  "A's DicomModalities")
    refused = move_series(a, study, study.series[0], destination="XNATA")
    assert refused.status != 0
    assert len(scp.stored_uids()) == 3
    # Both audit trails are one.
    assert [r["Method"] for r in a.get_json("/xnat-dqr/audit")] == ["DELETE", "POST"]


def test_the_database_away_answers_503_and_comes_back(orthanc_factory, postgres, storescp,
                                                      make_data, tmp_path):
    # Orthanc's own index on SQLite here: only the plugin loses its database.
    orthanc = orthanc_factory(config=postgres.orthanc_config(
        postgres.database, str(tmp_path / "storage"), index=False))
    add_receiver(orthanc, "xnat-a", storescp)
    made = make_data(series=1, instances=2)
    orthanc.upload(made.paths())
    study = made.studies()[0]
    receivers = orthanc.get_json("/xnat-dqr/receivers?expand")

    postgres.stop()
    answer = orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-b", "AET": "XNATB",
                                                  "Host": "127.0.0.1", "Port": 1})
    assert answer.status_code == 503, answer.text
    assert "PostgreSQL database is unavailable" in answer.json()["Error"]
    assert orthanc.get("/xnat-dqr/transfers").status_code == 503
    assert orthanc.get_json("/xnat-dqr/receivers?expand") == receivers  # served from memory
    moved = move_series(orthanc, study, study.series[0], destination=storescp.aet)
    assert moved.status == 0xC000, moved.output
    assert storescp.received() == []
    assert [line for line in orthanc.log().splitlines()
            if "C-MOVE" in line and "PostgreSQL database is unavailable" in line]

    postgres.start()
    created = wait.until(lambda: orthanc.post("/xnat-dqr/receivers", {
        "Id": "xnat-b", "AET": "XNATB", "Host": "127.0.0.1", "Port": 1}).status_code == 201,
        timeout=15, message="the plugin connected again")
    assert created
    assert move_series(orthanc, study, study.series[0], destination=storescp.aet).status == 0
    assert len(storescp.stored_uids()) == 2
    assert {r["Id"] for r in orthanc.get_json("/xnat-dqr/receivers?expand")} == {
        "xnat-a", "xnat-b"}
