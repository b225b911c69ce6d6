"""Fixtures: a real Orthanc with the plugin, storescp receivers, synthetic DICOM data."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import dicomgen  # noqa: E402
from harness.orthanc import Orthanc  # noqa: E402
from harness.postgres import Postgres  # noqa: E402
from harness.storescp import StoreScp  # noqa: E402


# Last: their images are built beside the other tests (harness/prebuild.py, from make test).
IMAGE_TESTS = ("test_container.py", "test_debian_package.py")


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: os.path.basename(str(item.fspath)) in IMAGE_TESTS)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "report_" + report.when, report)


def _failed(request):
    return any(getattr(getattr(request.node, "report_" + when, None), "failed", False)
               for when in ("setup", "call"))


@pytest.fixture
def orthanc_factory(tmp_path, request):
    """make(config=None, plugin=True, start=True, name=...) -> a started Orthanc.

    Every Orthanc made is stopped at the end; its log is printed when the test failed."""
    made = []

    def make(config=None, plugin=True, start=True, name=None, aet="ORTHANC", env=None):
        server = Orthanc(tmp_path, config=config, plugin=plugin, aet=aet, env=env,
                         name=name or f"orthanc{len(made) + 1}")
        made.append(server)
        return server.start() if start else server

    yield make
    for server in made:
        # The data is thrown away: no need for Orthanc's 3.5 s clean shutdown (restarts in the
        # tests use stop(), and test_foundation checks that a clean stop exits with 0).
        server.kill()
        if _failed(request):
            print(f"\n----- {server.log_path} -----\n{server.log()[-20000:]}")


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL server for the run; each test takes a database of its own."""
    server = Postgres().start()
    yield server
    server.remove()


@pytest.fixture
def postgres(postgres_server):
    """The server, running (a test may have stopped it), with a fresh database: .database."""
    try:
        postgres_server.sql("SELECT 1")
    except AssertionError:
        postgres_server.start()
    postgres_server.database = postgres_server.create_database()
    return postgres_server


@pytest.fixture
def orthanc(orthanc_factory):
    """An Orthanc with the plugin and stock (permissive) DICOM permissions."""
    return orthanc_factory()


@pytest.fixture
def storescp_factory(tmp_path, request):
    """make(aet="XNAT", port=None) -> a started storescp; all stopped at the end."""
    made = []

    def make(aet="XNAT", port=None, extra=()):
        receiver = StoreScp(tmp_path, aet=aet, port=port, extra=extra).start()
        made.append(receiver)
        return receiver

    yield make
    for receiver in made:
        receiver.stop()


@pytest.fixture
def storescp(storescp_factory):
    return storescp_factory()


@pytest.fixture
def make_data(tmp_path):
    """make_data(patients=1, studies=1, series=1, instances=1, pixel_bytes=64)."""
    count = [0]

    def make(**kwargs):
        count[0] += 1
        return dicomgen.generate(os.path.join(str(tmp_path), f"data{count[0]}"),
                                 prefix=kwargs.pop("prefix", f"P{count[0]}-"), **kwargs)

    return make
