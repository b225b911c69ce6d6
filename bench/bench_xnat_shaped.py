"""The way XNAT DQR pulls: one SERIES-level Study Root C-MOVE per series, 60 series of
3 x 64 KB, stock Orthanc against Orthanc with the plugin, in one run, medians of interleaved
repetitions: one movescu per C-MOVE (one at a time and 4 at once), and all 60 C-MOVEs over one
association (movescu with 60 query files, as XNAT's DICOM library sends a request's series).

Usage: /usr/bin/python3 bench/bench_xnat_shaped.py [--repeat 15]"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "IntegrationTests"))
sys.path.insert(0, HERE)

from bench_cmove import Sink, start_orthanc  # noqa: E402
from harness import dcmtk, dicomgen  # noqa: E402
from harness.orthanc import environment  # noqa: E402


def query_file(folder, study, series, index):
    ds = Dataset()
    ds.QueryRetrieveLevel = "SERIES"
    ds.StudyInstanceUID = study.study_instance_uid
    ds.SeriesInstanceUID = series.series_instance_uid
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    # movescu reads a query file as a DICOM file: it needs file meta, not a real instance.
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.2.2.2"
    ds.file_meta.MediaStorageSOPInstanceUID = f"2.25.{index + 1}"
    ds.is_little_endian, ds.is_implicit_VR = True, False
    path = os.path.join(folder, f"q-{series.series_instance_uid}.dcm")
    pydicom.dcmwrite(path, ds, write_like_original=False)
    return path


def one_move(orthanc, study, series):
    keys = {"QueryRetrieveLevel": "SERIES", "StudyInstanceUID": study.study_instance_uid,
            "SeriesInstanceUID": series.series_instance_uid}
    moved = dcmtk.movescu(orthanc.dicom_port, keys, "SINK", aet="XNAT")
    assert moved.ok and moved.completed == 3, moved.output[-1000:]


def sequential(orthanc, study):
    started = time.monotonic()
    for series in study.series:
        one_move(orthanc, study, series)
    return (time.monotonic() - started) / len(study.series)


def four_at_once(orthanc, study):
    parts = [study.series[i::4] for i in range(4)]
    started = time.monotonic()
    threads = [threading.Thread(target=lambda p=p: [one_move(orthanc, study, s) for s in p])
               for p in parts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return (time.monotonic() - started) / len(study.series)


def one_association(orthanc, queries):
    started = time.monotonic()
    done = subprocess.run(["movescu", "-v", "-S", "-aet", "XNAT", "-aec", "ORTHANC", "-aem", "SINK",
                           "127.0.0.1", str(orthanc.dicom_port)] + queries,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment(),
                          timeout=600)
    elapsed = time.monotonic() - started
    output = done.stdout.decode(errors="replace")
    assert done.returncode == 0 and output.count("Received Final Move Response") == len(queries), \
        output[-2000:]
    return elapsed / len(queries)


def storescu_per_series(sink, study):
    started = time.monotonic()
    for series in study.series:
        assert dcmtk.storescu(sink.port, [i.path for i in series.instances], aec="SINK").ok
    return (time.monotonic() - started) / len(study.series)


def storescu_one_association(sink, study):
    paths = [i.path for series in study.series for i in series.instances]
    started = time.monotonic()
    assert dcmtk.storescu(sink.port, paths, aec="SINK").ok
    return (time.monotonic() - started) / len(study.series)


def step_totals(orthanc):
    """The plugin's xnatdqr_cmove_step_seconds_total, by step, and the C-MOVEs served."""
    steps, served = {}, 0
    for line in orthanc.get("/xnat-dqr/metrics").text.splitlines():
        if line.startswith("xnatdqr_cmove_step_seconds_total{"):
            steps[line.split('"')[1]] = float(line.split()[-1])
        elif line.startswith("xnatdqr_cmoves_served_total "):
            served = float(line.split()[-1])
    return steps, served


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="3 repetitions, for a smoke run")
    args = parser.parse_args()
    if args.quick:
        args.repeat = 3
    folder = tempfile.mkdtemp(prefix="xnat-dqr-shaped-")
    # One sink each: storescp serves one association at a time, and the plugin keeps its
    # association to the sink open for KeepAssociationSeconds after each C-MOVE.
    sink, plugin_sink = Sink(aet="SINK"), Sink(aet="SINK")
    try:
        data = dicomgen.generate(os.path.join(folder, "data"), series=60, instances=3,
                                 pixel_bytes=65536)
        study = data.studies()[0]
        queries = [query_file(folder, study, series, i) for i, series in enumerate(study.series)]
        stock = start_orthanc(folder, "stock", plugin=False)
        plugin = start_orthanc(folder, "plugin", plugin=True)
        stock.put("/modalities/sink", {"AET": "SINK", "Host": "127.0.0.1", "Port": sink.port})
        plugin.put("/xnat-dqr/receivers/sink", {"AET": "SINK", "Host": "127.0.0.1",
                                                "Port": plugin_sink.port})
        for server in (stock, plugin):
            server.upload(data.paths())
        cases = [("one movescu per C-MOVE, one at a time", sequential),
                 ("one movescu per C-MOVE, 4 at once", four_at_once),
                 ("60 C-MOVEs over one association", lambda o, s: one_association(o, queries))]
        print("| 60 series x 3 x 64 KB, SERIES level | (a) stock, ms per C-MOVE "
              "| (b) plugin, ms per C-MOVE | a / b (plugin speed-up) |")
        print("|---|---|---|---|")
        steps = {}
        for label, run in cases:
            times = {"a": [], "b": []}
            before, served_before = step_totals(plugin)
            for _ in range(args.repeat):  # interleaved
                times["a"].append(run(stock, study) * 1000)
                times["b"].append(run(plugin, study) * 1000)
            after, served_after = step_totals(plugin)
            steps[label] = {k: (after[k] - before[k]) * 1000 / (served_after - served_before)
                            for k in after}
            a, b = statistics.median(times["a"]), statistics.median(times["b"])
            print(f"| {label} | {a:.1f} | {b:.1f} | {a / b:.2f} |")
        # The same bytes without a C-MOVE, for how far each case is from the wire.
        per_series = statistics.median(storescu_per_series(sink, study) * 1000
                                       for _ in range(args.repeat))
        bulk = statistics.median(storescu_one_association(sink, study) * 1000
                                 for _ in range(args.repeat))
        print(f"\nstorescu -> storescp, ms per series of 3: one storescu per series "
              f"{per_series:.1f}; all 180 instances over one association {bulk:.2f}")
        print("\nWhere the plugin's time goes, ms per C-MOVE (mean, from "
              "xnatdqr_cmove_step_seconds_total):")
        names = list(next(iter(steps.values())))
        print("| case | " + " | ".join(names) + " | sum |")
        print("|---|" + "---|" * (len(names) + 1))
        for label, per in steps.items():
            print(f"| {label} | " + " | ".join(f"{per[n]:.2f}" for n in names)
                  + f" | {sum(per.values()):.2f} |")
        stock.kill()
        plugin.kill()
    finally:
        sink.stop()
        plugin_sink.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
