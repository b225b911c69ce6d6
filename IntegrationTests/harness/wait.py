"""Polling with a deadline: the only way tests wait for something to happen."""
import time


class Timeout(AssertionError):
    pass


def until(condition, timeout=30.0, interval=0.05, message="condition"):
    """Calls condition() until it returns a truthy value, which is returned.

    Raises Timeout naming the message when the deadline passes."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise Timeout(f"timed out after {timeout} s waiting for {message}")
        time.sleep(interval)
