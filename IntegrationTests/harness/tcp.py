"""What the kernel knows about a TCP port: used to count concurrent associations."""
import threading
import time


def established(port):
    """Established connections whose local port is this one (the server side)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as tcp:
                lines = tcp.readlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[1].endswith(f":{port:04X}") and fields[3] == "01":
                count += 1
    return count


class PeakSampler:
    """Samples established() every 10 ms in a thread; .peak is the highest count seen."""

    def __init__(self, port):
        self.port = port
        self.peak = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, established(self.port))
            self.samples += 1
            time.sleep(0.01)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *args):
        self._stop.set()
        self._thread.join()
