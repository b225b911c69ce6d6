"""Every change through REST is recorded: who, from where, what, before and after."""
import pytest

from harness import wait


@pytest.fixture
def secured(orthanc_factory):
    orthanc = orthanc_factory(config={"AuthenticationEnabled": True,
                                      "RegisteredUsers": {"admin": "s3cret:with:colons"}},
                              start=False)
    orthanc.session.auth = ("admin", "s3cret:with:colons")
    return orthanc.start()


def audit(orthanc, query=""):
    return orthanc.get_json("/xnat-dqr/audit" + query)


def test_changes_are_recorded_with_user_address_before_and_after(secured, storescp):
    body = {"Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1", "Port": storescp.port}
    assert secured.post("/xnat-dqr/receivers", body).status_code == 201
    body["Label"] = "renamed"
    assert secured.put("/xnat-dqr/receivers/xnat-a", body).status_code == 200
    closed = {"Monday": [{"Start": "01:00", "End": "02:00"}]}
    assert secured.put("/xnat-dqr/receivers/xnat-a/schedule", closed).status_code == 200
    assert secured.put("/xnat-dqr/schedule", closed).status_code == 200
    assert secured.delete("/xnat-dqr/receivers/xnat-a").status_code == 204

    records = audit(secured)
    assert [(r["Method"], r["Uri"]) for r in records] == [
        ("DELETE", "/xnat-dqr/receivers/xnat-a"), ("PUT", "/xnat-dqr/schedule"),
        ("PUT", "/xnat-dqr/receivers/xnat-a/schedule"), ("PUT", "/xnat-dqr/receivers/xnat-a"),
        ("POST", "/xnat-dqr/receivers")]
    assert {(r["User"], r["RemoteAddress"]) for r in records} == {("admin", "127.0.0.1")}
    deleted, global_schedule, schedule, renamed, created = records
    assert created["Before"] is None and created["After"]["Id"] == "xnat-a"
    assert renamed["Before"]["Label"] == "xnat-a" and renamed["After"]["Label"] == "renamed"
    assert schedule["Before"] is None and schedule["After"]["Monday"][0]["Start"] == "01:00"
    assert global_schedule["Before"] is None and global_schedule["After"]["Monday"]
    assert deleted["Before"]["Label"] == "renamed" and deleted["After"] is None
    assert "s3cret" not in secured.get("/xnat-dqr/audit").text
    lines = [line for line in secured.log().splitlines() if "xnat-dqr: audit " in line]
    assert len(lines) == 5 and "admin from 127.0.0.1 DELETE" in lines[-1]


def test_transfer_controls_are_recorded(orthanc, storescp, make_data):
    made = make_data(series=1, instances=1)
    orthanc.upload(made.paths())
    assert orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-a", "AET": "XNAT",
                                                "Host": "127.0.0.1", "Port": storescp.port,
                                                "Schedule": {}}).status_code == 201
    study = orthanc.get_json("/studies")[0]
    created = orthanc.post("/xnat-dqr/transfers", {"Receiver": "xnat-a", "Resources": [study]})
    transfer = created.json()["Id"]
    assert orthanc.post(f"/xnat-dqr/transfers/{transfer}/pause").status_code == 200
    assert orthanc.put(f"/xnat-dqr/transfers/{transfer}/priority", "7").status_code == 200
    assert orthanc.post(f"/xnat-dqr/transfers/{transfer}/cancel").status_code == 200
    records = audit(orthanc, "?limit=4")
    assert [r["Uri"].rsplit("/", 1)[-1] for r in records] == [
        "cancel", "priority", "pause", "transfers"]
    cancel, priority, pause, _ = records
    assert (pause["Before"]["State"], pause["After"]["State"]) == ("Queued", "Paused")
    assert (priority["Before"]["Priority"], priority["After"]["Priority"]) == (0, 7)
    assert cancel["After"]["State"] == "Canceled" and cancel["User"] is None


def test_failed_requests_record_nothing_and_records_survive_restarts(orthanc, storescp):
    body = {"Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1", "Port": storescp.port}
    assert orthanc.post("/xnat-dqr/receivers", body).status_code == 201
    assert orthanc.post("/xnat-dqr/receivers", body).status_code == 409
    assert orthanc.post("/xnat-dqr/receivers", "{").status_code == 400
    assert orthanc.put("/xnat-dqr/receivers/xnat-a", {"Port": 0}).status_code == 400
    assert orthanc.post("/xnat-dqr/transfers/999/pause").status_code == 404
    assert len(audit(orthanc)) == 1
    first = audit(orthanc)[0]
    orthanc.restart()
    assert audit(orthanc) == [first]
    assert audit(orthanc, "?since=" + first["Time"]) == [first]
    assert audit(orthanc, "?since=2999-01-01T00:00:00Z") == []
    for bad in ("?limit=0", "?since=yesterday"):
        assert orthanc.get("/xnat-dqr/audit" + bad).status_code == 400
