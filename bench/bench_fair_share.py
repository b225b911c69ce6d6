"""Fair share by Weight: two Receivers with weights 1 and 3, both with work queued, under a
global MaxMBps; each one's rate over 20 s, then one alone. The target (#16): 10 and 30 MB/s
under 40 MB/s, within 10 %; alone, the whole cap.

Usage: /usr/bin/python3 bench/bench_fair_share.py [--cap 40] [--seconds 20]"""
import argparse
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "IntegrationTests"))
sys.path.insert(0, HERE)

from bench_cmove import Sink, start_orthanc  # noqa: E402
from harness import dicomgen  # noqa: E402

WEEK = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def sent(orthanc, receiver):
    return sum(t["BytesSent"] for t in
               orthanc.get_json(f"/xnat-dqr/transfers?receiver={receiver}&limit=1000"))


def measure(orthanc, receivers, seconds):
    before = {r: sent(orthanc, r) for r in receivers}
    started = time.monotonic()
    time.sleep(seconds)  # a measurement window, not a synchronization
    elapsed = time.monotonic() - started
    return {r: (sent(orthanc, r) - before[r]) / 1e6 / elapsed for r in receivers}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cap", type=float, default=40)
    parser.add_argument("--seconds", type=float, default=20)
    arguments = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="xnatdqr-fair-")
    sinks = []
    try:
        orthanc = start_orthanc(folder, "fair", plugin=True)
        # Enough for both to stay busy through the warm-up and the window: 1 MB instances.
        megabytes = int(arguments.cap * (arguments.seconds + 10))
        data = dicomgen.generate(os.path.join(folder, "data"), instances=megabytes,
                                 pixel_bytes=1000 * 1000)
        orthanc.upload(data.paths())
        study = orthanc.get_json("/studies")[0]
        orthanc.put("/xnat-dqr/schedule", {d: [{"Start": "00:00", "End": "24:00",
                                                 "Threads": 8, "MaxMBps": arguments.cap}]
                                            for d in WEEK})
        for id_, weight in (("light", 1), ("heavy", 3)):
            sink = Sink(aet=id_.upper())
            sinks.append(sink)
            body = {"AET": sink.aet, "Host": "127.0.0.1", "Port": sink.port, "Weight": weight}
            assert orthanc.put(f"/xnat-dqr/receivers/{id_}", body).status_code in (200, 201)
        for id_ in ("light", "heavy"):
            for _ in range(2):
                answer = orthanc.post("/xnat-dqr/transfers", {"Receiver": id_, "Resources": [study]})
                assert answer.status_code == 201, answer.text
        time.sleep(3)  # warm-up: both Receivers sending
        both = measure(orthanc, ("light", "heavy"), arguments.seconds)
        for transfer in orthanc.get_json("/xnat-dqr/transfers?receiver=light&limit=10"):
            orthanc.post(f"/xnat-dqr/transfers/{transfer['Id']}/cancel")
        time.sleep(3)
        alone = measure(orthanc, ("heavy",), arguments.seconds / 2)
        cap = arguments.cap
        print(f"| case | target MB/s | measured MB/s |\n|---|---|---|")
        print(f"| weight 1 of 4, global cap {cap:g} | {cap / 4:g} | {both['light']:.1f} |")
        print(f"| weight 3 of 4, global cap {cap:g} | {cap * 3 / 4:g} | {both['heavy']:.1f} |")
        print(f"| weight 3 alone | {cap:g} | {alone['heavy']:.1f} |")
        orthanc.kill()
    finally:
        for sink in sinks:
            sink.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
