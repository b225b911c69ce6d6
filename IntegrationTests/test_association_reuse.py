"""Associations kept open between consecutive C-MOVEs to one destination
(XnatDqr.KeepAssociationSeconds), as XNAT DQR sends a request's series one after another."""
import subprocess
import time

import pytest

from harness import dcmtk, tcp, wait
from test_cmove import add_receiver, latest_transfer, series_keys, uids, wait_stored


@pytest.fixture
def three_series(orthanc, make_data):
    data = make_data(series=3, instances=2)
    orthanc.upload(data.paths())
    return data.studies()[0]


def move_each(orthanc, study, destination="XNAT", caller="MOVESCU"):
    for series in study.series:
        moved = dcmtk.movescu(orthanc.dicom_port, series_keys(study, series), destination,
                              aet=caller)
        assert moved.ok and moved.completed == len(series.instances), moved.output


def released(scp):
    return sum(open(path, errors="replace").read().count("Association Release")
               for path in scp.logs)


def test_consecutive_c_moves_share_one_association_then_it_is_released(orthanc, storescp,
                                                                       three_series):
    add_receiver(orthanc, "xnat-a", storescp)
    move_each(orthanc, three_series)
    wait_stored(storescp, uids(i for s in three_series.series for i in s.instances))
    assert storescp.associations() == 1
    # Each C-STORE still names its own C-MOVE's caller and message.
    assert {r.move_originator_id for r in storescp.received()} == {1}  # each movescu's first
    assert {r.move_originator_aet for r in storescp.received()} == {"MOVESCU"}
    assert released(storescp) == 0
    # Released once idle for KeepAssociationSeconds (default 2).
    wait.until(lambda: released(storescp) == 1, timeout=10, message="the kept association released")
    assert tcp.established_peers(storescp.port) == []
    # The next C-MOVE opens a new one.
    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(three_series, three_series.series[0]),
                          "XNAT")
    assert moved.ok and storescp.associations() == 2


def test_keep_association_seconds_0_opens_one_per_c_move(orthanc_factory, storescp, make_data):
    orthanc = orthanc_factory(config={"XnatDqr": {"KeepAssociationSeconds": 0}})
    data = make_data(series=3, instances=2)
    orthanc.upload(data.paths())
    study = data.studies()[0]
    add_receiver(orthanc, "xnat-a", storescp)
    move_each(orthanc, study)
    assert storescp.associations() == 3
    wait.until(lambda: released(storescp) == 3, timeout=10, message="three releases")
    assert orthanc.get_json("/xnat-dqr/status")["Configuration"]["KeepAssociationSeconds"] == 0


def test_a_receiver_restarted_while_idle_gets_a_new_association(orthanc, storescp, three_series):
    add_receiver(orthanc, "xnat-a", storescp)
    first, second, _ = three_series.series
    assert dcmtk.movescu(orthanc.dicom_port, series_keys(three_series, first), "XNAT").ok
    storescp.kill()  # the kept association is gone with it
    storescp.start()
    moved = dcmtk.movescu(orthanc.dicom_port, series_keys(three_series, second), "XNAT")
    assert moved.ok and (moved.completed, moved.failed) == (2, 0), moved.output
    wait_stored(storescp, uids(first.instances) | uids(second.instances))
    transfer = latest_transfer(orthanc)
    # A kept association found closed is not a lost one: nothing to account for.
    assert transfer["State"] == "Succeeded" and not transfer.get("LastError")
    assert "association lost" not in orthanc.log()


def test_two_xnats_at_defaults_each_keep_their_own_association(orthanc, storescp_factory,
                                                               three_series):
    # Both receive as XNAT; only the caller tells them apart.
    a, b = storescp_factory(aet="XNAT"), storescp_factory(aet="XNAT")
    add_receiver(orthanc, "xnat-a", a, CallingAETs=["XNATA"])
    add_receiver(orthanc, "xnat-b", b, CallingAETs=["XNATB"])
    first, second, third = three_series.series
    for caller, series in (("XNATA", first), ("XNATB", second), ("XNATA", third)):
        moved = dcmtk.movescu(orthanc.dicom_port, series_keys(three_series, series), "XNAT",
                              aet=caller)
        assert moved.ok and moved.completed == 2, moved.output
    wait_stored(a, uids(first.instances) | uids(third.instances))
    wait_stored(b, uids(second.instances))
    # xnat-a's association carried its two series across xnat-b's C-MOVE.
    assert (a.associations(), b.associations()) == (1, 1)
    assert {r.move_originator_aet for r in a.received()} == {"XNATA"}


def test_another_sop_class_replaces_the_kept_association(orthanc, storescp_factory, make_data,
                                                         tmp_path):
    data = make_data(series=2, instances=2)
    study = data.studies()[0]
    # The second series becomes CT Image Storage: a SOP Class the first did not propose.
    second = {i.sop_instance_uid for i in study.series[1].instances}
    for path in data.paths():
        if any(uid in open(path, "rb").read().decode("latin-1") for uid in second):
            subprocess.run(["dcmodify", "-nb", "-m", "(0008,0016)=1.2.840.10008.5.1.4.1.1.2",
                            path], check=True, capture_output=True)
    orthanc.upload(data.paths())
    scp = storescp_factory(aet="XNAT", extra=["--fork"])
    add_receiver(orthanc, "xnat-a", scp)
    with tcp.PeakSampler(scp.port) as sampler:
        move_each(orthanc, study)
        wait_stored(scp, uids(i for s in study.series for i in s.instances))
        # Sampled until the last is released: a first one left open would overlap it.
        wait.until(lambda: tcp.established_peers(scp.port) == [], timeout=10,
                   message="every association released")
    assert scp.associations() == 2
    # The kept one was released before the other was opened: never two at once.
    assert sampler.peak == 1, sampler.peak_peers
    # The sampler watched the whole test (about 1 s; a loaded machine reads the table slower).
    assert sampler.samples > 20


def test_the_metrics_say_where_a_c_moves_time_goes(orthanc, storescp, three_series):
    add_receiver(orthanc, "xnat-a", storescp)
    move_each(orthanc, three_series)
    text = orthanc.get("/xnat-dqr/metrics").text
    steps = {}
    for line in text.splitlines():
        if line.startswith("xnatdqr_cmove_step_seconds_total{"):
            steps[line.split('"')[1]] = float(line.split()[-1])
        if line.startswith("xnatdqr_cmoves_served_total "):
            served = float(line.split()[-1])
    assert served == 3
    assert set(steps) == {"route", "match", "admit", "record", "open", "read", "store", "finish"}
    assert all(value > 0 for value in steps.values()), steps
    started = time.monotonic()
    move_each(orthanc, three_series)
    elapsed = time.monotonic() - started
    text = orthanc.get("/xnat-dqr/metrics").text
    after = sum(float(line.split()[-1]) for line in text.splitlines()
                if line.startswith("xnatdqr_cmove_step_seconds_total{"))
    # The steps are inside the three C-MOVEs, which took no longer than movescu saw.
    assert 0 < after - sum(steps.values()) < elapsed
