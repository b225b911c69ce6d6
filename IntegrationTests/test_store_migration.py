"""A database written by the plugin before PacsAET and typed Transfer columns (schema 3, see
fixtures/schema3/make.py) opens, and every Receiver, Transfer and schedule comes back through
REST as that plugin served it."""
import json
import os
import shutil

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "schema3")
NEW_RECEIVER_KEYS = {"PacsAET": None, "Weight": 1, "LocalAet": None, "UseDicomTls": False,
                     "CallingAddresses": [], "HttpUsers": [], "HttpAddresses": []}
NEW_TRANSFER_KEYS = {"CalledAET", "Actions", "Retry", "InsideMove", "Waiting", "SendingMBps",
                     "Study", "RunningOn", "CallingAddress"}


def start_on_fixture(orthanc_factory, tmp_path):
    database = os.path.join(str(tmp_path), "migrated", "xnat-dqr.db")
    os.makedirs(os.path.dirname(database))
    shutil.copy(os.path.join(FIXTURE, "xnat-dqr.db"), database)
    # The fixture's times were served in UTC; so are these.
    return orthanc_factory(config={"XnatDqr": {"DatabasePath": database}}, env={"TZ": "UTC"})


def by_id(items):
    return {item["Id"]: item for item in items}


def test_a_schema3_database_comes_back_identical(orthanc_factory, tmp_path):
    with open(os.path.join(FIXTURE, "rest.json")) as recorded:
        old = json.load(recorded)
    orthanc = start_on_fixture(orthanc_factory, tmp_path)

    receivers = by_id(orthanc.get_json("/xnat-dqr/receivers?expand"))
    old_receivers = by_id(old["/xnat-dqr/receivers?expand"])
    assert set(receivers) == set(old_receivers)
    for id_, before in old_receivers.items():
        after = receivers[id_]
        assert {k: v for k, v in after.items() if k not in NEW_RECEIVER_KEYS} == before, id_
        assert after["PacsAET"] is None
        assert after["LocalAet"] is None and after["UseDicomTls"] is False  # #23's defaults
        assert after["CallingAddresses"] == []  # #25: any address
        assert after["HttpUsers"] == after["HttpAddresses"] == []  # #26: no bound identity

    transfers = by_id(orthanc.get_json("/xnat-dqr/transfers?limit=1000"))
    old_transfers = by_id(old["/xnat-dqr/transfers?limit=1000"])
    assert set(transfers) == set(old_transfers) and len(transfers) == 5
    for id_, before in old_transfers.items():
        after = transfers[id_]
        assert {k: v for k, v in after.items() if k not in NEW_TRANSFER_KEYS} == before, id_
        assert after["CalledAET"] == ""
        assert after["Study"] is None  # not recorded before schema 7
        assert after["RunningOn"] is None  # one Orthanc, on SQLite
        assert after["CallingAddress"] is None  # not recorded before schema 13
    assert transfers[5]["State"] == "Paused" and transfers[5]["Actions"] == [
        "Resume", "Cancel", "Priority"]

    assert orthanc.get_json("/xnat-dqr/schedule") == old["/xnat-dqr/schedule"]


def test_the_migrated_database_keeps_working(orthanc_factory, tmp_path):
    orthanc = start_on_fixture(orthanc_factory, tmp_path)
    resumed = orthanc.post("/xnat-dqr/transfers/5/resume")
    assert resumed.status_code == 200 and resumed.json()["State"] == "Queued", resumed.text
    orthanc.restart()
    assert orthanc.get_json("/xnat-dqr/transfers/5")["State"] == "Queued"
    assert orthanc.get_json("/xnat-dqr/transfers/5")["Priority"] == 4
    body = {"Id": "xnat-d", "AET": "XNAT", "Host": "127.0.0.1", "Port": 1, "PacsAET": "PACSD"}
    assert orthanc.post("/xnat-dqr/receivers", body).status_code == 201
