"""Throttles and schedules, measured against their targets on a real Orthanc with the plugin.

Usage: /usr/bin/python3 bench/bench_throttle.py [--quick]
Prints Markdown tables for docs/PERFORMANCE.md."""
import argparse
import datetime
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "IntegrationTests"))
sys.path.insert(0, HERE)

from bench_cmove import Sink, start_orthanc  # noqa: E402
from harness import dcmtk, dicomgen, wait  # noqa: E402

WEEK = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def all_week(**window):
    return {day: [dict({"Start": "00:00", "End": "24:00"}, **window)] for day in WEEK}


def timed_move(orthanc, study, destination):
    keys = {"QueryRetrieveLevel": "STUDY", "StudyInstanceUID": study.study_instance_uid}
    started = time.monotonic()
    moved = dcmtk.movescu(orthanc.dicom_port, keys, destination, timeout=600)
    assert moved.ok, moved.output[-2000:]
    return time.monotonic() - started


def bandwidth(orthanc, folder, sink, quick):
    rows = []
    for cap in (2, 8) if quick else (2, 8, 32):
        megabytes = cap * (3 if quick else 8)  # about 8 s at the cap
        data = dicomgen.generate(os.path.join(folder, f"mbps{cap}"), instances=megabytes,
                                 pixel_bytes=1000 * 1000)
        orthanc.upload(data.paths())
        orthanc.put("/xnat-dqr/receivers/sink/schedule", all_week(MaxMBps=cap))
        elapsed = timed_move(orthanc, data.studies()[0], sink.aet)
        sent = orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]["BytesSent"]
        rows.append((f"MaxMBps {cap}", cap, sent / 1e6 / elapsed, elapsed))
    return rows


def utilization(orthanc, folder, quick):
    sink = Sink(aet="SLOW")  # each instance takes a second at the receiver
    sink.stop()
    from harness.storescp import StoreScp
    slow = StoreScp(folder, aet="SLOW", extra=["--sleep-during", "1"]).start()
    orthanc.put("/xnat-dqr/receivers/slow", {"AET": "SLOW", "Host": "127.0.0.1",
                                             "Port": slow.port})
    data = dicomgen.generate(os.path.join(folder, "util"), instances=3 if quick else 4)
    orthanc.upload(data.paths())
    study = data.studies()[0]
    orthanc.put("/xnat-dqr/receivers/slow/schedule", all_week(Utilization=100))
    full = timed_move(orthanc, study, "SLOW")
    rows = []
    for percent in (25, 50, 75):
        orthanc.put("/xnat-dqr/receivers/slow/schedule", all_week(Utilization=percent))
        elapsed = timed_move(orthanc, study, "SLOW")
        rows.append((f"Utilization {percent} %", percent / 100, full / elapsed, elapsed))
    slow.stop()
    return rows


def window_opening(orthanc, folder, sink):
    data = dicomgen.generate(os.path.join(folder, "window"), instances=2)
    orthanc.upload(data.paths())
    now = datetime.datetime.now().astimezone()
    opens = (now + datetime.timedelta(seconds=65)).replace(second=0, microsecond=0)
    if (opens - now).total_seconds() > 65:
        opens -= datetime.timedelta(minutes=1)
    closes = opens + datetime.timedelta(minutes=5)  # near midnight: an overnight Window
    orthanc.put("/xnat-dqr/receivers/sink/schedule", {opens.strftime("%A"): [
        {"Start": opens.strftime("%H:%M"), "End": closes.strftime("%H:%M")}]})
    keys = {"QueryRetrieveLevel": "STUDY", "StudyInstanceUID": data.studies()[0].study_instance_uid}
    assert dcmtk.movescu(orthanc.dicom_port, keys, sink.aet).ok
    queued = orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]["Id"]
    done = wait.until(lambda: orthanc.get_json(f"/xnat-dqr/transfers/{queued}")["State"] ==
                      "Succeeded" and orthanc.get_json(f"/xnat-dqr/transfers/{queued}"),
                      timeout=120, message="the queued Transfer")
    return (datetime.datetime.fromisoformat(done["Started"]) - opens).total_seconds()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-window", action="store_true", help="skip the minute-long wait")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="xnat-dqr-throttle-")
    try:
        orthanc = start_orthanc(folder, "throttle", plugin=True)
        sink = Sink()
        orthanc.put("/xnat-dqr/receivers/sink", {"AET": sink.aet, "Host": "127.0.0.1",
                                                 "Port": sink.port})
        print("| setting | target | measured | error | run |")
        print("|---|---|---|---|---|")
        for label, target, measured, elapsed in bandwidth(orthanc, folder, sink, args.quick):
            print(f"| {label} | {target:.0f} MB/s | {measured:.2f} MB/s "
                  f"| {100 * (measured - target) / target:+.1f} % | {elapsed:.1f} s |")
        for label, target, measured, elapsed in utilization(orthanc, folder, args.quick):
            print(f"| {label} | busy {target:.2f} | busy {measured:.2f} "
                  f"| {100 * (measured - target) / target:+.1f} % | {elapsed:.1f} s |")
        if not args.no_window:
            latency = window_opening(orthanc, folder, sink)
            if latency is not None:
                print(f"| window opening → Transfer started | < 2 s | {latency:.2f} s | | |")
        sink.stop()
        orthanc.kill()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
