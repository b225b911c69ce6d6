"""What the kernel knows about a TCP port: used to count concurrent associations."""
import threading
import time


def established(port):
    """Established connections whose local port is this one (the server side)."""
    return len(established_peers(port))


def established_peers(port):
    """The remote ports of those connections, from the kernel's tables.

    The kernel writes /proc/net/tcp a page at a time and re-seeks between pages, so while
    other connections open and close a connection can be listed twice (seen in CI with the
    matrix running beside the host suite). Each is counted once, by its pair of addresses."""
    seen = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as tcp:
                lines = tcp.read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 3 and fields[1].endswith(f":{port:04X}") and fields[3] == "01":
                seen[(fields[1], fields[2])] = int(fields[2].split(":")[1], 16)
    return sorted(seen.values())


class PeakSampler:
    """Samples established() every 10 ms in a thread; .peak is the highest count seen and
    .peak_peers the remote ports at that moment (for the failure message).

    A connection counts only when two reads in a row list it: one read of /proc/net/tcp is not
    a snapshot (it is written a page at a time), so a loaded machine can show a connection
    closed on one page beside one opened since on the next. A connection left open beside
    another lasts far longer than two reads, and is still seen."""

    def __init__(self, port):
        self.port = port
        self.peak = 0
        self.peak_peers = []
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        previous = set()
        while not self._stop.is_set():
            current = set(established_peers(self.port))
            confirmed = sorted(current & previous)
            if len(confirmed) > self.peak:
                self.peak, self.peak_peers = len(confirmed), confirmed
            previous = current
            self.samples += 1
            time.sleep(0.01)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *args):
        self._stop.set()
        self._thread.join()
