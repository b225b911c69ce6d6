"""Several Orthancs on one PostgreSQL (#15): 8 concurrent XNAT-shaped C-MOVEs (SERIES level,
Study Root, 3 x 64 KB per series) against one Orthanc on SQLite, one on PostgreSQL (index and
plugin) and two on PostgreSQL (the C-MOVEs spread over both); then a Receiver's MaxMBps of 20
with one C-MOVE into each of two Orthancs at once (the target: 20 MB/s in all, within 10 %).

Usage: /usr/bin/python3 bench/bench_scale_out.py [--repeat 3] [--series 64]"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "IntegrationTests"))
sys.path.insert(0, HERE)

from bench_cmove import Sink  # noqa: E402
from harness import dcmtk, dicomgen, wait  # noqa: E402
from harness.orthanc import Orthanc  # noqa: E402
from harness.postgres import Postgres  # noqa: E402

WEEK = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def start(folder, name, config):
    config = dict(config, ConcurrentJobs=2, DicomThreadsCount=8)
    return Orthanc(folder, config=config, name=name, aet=name.upper()).start(timeout=60)


def register(orthanc, sink, others, schedule=None):
    body = {"AET": sink.aet, "Host": "127.0.0.1", "Port": sink.port, "CallingAETs": ["XNAT"]}
    if schedule:
        body["Schedule"] = schedule
    assert orthanc.put("/xnat-dqr/receivers/sink", body).status_code in (200, 201)
    wanted = orthanc.get_json("/xnat-dqr/receivers/sink")
    for other in others:  # the other Orthancs serve it as it is now
        wait.until(lambda o=other: o.get("/xnat-dqr/receivers/sink").status_code == 200 and
                   o.get_json("/xnat-dqr/receivers/sink") == wanted, timeout=5)


def eight_at_once(orthancs, study, expected):
    """8 movers, each taking the next series; each C-MOVE to the next Orthanc in turn."""
    series = list(study.series)
    lock = threading.Lock()
    failures = []

    def mover():
        while True:
            with lock:
                if not series:
                    return
                one = series.pop()
                orthanc = orthancs[len(series) % len(orthancs)]
            moved = dcmtk.movescu(orthanc.dicom_port, {
                "QueryRetrieveLevel": "SERIES", "StudyInstanceUID": study.study_instance_uid,
                "SeriesInstanceUID": one.series_instance_uid}, "SINK", aet="XNAT")
            if not (moved.ok and moved.completed == expected):
                failures.append(f"on {orthanc.aet}: {moved.completed} of {expected}")

    started = time.monotonic()
    threads = [threading.Thread(target=mover) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[0]
    return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--series", type=int, default=64)
    arguments = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="xnatdqr-scale-out-")
    postgres = Postgres().start()
    sink = Sink()
    servers = []
    try:
        data = dicomgen.generate(os.path.join(folder, "data"), series=arguments.series,
                                 instances=3, pixel_bytes=64 * 1024)
        study = data.studies()[0]
        setups = {}
        sqlite = start(folder, "sqlite", {})
        servers.append(sqlite)
        setups["1 Orthanc, SQLite"] = [sqlite]
        database = postgres.create_database()
        one = start(folder, "pgone", postgres.orthanc_config(
            database, os.path.join(folder, "pg-one-storage")))
        servers.append(one)
        setups["1 Orthanc, PostgreSQL"] = [one]
        database = postgres.create_database()
        shared = os.path.join(folder, "pg-two-storage")
        two = [start(folder, f"pgtwo{i}", postgres.orthanc_config(database, shared))
               for i in (1, 2)]
        servers += two
        setups["2 Orthancs, PostgreSQL"] = two
        for name, orthancs in setups.items():
            orthancs[0].upload(data.paths())
            for orthanc in orthancs:
                count = len(orthanc.get_json("/instances"))
                assert count == 3 * arguments.series, f"{name}: {count} instances"
            # 8 threads for the Receiver: its Threads (a total across Orthancs) is not the limit.
            register(orthancs[0], sink, orthancs[1:], {d: [{"Start": "00:00", "End": "24:00",
                                                            "Threads": 8}] for d in WEEK})
        times = {name: [] for name in setups}
        for _ in range(arguments.repeat):  # interleaved
            for name, orthancs in setups.items():
                times[name].append(eight_at_once(orthancs, study, 3))
        print(f"8 concurrent SERIES C-MOVEs, {arguments.series} series of 3 x 64 KB, "
              f"median of {arguments.repeat}:")
        for name, values in times.items():
            median = statistics.median(values)
            print(f"  {name:24s} {median:6.2f} s  {arguments.series / median:6.1f} series/s")

        # The cap across two Orthancs.
        cap = 20
        big = dicomgen.generate(os.path.join(folder, "big"), series=2, instances=100,
                                pixel_bytes=1000 * 1000)
        two[0].upload(big.paths())
        schedule = {d: [{"Start": "00:00", "End": "24:00", "Threads": 4, "MaxMBps": cap}]
                    for d in WEEK}
        register(two[0], sink, two[1:], schedule)
        big_study = big.studies()[0]
        before = sum(t["BytesSent"] for t in two[0].get_json("/xnat-dqr/transfers?limit=1000"))
        started = time.monotonic()
        movers = [threading.Thread(target=lambda i=i: dcmtk.movescu(two[i].dicom_port, {
            "QueryRetrieveLevel": "SERIES", "StudyInstanceUID": big_study.study_instance_uid,
            "SeriesInstanceUID": big_study.series[i].series_instance_uid}, "SINK", aet="XNAT",
            timeout=600)) for i in (0, 1)]
        for mover in movers:
            mover.start()
        for mover in movers:
            mover.join()
        elapsed = time.monotonic() - started
        sent = sum(t["BytesSent"] for t in two[0].get_json("/xnat-dqr/transfers?limit=1000"))
        rate = (sent - before) / 1e6 / elapsed
        verdict = "within" if abs(rate - cap) <= cap * 0.1 else "OUTSIDE"
        print(f"MaxMBps {cap} on one Receiver, a C-MOVE into each of 2 Orthancs at once: "
              f"{(sent - before) / 1e6:.0f} MB in {elapsed:.1f} s = {rate:.1f} MB/s "
              f"({verdict} 10 % of {cap})")
    finally:
        for server in servers:
            server.kill()
        sink.stop()
        postgres.remove()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
