"""Free TCP ports on loopback for the servers a test starts."""
import socket

_handed_out = set()


def free_port():
    """A port that nobody listens on now and that this run has not handed out before."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("0.0.0.0", 0))
            port = sock.getsockname()[1]
        if port not in _handed_out:
            _handed_out.add(port)
            return port
