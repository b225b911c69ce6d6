"""orthanc-docker/: the image, built on Debian 12 (Orthanc 1.10.1) and Debian 13 (Orthanc
1.12.7), runs Orthanc with the plugin as a non-root user, refuses to start without credentials,
is healthy, keeps its data in a volume, and serves a C-MOVE into a storescp on the host."""
import json
import os
import subprocess
import uuid

import pytest
import requests

from harness import dcmtk, dicomweb, docker, ports, wait

AUTH = ("admin", "pw-" + uuid.uuid4().hex[:8])


def built(release):
    docker.ready(release)
    return docker.build(release, f"orthanc-xnat-dqr:{release}")


@pytest.fixture(scope="module", params=["bookworm", "trixie"])
def image(request):
    return built(request.param)


@pytest.fixture
def container(image, request):
    """start(env) -> (name, http_port, dicom_port); containers and volumes removed at the end."""
    made = []

    def start(env, volume=None):
        name = "xnatdqr-test-" + uuid.uuid4().hex[:8]
        volume = volume or name
        http, dicom = ports.free_port(), ports.free_port()
        arguments = ["run", "-d", "--name", name, "--network", "host",
                     "-v", f"{volume}:/var/lib/orthanc/db-v6",
                     "-e", f"XNATDQR_HTTP_PORT={http}", "-e", f"XNATDQR_DICOM_PORT={dicom}"]
        for key, value in env.items():
            arguments += ["-e", f"{key}={value}"]
        docker.run(arguments + [image])
        made.append((name, volume))
        return name, http, dicom

    yield start
    for name, volume in made:
        if getattr(getattr(request.node, "report_call", None), "failed", False):
            print(f"\n----- docker logs {name} -----")
            print(docker.run(["logs", name], check=False).stderr[-8000:])
        docker.run(["rm", "-f", name], check=False)
        docker.run(["volume", "rm", "-f", volume], check=False)


def health(name):
    state = json.loads(docker.run(["inspect", name]).stdout)[0]["State"]
    return state.get("Health", {}).get("Status"), state["Running"]


def test_refuses_to_start_without_credentials(image):
    for env in ({}, {"XNATDQR_USER": "admin"}, {"XNATDQR_PASSWORD": "pw"}):
        arguments = ["run", "--rm", "--network", "host"]
        for key, value in env.items():
            arguments += ["-e", f"{key}={value}"]
        done = docker.run(arguments + [image], check=False, timeout=120)
        assert done.returncode == 64, done.stderr
        assert "refusing to start" in done.stderr
        missing = [key for key in ("XNATDQR_USER", "XNATDQR_PASSWORD") if key not in env]
        assert all(key in done.stderr for key in missing), done.stderr


def test_image_serves_a_cmove_as_a_non_root_user(container, storescp, make_data, tmp_path):
    name, http, dicom = container({"XNATDQR_USER": AUTH[0], "XNATDQR_PASSWORD": AUTH[1]})
    wait.until(lambda: health(name)[0] == "healthy" or not health(name)[1], timeout=90,
               interval=1, message=f"{name} healthy")
    assert health(name) == ("healthy", True), docker.run(["logs", name]).stderr[-4000:]
    orthanc = docker.ContainerOrthanc(http, dicom, AUTH)

    # REST authentication is on, with the credentials from the environment.
    assert requests.get(orthanc.url + "/xnat-dqr/status").status_code == 401
    assert requests.get(orthanc.url + "/xnat-dqr/status",
                        auth=(AUTH[0], "wrong")).status_code == 401
    status = orthanc.get_json("/xnat-dqr/status")
    assert status["Plugin"] == "xnat-dqr"
    assert status["OrthancVersion"] in ("1.10.1", "1.12.7")
    assert docker.run(["exec", name, "id", "-un"]).stdout.strip() == "orthanc"
    assert docker.run(["exec", name, "stat", "-c", "%U", "/proc/1"]).stdout.strip() == "orthanc"

    # Register the host's storescp, store a study, C-MOVE a series into the storescp.
    made = make_data(series=2, instances=3)
    orthanc.upload(made.paths())
    body = {"Id": "xnat-a", "AET": storescp.aet, "Host": "127.0.0.1", "Port": storescp.port,
            "CallingAETs": ["XNATA"]}
    answer = orthanc.post("/xnat-dqr/receivers", body)
    assert answer.status_code == 201, answer.text
    study = made.studies()[0]
    series = study.series[0]
    moved = dcmtk.movescu(dicom, {"QueryRetrieveLevel": "SERIES",
                                  "StudyInstanceUID": study.study_instance_uid,
                                  "SeriesInstanceUID": series.series_instance_uid},
                          storescp.aet, aet="XNATA")
    assert moved.status == 0x0000, moved.output
    wanted = {i.sop_instance_uid for i in series.instances}
    wait.until(lambda: storescp.stored_uids() >= wanted, timeout=30, message="delivery")
    assert storescp.stored_uids() == wanted

    # The image has orthanc-dicomweb: the Receiver's DICOMweb root serves a pull of the other
    # series, as XNAT's DQR would make it, as a Transfer of the Receiver.
    root = orthanc.url + "/xnat-dqr/dicom-web/xnat-a"
    pulled, urls = dicomweb.dqr_pull(orthanc.session, root, made.patients[0].patient_id)
    assert all(url.startswith(root + "/studies/") for url in urls)
    assert sorted(len(parts) for parts in pulled.values()) == [3, 3]
    assert [t["Origin"] for t in orthanc.get_json("/xnat-dqr/transfers")].count("DICOMweb") == 2

    # The Receiver and the Transfer live in the volume: a new container on it still has them.
    transfers = orthanc.get_json("/xnat-dqr/transfers")
    assert all(t["State"] == "Succeeded" and t["InstancesSent"] == 3 for t in transfers)
    docker.run(["rm", "-f", name])
    again, http2, dicom2 = container({"XNATDQR_USER": AUTH[0], "XNATDQR_PASSWORD": AUTH[1]},
                                     volume=name)
    second = docker.ContainerOrthanc(http2, dicom2, AUTH)
    wait.until(lambda: _answers(second), timeout=60, interval=0.5, message=f"{again} REST")
    assert second.get_json("/xnat-dqr/receivers") == ["xnat-a"]
    assert second.get_json("/xnat-dqr/transfers")[0]["Id"] == transfers[0]["Id"]


def _answers(orthanc):
    try:
        return orthanc.get("/xnat-dqr/status", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _move_to_stand_in(dicom_port, study, list_files):
    """A STUDY C-MOVE of a two-instance study to XNAT, called as XNAT; waits for the compose
    stand-in (list_files: the output of find in its /data) to hold both files."""
    moved = dcmtk.movescu(dicom_port, {"QueryRetrieveLevel": "STUDY",
                                       "StudyInstanceUID": study.study_instance_uid}, "XNAT",
                          aet="XNAT")
    assert moved.status == 0x0000, moved.output
    wait.until(lambda: len(list_files().split()) == 2, timeout=30, interval=0.5,
               message="the stand-in's two files")


def test_compose_runs_orthanc_and_the_xnat_stand_in(make_data):
    """docker-compose.yml (its default bookworm, with Debian 12's docker-compose): refuses
    without credentials; with them, a C-MOVE from the host reaches the storescp stand-in."""
    built("bookworm")
    compose = os.path.join(docker.ROOT, "orthanc-docker", "docker-compose.yml")
    project = "xnatdqr" + uuid.uuid4().hex[:8]
    http, dicom, xnat = ports.free_port(), ports.free_port(), ports.free_port()
    env = dict(os.environ, XNATDQR_HTTP_PORT=str(http), XNATDQR_DICOM_PORT=str(dicom),
               XNAT_PORT=str(xnat), DEBIAN_RELEASE="bookworm")
    for key in ("XNATDQR_USER", "XNATDQR_PASSWORD"):
        env.pop(key, None)

    def compose_run(*arguments, check=True, extra=None):
        done = subprocess.run(["docker-compose", "-f", compose, "-p", project] + list(arguments),
                              env=dict(env, **(extra or {})), capture_output=True, text=True,
                              timeout=1800)
        if check:
            assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
        return done

    refused = compose_run("config", check=False)
    assert refused.returncode != 0 and "set XNATDQR_USER" in refused.stderr
    credentials = {"XNATDQR_USER": AUTH[0], "XNATDQR_PASSWORD": AUTH[1]}
    try:
        compose_run("up", "-d", "--build", extra=credentials)
        orthanc = docker.ContainerOrthanc(http, dicom, AUTH)
        wait.until(lambda: _answers(orthanc), timeout=90, interval=0.5, message="compose Orthanc")
        made = make_data(series=1, instances=2)
        orthanc.upload(made.paths())
        body = {"Id": "xnat", "AET": "XNAT", "Host": "127.0.0.1", "Port": xnat}
        assert orthanc.post("/xnat-dqr/receivers", body).status_code == 201
        echo = orthanc.post("/xnat-dqr/receivers/xnat/echo")
        assert echo.status_code == 200, echo.text
        _move_to_stand_in(dicom, made.studies()[0], lambda: compose_run(
            "exec", "-T", "xnat", "find", "/data", "-type", "f", extra=credentials).stdout)
    finally:
        compose_run("down", "-v", "--rmi", "local", check=False, extra=credentials)


def test_compose_runs_two_orthancs_on_one_postgresql(make_data):
    """docker-compose.scale-out.yml: PostgreSQL, two Orthancs sharing it, the stand-in. A
    Receiver registered on one is served by the other, which a C-MOVE reaches."""
    built("bookworm")
    compose = os.path.join(docker.ROOT, "orthanc-docker", "docker-compose.scale-out.yml")
    project = "xnatdqr" + uuid.uuid4().hex[:8]
    http_a, dicom_a, http_b, dicom_b, db, xnat = (ports.free_port() for _ in range(6))
    env = dict(os.environ, XNATDQR_HTTP_PORT_A=str(http_a), XNATDQR_DICOM_PORT_A=str(dicom_a),
               XNATDQR_HTTP_PORT_B=str(http_b), XNATDQR_DICOM_PORT_B=str(dicom_b),
               XNATDQR_DB_PORT=str(db), XNAT_PORT=str(xnat), DEBIAN_RELEASE="bookworm",
               XNATDQR_USER=AUTH[0], XNATDQR_PASSWORD=AUTH[1], XNATDQR_DB_PASSWORD="db-secret")

    def compose_run(*arguments, check=True):
        done = subprocess.run(["docker-compose", "-f", compose, "-p", project] + list(arguments),
                              env=env, capture_output=True, text=True, timeout=1800)
        if check:
            assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
        return done

    try:
        compose_run("up", "-d", "--build")
        a = docker.ContainerOrthanc(http_a, dicom_a, AUTH)
        b = docker.ContainerOrthanc(http_b, dicom_b, AUTH)
        for orthanc in (a, b):
            wait.until(lambda o=orthanc: _answers(o), timeout=120, interval=0.5,
                       message="a compose Orthanc on PostgreSQL")
        assert b.get_json("/xnat-dqr/status")["Configuration"]["Database"]["Password"] == \
            "(set, not shown)"
        made = make_data(series=1, instances=2)
        a.upload(made.paths())
        body = {"Id": "xnat", "AET": "XNAT", "Host": "127.0.0.1", "Port": xnat}
        assert a.post("/xnat-dqr/receivers", body).status_code == 201
        wait.until(lambda: "xnat" in b.get_json("/xnat-dqr/receivers"), timeout=5,
                   message="the Receiver on orthanc-b")
        wait.until(lambda: "xnat" in b.get_json("/modalities"), timeout=5,
                   message="orthanc-b's DicomModalities")
        _move_to_stand_in(dicom_b, made.studies()[0], lambda: compose_run(
            "exec", "-T", "xnat", "find", "/data", "-type", "f").stdout)
        [transfer] = a.get_json("/xnat-dqr/transfers")
        assert (transfer["State"], transfer["InstancesSent"]) == ("Succeeded", 2)
    finally:
        compose_run("down", "-v", "--rmi", "local", check=False)
