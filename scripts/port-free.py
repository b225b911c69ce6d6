"""Exit 0 when the TCP port can be bound on all interfaces (as Orthanc binds it), 1 if not."""
import socket
import sys

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    sock.bind(("0.0.0.0", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    sock.close()
