"""Free TCP ports on loopback for the servers a test starts.

Ports come from a range below the kernel's ephemeral range (32768-60999), so no outgoing
connection can take a port between the moment it is handed out and the moment a server binds
it. Two suites on one host (the host's and the Debian 13 matrix's, run side by side) each get
their own range through XNATDQR_PORTS="first-last".
"""
import os
import socket

_first, _last = (int(p) for p in os.environ.get("XNATDQR_PORTS", "20000-25999").split("-"))
_next = _first


def _bindable(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def free_port():
    """A port in this suite's range that nobody listens on now and that this run has not
    handed out before."""
    global _next
    while _next <= _last:
        port, _next = _next, _next + 1
        if _bindable(port):
            return port
    raise RuntimeError(f"XNATDQR_PORTS {_first}-{_last}: every port has been handed out")
