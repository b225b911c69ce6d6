"""GET /xnat-dqr/metrics and Orthanc's own metrics, read with a real Prometheus parser, follow
real Transfers: sent, queued and refused C-MOVEs."""
import requests
from prometheus_client.parser import text_string_to_metric_families

from harness import wait
from test_queue import CLOSED, add_receiver, latest_id, move_series, open_all_week, transfer


def scrape(orthanc, uri="/xnat-dqr/metrics"):
    """{(name, frozenset(labels)): value} of every sample, and the families' types."""
    answer = orthanc.get(uri)
    assert answer.status_code == 200, answer.text
    samples, types = {}, {}
    for family in text_string_to_metric_families(answer.text):
        types[family.name] = family.type
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples, types, answer


def value(samples, name, **labels):
    return samples[(name, frozenset(labels.items()))]


def test_metrics_follow_sent_queued_and_refused_moves(orthanc, storescp_factory, make_data):
    storescp = storescp_factory()
    made = make_data(series=3, instances=4, pixel_bytes=4096)
    orthanc.upload(made.paths())
    study = made.studies()[0]
    add_receiver(orthanc, "xnat-a", storescp, Schedule=open_all_week())
    add_receiver(orthanc, "xnat-q", storescp_factory(aet="XNATQ"), Schedule=CLOSED,
                 OutsideWindow="Queue")
    add_receiver(orthanc, "xnat-r", storescp_factory(aet="XNATR"), Schedule=CLOSED,
                 OutsideWindow="Refuse")

    samples, types, answer = scrape(orthanc)
    assert answer.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    assert types["xnatdqr_transfers"] == "gauge"
    assert types["xnatdqr_bytes_sent"] == "counter"  # the parser drops the _total suffix
    assert types["xnatdqr_cmove_refused"] == "counter"
    assert value(samples, "xnatdqr_transfers", receiver="xnat-a", state="Succeeded") == 0
    assert value(samples, "xnatdqr_window_open", receiver="xnat-a") == 1
    assert value(samples, "xnatdqr_window_open", receiver="xnat-q") == 0

    moved = move_series(orthanc, study, study.series[0], destination=storescp.aet)
    assert moved.status == 0x0000, moved.output
    sent = transfer(orthanc, latest_id(orthanc))
    assert sent["State"] == "Succeeded" and sent["InstancesSent"] == 4
    samples, _, _ = scrape(orthanc)
    assert value(samples, "xnatdqr_transfers", receiver="xnat-a", state="Succeeded") == 1
    assert value(samples, "xnatdqr_instances_sent_total", receiver="xnat-a") == 4
    assert value(samples, "xnatdqr_bytes_sent_total", receiver="xnat-a") == sent["BytesSent"]
    assert sent["BytesSent"] > 4 * 4096
    # Sent within the last 10 s: the current rate is not zero.
    assert value(samples, "xnatdqr_send_rate_mbps", receiver="xnat-a") > 0

    for series in study.series[1:]:
        assert move_series(orthanc, study, series, destination="XNATQ").status == 0x0000
    queued = transfer(orthanc, latest_id(orthanc))
    assert queued["State"] == "Queued"
    refused = move_series(orthanc, study, study.series[0], destination="XNATR")
    assert refused.status != 0x0000
    unknown = move_series(orthanc, study, study.series[0], destination="NOBODY")
    assert unknown.status != 0x0000

    samples, _, _ = scrape(orthanc)
    assert value(samples, "xnatdqr_queue_depth", receiver="xnat-q") == 2
    assert value(samples, "xnatdqr_transfers", receiver="xnat-q", state="Queued") == 2
    assert value(samples, "xnatdqr_oldest_queued_age_seconds", receiver="xnat-q") >= 0
    assert value(samples, "xnatdqr_queue_depth", receiver="xnat-a") == 0
    assert value(samples, "xnatdqr_cmove_refused_total", receiver="xnat-r",
                 reason="outside_window") == 1
    assert value(samples, "xnatdqr_cmove_refused_total", receiver="",
                 reason="unknown_destination") == 1
    # The oldest queued Transfer ages with the clock.
    first_age = value(samples, "xnatdqr_oldest_queued_age_seconds", receiver="xnat-q")
    wait.until(lambda: value(scrape(orthanc)[0], "xnatdqr_oldest_queued_age_seconds",
                             receiver="xnat-q") >= first_age + 1, timeout=10,
               message="the oldest queued Transfer's age grows")

    # Cancelling a queued Transfer moves it from Queued to Canceled in the metrics.
    assert orthanc.post(f"/xnat-dqr/transfers/{queued['Id']}/cancel").status_code == 200
    samples, _, _ = scrape(orthanc)
    assert value(samples, "xnatdqr_queue_depth", receiver="xnat-q") == 1
    assert value(samples, "xnatdqr_transfers", receiver="xnat-q", state="Canceled") == 1

    # Orthanc's own metrics carry the totals (Orthanc prints a timestamp; the parser reads it).
    own, _, _ = scrape(orthanc, "/tools/metrics-prometheus")
    assert value(own, "xnatdqr_transfers_queued") == 1
    assert value(own, "xnatdqr_cmove_refused") == 2
    assert abs(value(own, "xnatdqr_megabytes_sent") - sent["BytesSent"] / 1e6) < 1e-3


def test_metrics_need_credentials(orthanc_factory):
    orthanc = orthanc_factory(config={"AuthenticationEnabled": True,
                                      "RegisteredUsers": {"admin": "secret"}}, start=False)
    orthanc.session.auth = ("admin", "secret")
    orthanc.start()
    assert requests.get(orthanc.url + "/xnat-dqr/metrics").status_code == 401
    answer = requests.get(orthanc.url + "/xnat-dqr/metrics", auth=("admin", "secret"))
    assert answer.status_code == 200
    assert "xnatdqr_transfers" in answer.text
