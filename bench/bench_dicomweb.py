"""WADO-RS series retrieves through a Receiver's DICOMweb root against Orthanc's own DICOMweb
plugin, on the same Orthanc and the same data, with no limits: 100 x 4 MB and 1000 x 64 KB.
The goal (issue 26): the root at least 0.9x the plugin's speed.

Usage: /usr/bin/python3 bench/bench_dicomweb.py [--repeat N]
Prints a Markdown table for docs/PERFORMANCE.md."""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "IntegrationTests"))

from harness import dicomgen, dicomweb  # noqa: E402
from harness.orthanc import Orthanc  # noqa: E402


def retrieve(url, expected):
    """Seconds to receive the whole multipart answer (streamed, as a client would)."""
    started = time.monotonic()
    with requests.get(url, headers={"Accept": dicomweb.MULTIPART_DICOM}, stream=True,
                      timeout=600) as answer:
        assert answer.status_code == 200, answer.text
        received = sum(len(chunk) for chunk in answer.iter_content(1 << 20))
    elapsed = time.monotonic() - started
    assert received >= expected, (received, expected)
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-dicomweb-")
    orthanc = Orthanc(folder, config={"Plugins": dicomweb.plugins()}).start(timeout=60)
    try:
        orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-b", "AET": "XNATB",
                                             "Host": "127.0.0.1", "Port": 8104})
        print("| series | through | MB/s (median of %d) | s | root / plugin |" % arguments.repeat)
        print("|---|---|---|---|---|")
        for count, size in ((100, 4 * 1000 * 1000), (1000, 64 * 1000)):
            data = dicomgen.generate(os.path.join(folder, f"d{count}"), instances=count,
                                     pixel_bytes=size, prefix=f"B{count}-")
            orthanc.upload(data.paths())
            study = data.studies()[0]
            path = f"/studies/{study.study_instance_uid}/series/" \
                   f"{study.series[0].series_instance_uid}"
            total = sum(os.path.getsize(p) for p in data.paths())
            times = {}
            for name, root in (("/dicom-web", "/dicom-web"),
                               ("Receiver's root", "/xnat-dqr/dicom-web/xnat-b")):
                retrieve(orthanc.url + root + path, total)  # warm the storage cache
                times[name] = statistics.median(
                    retrieve(orthanc.url + root + path, total) for _ in range(arguments.repeat))
            ratio = times["/dicom-web"] / times["Receiver's root"]
            for name, seconds in times.items():
                print(f"| {count} x {size // 1000} KB | {name} | {total / 1e6 / seconds:.0f} | "
                      f"{seconds:.2f} | {ratio:.2f} |" if name != "/dicom-web" else
                      f"| {count} x {size // 1000} KB | {name} | {total / 1e6 / seconds:.0f} | "
                      f"{seconds:.2f} | |")
    finally:
        orthanc.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
