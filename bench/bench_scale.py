"""Costs that must not grow with what is stored: Receivers, queued Transfers, idle CPU and
restart, on a real Orthanc with the plugin (issue targets in docs/PERFORMANCE.md).

Usage: /usr/bin/python3 bench/bench_scale.py [--receivers 1000] [--queued 10000] [--quick]
Set XNATDQR_PLUGIN to measure another build of the plugin (e.g. an older one) the same way."""
import argparse
import os
import shutil
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "IntegrationTests"))

sys.path.insert(0, HERE)

from bench_cmove import Sink  # noqa: E402
from harness import dcmtk, dicomgen  # noqa: E402
from harness.orthanc import Orthanc  # noqa: E402

SAMPLES = 30


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def timed(call):
    started = time.perf_counter()
    answer = call()
    elapsed = (time.perf_counter() - started) * 1000
    assert answer.status_code in (200, 201, 204), answer.text[:500]
    return elapsed


def receiver(i, own_caller):
    """own_caller: a CallingAET besides the AET, so two modality entries; otherwise the XNAT
    default (it calls with the AE Title it receives on), one entry."""
    body = {"Id": f"r{i}", "AET": f"XNAT{i}", "Host": "127.0.0.1", "Port": 1000 + i % 60000,
            "Schedule": {}}
    if own_caller:
        body["CallingAETs"] = [f"CALLER{i}"]
    return body


def receivers_at(orthanc, target, made, study, sink, own_caller):
    """Grows the registry to target Receivers, then times creates, updates (one that leaves
    the modality entries as they are, one that moves the Receiver) and deletes."""
    while made[0] < target:
        body = receiver(made[0], own_caller)
        assert orthanc.post("/xnat-dqr/receivers", body).status_code == 201
        made[0] += 1
    create, label, moved, delete, orthanc_put = [], [], [], [], []
    for n in range(SAMPLES):
        body = receiver(61000 + n, own_caller)
        create.append(timed(lambda: orthanc.post("/xnat-dqr/receivers", body)))
        body["Label"] = "changed"
        label.append(timed(lambda: orthanc.put(f"/xnat-dqr/receivers/{body['Id']}", body)))
        body["Port"] += 1
        moved.append(timed(lambda: orthanc.put(f"/xnat-dqr/receivers/{body['Id']}", body)))
        delete.append(timed(lambda: orthanc.delete(f"/xnat-dqr/receivers/{body['Id']}")))
        # Orthanc's own cost for one modality entry at this size, for comparison.
        entry = {"AET": "PROBE", "Host": "127.0.0.1", "Port": 9}
        orthanc_put.append(timed(lambda: orthanc.put("/modalities/probe", entry)))
        orthanc.delete("/modalities/probe")
    return (target, p95(create), p95(label), p95(moved), p95(delete), p95(orthanc_put),
            move_latency(orthanc, study, sink))


def two_puts(orthanc):
    """Orthanc's cost for two modality entries, one after the other and from two threads at
    once: whether a Receiver's two entries could be written side by side (medians of 15)."""
    entry = {"AET": "PROBE", "Host": "127.0.0.1", "Port": 9}

    def put(name):
        assert orthanc.put(f"/modalities/{name}", entry).status_code == 200

    after, together = [], []
    for _ in range(15):
        started = time.perf_counter()
        put("probe-a")
        put("probe-b")
        after.append((time.perf_counter() - started) * 1000)
        threads = [threading.Thread(target=put, args=(name,)) for name in ("probe-c", "probe-d")]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        together.append((time.perf_counter() - started) * 1000)
        for name in ("probe-a", "probe-b", "probe-c", "probe-d"):
            orthanc.delete(f"/modalities/{name}")
    return sorted(after)[len(after) // 2], sorted(together)[len(together) // 2]


def move_latency(orthanc, study, sink):
    """Median of 15 SERIES-level C-MOVEs of one small instance to the sink Receiver."""
    series = study.series[0]
    keys = {"QueryRetrieveLevel": "SERIES", "StudyInstanceUID": study.study_instance_uid,
            "SeriesInstanceUID": series.series_instance_uid}
    times = []
    for _ in range(15):
        started = time.perf_counter()
        moved = dcmtk.movescu(orthanc.dicom_port, keys, sink.aet, aet="XNAT")
        times.append((time.perf_counter() - started) * 1000)
        assert moved.ok, moved.output[-1000:]
    return sorted(times)[len(times) // 2]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_cpu(orthanc, seconds):
    before = cpu_seconds(orthanc.process.pid)
    time.sleep(seconds)  # measuring idleness: nothing to poll for
    return 100 * (cpu_seconds(orthanc.process.pid) - before) / seconds


def queue_at(orthanc, target, queued, study_id):
    body = {"Receiver": "closed", "Resources": [study_id]}
    while queued[0] < target:
        assert orthanc.post("/xnat-dqr/transfers", body).status_code == 201
        queued[0] += 1
    post = [timed(lambda: orthanc.post("/xnat-dqr/transfers", body)) for _ in range(SAMPLES)]
    queued[0] += SAMPLES
    page = [timed(lambda: orthanc.get("/xnat-dqr/transfers?limit=100")) for _ in range(SAMPLES)]
    return target, p95(post), p95(page), idle_cpu(orthanc, 10)


def restart(orthanc):
    orthanc.stop()
    started = time.monotonic()
    orthanc.start(timeout=120)
    while orthanc.get("/xnat-dqr/status").status_code != 200:
        pass
    return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--receivers", type=int, default=1000)
    parser.add_argument("--queued", type=int, default=10000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    receiver_steps = [10, 100] if args.quick else [10, 100, args.receivers]
    queue_steps = [10, 100] if args.quick else [10, 1000, args.queued]
    folder = tempfile.mkdtemp()
    orthanc = Orthanc(folder, name="scale").start(timeout=60)
    sink = Sink()
    try:
        data = dicomgen.generate(os.path.join(folder, "data"), series=1, instances=1)
        orthanc.upload(data.paths())
        study_id = orthanc.get_json("/studies")[0]
        assert orthanc.post("/xnat-dqr/receivers", {"Id": "sink", "AET": sink.aet,
                                                    "Host": "127.0.0.1",
                                                    "Port": sink.port}).status_code == 201
        made = [0]
        for own_caller in (False, True):
            if own_caller:  # a fresh registry: Receivers with two entries each
                for i in range(made[0]):
                    orthanc.delete(f"/xnat-dqr/receivers/r{i}")
                made = [0]
            print("Receivers with %s:" % ("a CallingAET of their own (two modality entries each)"
                                          if own_caller else
                                          "XNAT's defaults (one modality entry each)"))
            print("| Receivers | create p95 | update p95, Label | update p95, Port | delete p95 "
                  "| Orthanc's PUT /modalities p95 | SERIES C-MOVE, 1 instance (median) |")
            print("|---|---|---|---|---|---|---|")
            for step in receiver_steps:
                print("| %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms |"
                      % receivers_at(orthanc, step, made, data.studies()[0], sink, own_caller))
            print()
            print("Orthanc's PUT /modalities of two entries at this size, median: %.1f ms one after "
                  "the other, %.1f ms from two threads at once" % two_puts(orthanc))
            print()
        orthanc.post("/xnat-dqr/receivers", {"Id": "closed", "AET": "CLOSED", "Host": "127.0.0.1",
                                             "Port": 1, "Schedule": {}})
        queued = [0]
        print()
        print("| queued Transfers | POST /transfers p95 | list page p95 | idle CPU |")
        print("|---|---|---|---|")
        for step in queue_steps:
            print("| %d | %.1f ms | %.1f ms | %.1f %% |" % queue_at(orthanc, step, queued, study_id))
        print()
        print(f"Restart with {queued[0]} queued Transfers and {made[0] + 1} Receivers: "
              f"{restart(orthanc):.2f} s to a ready queue (REST answering)")
    finally:
        sink.stop()
        orthanc.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
