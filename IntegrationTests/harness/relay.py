"""TCP forwarding on loopback for the tests: a relay whose outgoing side binds another loopback
address (127.0.0.2, ...), so that a DCMTK tool on this machine reaches Orthanc from a different
IP, as a second XNAT host would; and a round-robin balancer in front of several Orthancs."""
import socket
import threading

from . import ports


class _Forwarder:
    """Listens on 127.0.0.1:<free port>; each connection is piped to what _upstream() opens
    (None: the connection is closed). A context manager: serves inside the with block."""

    def __init__(self):
        self.port = ports.free_port()
        self._server = socket.create_server(("127.0.0.1", self.port))
        self._stopped = False
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *args):
        self._stopped = True
        self._server.close()

    def _upstream(self):
        raise NotImplementedError

    def _accept(self):
        while not self._stopped:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            upstream = self._upstream()
            if upstream is None:
                client.close()
                continue
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class Relay(_Forwarder):
    """Each connection is forwarded to target_port on 127.0.0.1 from source_ip."""

    def __init__(self, target_port, source_ip):
        super().__init__()
        self.target_port = target_port
        self.source_ip = source_ip

    def _upstream(self):
        return socket.create_connection(("127.0.0.1", self.target_port),
                                        source_address=(self.source_ip, 0))


class Balancer(_Forwarder):
    """A TCP load balancer, as in front of several Orthancs with one AE Title: each connection
    goes to the next target port in turn, skipping one that refuses the connection (a dead
    Orthanc). counts[target] says how many each one got."""

    def __init__(self, target_ports):
        super().__init__()
        self.targets = list(target_ports)
        self.counts = {port: 0 for port in self.targets}
        self._next = 0

    def _upstream(self):
        for _ in range(len(self.targets)):
            target = self.targets[self._next % len(self.targets)]
            self._next += 1
            try:
                upstream = socket.create_connection(("127.0.0.1", target), timeout=2)
                upstream.settimeout(None)
                self.counts[target] += 1
                return upstream
            except OSError:
                continue
        return None
