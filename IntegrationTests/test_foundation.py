"""Foundation: the plugin loads, reports itself, refuses bad configuration; the harness works."""
import json
import os
import subprocess

import pytest

from harness import dcmtk, wait
from harness.orthanc import ROOT, Orthanc, environment
from harness import ports


def test_status_reports_plugin_and_orthanc_versions(orthanc):
    status = orthanc.get_json("/xnat-dqr/status")
    system = orthanc.get_json("/system")
    assert status["Plugin"] == "xnat-dqr"
    # The Debian package under test: 1.10.1 on Debian 12, 1.12.7 on Debian 13, 1.13.0 on forky.
    installed = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "orthanc"], check=True,
                               capture_output=True, text=True).stdout.split("+")[0]
    assert installed in ("1.10.1", "1.12.7", "1.13.0")
    assert status["OrthancVersion"] == system["Version"] == installed
    plugin = orthanc.get_json("/plugins/xnat-dqr")
    assert status["Version"] == plugin["Version"]
    assert status["Counts"] == {"Receivers": 0, "Transfers": 0}


def test_status_gives_the_effective_configuration_with_defaults(orthanc_factory):
    orthanc = orthanc_factory(config={"XnatDqr": {"TcpNoDelay": False}})
    configuration = orthanc.get_json("/xnat-dqr/status")["Configuration"]
    assert configuration["TcpNoDelay"] is False
    assert orthanc_factory(name="defaults").get_json(
        "/xnat-dqr/status")["Configuration"]["TcpNoDelay"] is True


def test_orthanc_with_the_plugin_stops_cleanly(orthanc):
    assert orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-a", "AET": "XNAT",
                                                "Host": "127.0.0.1", "Port": 11112}).ok
    assert orthanc.stop() == 0
    assert "Orthanc has stopped" in orthanc.log()
    assert "xnat-dqr" in orthanc.log().split("Orthanc is stopping")[-1]


def test_status_refuses_other_methods_with_allow(orthanc):
    answer = orthanc.post("/xnat-dqr/status", "{}")
    assert answer.status_code == 405
    assert answer.headers["Allow"] == "GET"


@pytest.mark.parametrize("section, key", [
    ({"TcpNoDelai": True}, "XnatDqr.TcpNoDelai"),
    ({"TcpNoDelay": "yes"}, "XnatDqr.TcpNoDelay"),
    ({"KeepAssociationSeconds": 61}, "XnatDqr.KeepAssociationSeconds"),
    ({"KeepAssociationSeconds": -1}, "XnatDqr.KeepAssociationSeconds"),
    ({"KeepAssociationSeconds": "2"}, "XnatDqr.KeepAssociationSeconds"),
    ([1, 2], "XnatDqr"),
])
def test_invalid_configuration_stops_orthanc_naming_the_key(orthanc_factory, section, key):
    orthanc = orthanc_factory(config={"XnatDqr": section}, start=False)
    orthanc.launch()
    assert orthanc.wait_exit() != 0
    lines = [line for line in orthanc.log().splitlines() if "xnat-dqr: refusing to start" in line]
    assert len(lines) == 1, orthanc.log()
    assert key in lines[0]


def test_stock_find_and_move_at_series_level_reach_storescp(orthanc, storescp, make_data):
    data = make_data(studies=1, series=2, instances=3)
    study = data.studies()[0]
    stored = dcmtk.storescu(orthanc.dicom_port, data.paths())
    assert stored.ok, stored.output

    found = dcmtk.findscu(orthanc.dicom_port, {"QueryRetrieveLevel": "STUDY",
                                               "StudyInstanceUID": None, "PatientID": None})
    assert found.ok, found.output
    assert found.values("StudyInstanceUID") == [study.study_instance_uid]

    found = dcmtk.findscu(orthanc.dicom_port, {"QueryRetrieveLevel": "SERIES",
                                               "StudyInstanceUID": study.study_instance_uid,
                                               "SeriesInstanceUID": None})
    assert found.ok, found.output
    assert found.values("SeriesInstanceUID") == sorted(s.series_instance_uid
                                                       for s in study.series)

    # Stock Orthanc resolves the destination from its DicomModalities.
    answer = orthanc.put("/modalities/xnat", {"AET": storescp.aet, "Host": "127.0.0.1",
                                              "Port": storescp.port})
    assert answer.status_code == 200, answer.text
    series = study.series[1]
    moved = dcmtk.movescu(orthanc.dicom_port, {
        "QueryRetrieveLevel": "SERIES", "StudyInstanceUID": study.study_instance_uid,
        "SeriesInstanceUID": series.series_instance_uid}, destination=storescp.aet, aet="XNATA")
    assert moved.ok, moved.output
    assert (moved.completed, moved.failed, moved.warning) == (3, 0, 0)

    expected = {i.sop_instance_uid for i in series.instances}
    wait.until(lambda: storescp.stored_uids() == expected, timeout=10,
               message="the series at storescp")
    received = storescp.received()
    assert len(received) == 3
    assert {r.calling_aet for r in received} == {orthanc.aet}
    assert {r.move_originator_aet for r in received} == {"XNATA"}
    assert {r.move_originator_id for r in received} == {1}


def test_storescp_fixture_survives_a_restart(storescp, orthanc, make_data):
    data = make_data(instances=2)
    first, second = data.paths()
    assert dcmtk.storescu(storescp.port, [first], aec=storescp.aet).ok
    storescp.restart()
    assert dcmtk.storescu(storescp.port, [second], aec=storescp.aet, aet="SECOND").ok
    received = storescp.received()
    assert [r.calling_aet for r in received] == ["STORESCU", "SECOND"]
    assert storescp.stored_uids() == {i.sop_instance_uid for i in data.instances()}
    assert storescp.associations() == 2


def test_make_run_starts_orthanc_with_the_plugin(tmp_path):
    http_port, dicom_port = ports.free_port(), ports.free_port()
    env = environment()
    env.update(HTTP_PORT=str(http_port), DICOM_PORT=str(dicom_port),
               XNATDQR_VAR=str(tmp_path / "var"))
    process = subprocess.Popen([os.path.join(ROOT, "scripts", "run.sh")], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        import requests
        url = f"http://127.0.0.1:{http_port}/xnat-dqr/status"

        def ready():
            assert process.poll() is None, process.stdout.read().decode()
            try:
                return requests.get(url, timeout=1).status_code == 200
            except requests.RequestException:
                return False

        wait.until(ready, timeout=30, message="make run's Orthanc")
        assert dcmtk.echoscu(dicom_port).ok
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0].decode()
    assert f"http://localhost:{http_port}/app/explorer.html" in output
    assert f"http://localhost:{http_port}/xnat-dqr/status" in output
    assert os.path.isdir(tmp_path / "var" / "OrthancStorage")


def test_make_run_names_a_taken_port_and_the_override(orthanc, tmp_path):
    env = environment()
    env.update(HTTP_PORT=str(orthanc.http_port), DICOM_PORT=str(ports.free_port()),
               XNATDQR_VAR=str(tmp_path / "var"))
    done = subprocess.run([os.path.join(ROOT, "scripts", "run.sh")], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
    assert done.returncode != 0
    output = done.stdout.decode()
    assert f"Port {orthanc.http_port} is already in use" in output
    assert "make run HTTP_PORT=" in output
