"""Fair share: under the PACS-wide Threads, the queue starts Transfers for Receivers by Weight,
not first come, first served. (The bandwidth share is measured in bench/bench_fair_share.py.)"""
import datetime

from harness import wait
from test_queue import add_receiver, transfer

WEEK = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def test_one_global_thread_is_shared_one_to_three(orthanc, storescp_factory, make_data):
    made = make_data(series=1, instances=1)
    orthanc.upload(made.paths())
    study = orthanc.get_json("/studies")[0]
    assert orthanc.put("/xnat-dqr/schedule", {}).status_code == 200  # the PACS closed
    add_receiver(orthanc, "light", storescp_factory(aet="LIGHT"), Weight=1)
    add_receiver(orthanc, "heavy", storescp_factory(aet="HEAVY"), Weight=3)
    assert orthanc.get_json("/xnat-dqr/receivers/heavy")["Weight"] == 3
    ids = []
    for receiver in ("light", "heavy"):
        for _ in range(8):
            answer = orthanc.post("/xnat-dqr/transfers", {"Receiver": receiver,
                                                          "Resources": [study]})
            ids.append(answer.json()["Id"])
    # Open, with one thread for the whole PACS: one Transfer at a time.
    orthanc.put("/xnat-dqr/schedule", {d: [{"Start": "00:00", "End": "24:00", "Threads": 1}]
                                       for d in WEEK})
    wait.until(lambda: all(transfer(orthanc, i)["State"] == "Succeeded" for i in ids),
               timeout=60, message="every Transfer")
    started = sorted((datetime.datetime.fromisoformat(transfer(orthanc, i)["Started"]),
                      transfer(orthanc, i)["Receiver"]) for i in ids)
    first = [receiver for _, receiver in started[:8]]
    # Weights 1 and 3: of the first 8 starts, 2 are light's and 6 heavy's (one either way for
    # who goes first on a tie).
    assert first.count("heavy") in (5, 6), first
    assert first.count("light") in (2, 3), first


def test_weight_is_validated(orthanc, storescp):
    answer = orthanc.post("/xnat-dqr/receivers", {"Id": "a", "AET": "XNAT", "Host": "127.0.0.1",
                                                  "Port": storescp.port, "Weight": 0})
    assert answer.status_code == 400 and answer.json()["Field"] == "Weight"
    assert orthanc.get_json("/xnat-dqr/receivers") == []
