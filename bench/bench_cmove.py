"""C-MOVE throughput: stock Orthanc vs Orthanc with the plugin vs DCMTK alone, in one run.

Usage: /usr/bin/python3 bench/bench_cmove.py [--repeat N] [--quick]
Prints a Markdown table (medians over N runs) to paste into docs/PERFORMANCE.md."""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "IntegrationTests"))

from harness import dcmtk, dicomgen, ports, tls, wait  # noqa: E402
from harness.orthanc import Orthanc, environment  # noqa: E402


class Sink:
    """storescp that receives and discards (--ignore): measures the sender, not the disk."""

    def __init__(self, aet="SINK", env=None, extra=()):
        self.aet = aet
        self.port = ports.free_port()
        self.process = subprocess.Popen(["storescp", "--ignore", "-aet", aet] + list(extra)
                                        + [str(self.port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        env=env or environment())
        wait.until(self._listening, timeout=10, message="storescp")

    def _listening(self):
        with open("/proc/net/tcp") as tcp:
            return any(line.split()[1].endswith(f":{self.port:04X}") and line.split()[3] == "0A"
                       for line in tcp.readlines()[1:])

    def stop(self):
        self.process.terminate()
        self.process.wait()


def start_orthanc(folder, name, plugin, env=None, xnat=None, more=None):
    config = {"ConcurrentJobs": 2}
    config.update(more or {})
    if xnat is not None:
        config["XnatDqr"] = xnat
    server = Orthanc(folder, config=config, plugin=plugin, name=name)
    if env is not None:  # start without TCP_NODELAY in the environment
        import harness.orthanc as module
        saved = module.environment
        module.environment = lambda: dict(env)
        try:
            server.start(timeout=60)
        finally:
            module.environment = saved
    else:
        server.start(timeout=60)
    return server


def time_move(orthanc, sink_aet, study, expected):
    keys = {"QueryRetrieveLevel": "STUDY", "StudyInstanceUID": study.study_instance_uid}
    started = time.monotonic()
    moved = dcmtk.movescu(orthanc.dicom_port, keys, sink_aet, aet="XNAT", timeout=1800)
    elapsed = time.monotonic() - started
    assert moved.status == 0 and moved.completed == expected, moved.output[-2000:]
    return elapsed


def time_storescu(sink, paths):
    started = time.monotonic()
    sent = dcmtk.storescu(sink.port, paths, aec=sink.aet, timeout=1800)
    elapsed = time.monotonic() - started
    assert sent.ok, sent.output[-2000:]
    return elapsed


def measure_case(folder, label, count, size, repeat, servers):
    data = dicomgen.generate(os.path.join(folder, label), instances=count, pixel_bytes=size)
    total_mb = sum(os.path.getsize(p) for p in data.paths()) / 1e6
    study = data.studies()[0]
    # A sink per column: storescp serves one association at a time, and the plugin keeps its
    # association open for KeepAssociationSeconds after each C-MOVE.
    sinks = [Sink(), Sink(), Sink()]
    stock, plugin = servers
    stock.put("/modalities/sink", {"AET": "SINK", "Host": "127.0.0.1", "Port": sinks[0].port})
    plugin.put("/xnat-dqr/receivers/sink", {"Id": "sink", "AET": "SINK", "Host": "127.0.0.1",
                                         "Port": sinks[1].port})
    for server in servers:
        server.upload(data.paths())
    times = {"a": [], "b": [], "c": []}
    for _ in range(repeat):  # interleaved, so that drift hits every column alike
        times["a"].append(time_move(stock, "SINK", study, count))
        times["b"].append(time_move(plugin, "SINK", study, count))
        times["c"].append(time_storescu(sinks[2], data.paths()))
    for sink in sinks:
        sink.stop()
    for server in servers:
        server.delete(f"/studies/{server.get_json('/studies')[0]}")
    shutil.rmtree(os.path.join(folder, label))
    return {k: statistics.median(v) for k, v in times.items()}, total_mb


def measure_nodelay(folder, repeat):
    """One C-MOVE of 100 x 64 KB from Orthancs started without TCP_NODELAY in the environment."""
    env = {k: v for k, v in environment().items() if k != "TCP_NODELAY"}
    data = dicomgen.generate(os.path.join(folder, "nodelay"), instances=100, pixel_bytes=65536)
    study = data.studies()[0]
    rows = []
    for label, plugin, xnat in (("stock Orthanc", False, None),
                                ("plugin, TcpNoDelay false", True, {"TcpNoDelay": False}),
                                ("plugin, TcpNoDelay true (default)", True, {})):
        server = start_orthanc(folder, "nd" + str(len(rows)), plugin, env=env, xnat=xnat)
        sink = Sink()
        server.put("/modalities/sink", {"AET": sink.aet, "Host": "127.0.0.1", "Port": sink.port})
        server.upload(data.paths())
        times = [time_move(server, sink.aet, study, 100) for _ in range(repeat)]
        rows.append((label, statistics.median(times)))
        sink.stop()
        server.kill()
    return rows


def measure_scu(folder, repeat):
    """What Orthanc's own SCU does and the plugin must do as well (#23): 100 x JPEG-LS
    transcoded for a sink that takes only uncompressed syntaxes, and 100 x 64 KB over DICOM TLS.
    Stock Orthanc sends to a modality, the plugin to a Receiver, each to a sink of its own."""
    authority = tls.Authority(os.path.join(folder, "ca"))
    tls_config = authority.orthanc_settings()
    plain = dicomgen.generate(os.path.join(folder, "scu-plain"), instances=100, pixel_bytes=65536)
    source = dicomgen.generate(os.path.join(folder, "scu-jls"), instances=100,
                               pixel_bytes=512 * 1024)
    for path in source.paths():
        subprocess.run(["dcmcjpls", "+el", path, path + ".jls"], check=True)
        os.replace(path + ".jls", path)
    rows = []
    for label, data, peer, use_tls in (
            ("100 x JPEG-LS (512 KB raw), transcoded", source, [], False),
            ("100 x 64 KB over DICOM TLS", plain, authority.storescp_options(False), True)):
        servers = (start_orthanc(folder, f"scu-stock-{len(rows)}", False, more=tls_config),
                   start_orthanc(folder, f"scu-plugin-{len(rows)}", True, more=tls_config))
        sinks = [Sink(extra=peer), Sink(extra=peer)]
        stock, plugin = servers
        stock.put("/modalities/sink", {"AET": "SINK", "Host": "127.0.0.1", "Port": sinks[0].port,
                                       "UseDicomTls": use_tls})
        answer = plugin.put("/xnat-dqr/receivers/sink", {"Id": "sink", "AET": "SINK",
                                                         "Host": "127.0.0.1", "Port": sinks[1].port,
                                                         "UseDicomTls": use_tls})
        assert answer.status_code in (200, 201), answer.text
        study = data.studies()[0]
        for server in servers:
            server.upload(data.paths())
        times = {"a": [], "b": []}
        for _ in range(repeat):
            times["a"].append(time_move(stock, "SINK", study, 100))
            times["b"].append(time_move(plugin, "SINK", study, 100))
        rows.append((label, statistics.median(times["a"]), statistics.median(times["b"])))
        for sink in sinks:
            sink.stop()
        for server in servers:
            server.kill()
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="small data, for a smoke run")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="xnat-dqr-bench-")
    cases = [("1000 x 64 KB", 1000, 65536), ("100 x 4 MB", 100, 4 * 1024 * 1024)]
    if args.quick:
        cases = [("50 x 64 KB", 50, 65536)]
    try:
        servers = (start_orthanc(folder, "stock", plugin=False),
                   start_orthanc(folder, "plugin", plugin=True))
        print("| data | (a) stock Orthanc | (b) Orthanc + plugin | (c) storescu → storescp "
              "| b / a | a / c | b / c |")
        print("|---|---|---|---|---|---|---|")
        for label, count, size in cases:
            medians, total_mb = measure_case(folder, label.replace(" ", ""), count, size,
                                             args.repeat, servers)
            rate = {k: total_mb / v for k, v in medians.items()}
            print(f"| {label} ({total_mb:.0f} MB) "
                  + " ".join(f"| {medians[k]:.2f} s, {rate[k]:.0f} MB/s" for k in "abc")
                  + f" | {rate['b'] / rate['a']:.2f} | {rate['a'] / rate['c']:.2f} "
                  f"| {rate['b'] / rate['c']:.2f} |")
        for server in servers:
            server.kill()
        print()
        print("| C-MOVE (#23) | (a) stock Orthanc | (b) Orthanc + plugin | speed b / a |")
        print("|---|---|---|---|")
        for label, stock, plugin in measure_scu(folder, args.repeat):
            print(f"| {label} | {stock:.2f} s | {plugin:.2f} s | {stock / plugin:.2f} |")
        print()
        print("| C-MOVE of 100 x 64 KB, Orthanc started without TCP_NODELAY | median |")
        print("|---|---|")
        for label, seconds in measure_nodelay(folder, args.repeat):
            print(f"| {label} | {seconds:.2f} s |")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
