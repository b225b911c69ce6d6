"""A Receiver's DICOMweb root (/xnat-dqr/dicom-web/{receiver}/), with Debian's orthanc-dicomweb
loaded beside the plugin: QIDO-RS answered as Orthanc's DICOMweb plugin answers it with the
Retrieve URLs under the root, WADO-RS served as the Receiver's paced Transfers, 503 with
Retry-After outside its Windows, and its HttpUsers / HttpAddresses kept off the other ways in."""
import base64
import datetime
import os
import threading
import time

import requests
from prometheus_client.parser import text_string_to_metric_families

from harness import dicomweb, wait
from test_queue import CLOSED, WEEK, add_receiver, open_all_week

ROOT = "/xnat-dqr/dicom-web/xnat-b"


def dicomweb_orthanc(orthanc_factory, **config):
    return orthanc_factory(config=dict({"Plugins": dicomweb.plugins()}, **config))


def files_by_uid(orthanc):
    return {orthanc.get_json(f"/instances/{i}/simplified-tags")["SOPInstanceUID"]:
            orthanc.get(f"/instances/{i}/file").content for i in orthanc.get_json("/instances")}


def transfers(orthanc):
    return orthanc.get_json("/xnat-dqr/transfers?receiver=xnat-b")


def metric(orthanc, name, **labels):
    for family in text_string_to_metric_families(orthanc.get("/xnat-dqr/metrics").text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    return None


def without_urls(datasets):
    return [{tag: element for tag, element in one.items() if tag != "00081190"}
            for one in datasets]


def test_a_dqr_client_gets_every_instance_byte_identical_through_the_receivers_root(
        orthanc_factory, make_data):
    orthanc = dicomweb_orthanc(orthanc_factory)
    made = make_data(series=2, instances=4, pixel_bytes=4096)
    orthanc.upload(made.paths())
    add_receiver(orthanc, "xnat-b", port=8104, AET="XNATB")
    patient = made.patients[0].patient_id
    pulled, urls = dicomweb.dqr_pull(orthanc.session, orthanc.url + ROOT, patient)

    # Every Retrieve URL points back under the root, on the host the client asked.
    assert len(urls) == 3 and all(u.startswith(orthanc.url + ROOT + "/studies/") for u in urls)
    # Each series came whole, and each instance byte-identical to Orthanc's file.
    files = files_by_uid(orthanc)
    assert sorted(len(p) for p in pulled.values()) == [4, 4]
    assert sorted(p for ps in pulled.values() for p in ps) == sorted(files.values())
    # QIDO-RS answers what Orthanc's DICOMweb plugin answers, Retrieve URLs aside.
    for path in ("/studies?PatientID=" + patient, "/series?PatientID=" + patient):
        stock = orthanc.get("/dicom-web" + path)
        ours = orthanc.get(ROOT + path)
        assert ours.status_code == stock.status_code == 200
        assert without_urls(ours.json()) == without_urls(stock.json())
        assert ours.headers["Content-Type"] == "application/dicom+json"

    # Each retrieve is a Transfer of the Receiver, Via dicomweb; history and metrics count it.
    done = transfers(orthanc)
    assert len(done) == 2
    for one in done:
        assert (one["Origin"], one["Query"]["Via"], one["State"]) == (
            "DICOMweb", "dicomweb", "Succeeded"), one
        assert one["InstancesSent"] == one["InstancesTotal"] == 4
        assert one["CallingAddress"] == "127.0.0.1" and one["Level"] == "Series"
    sent = sum(t["BytesSent"] for t in done)
    assert sent == sum(len(f) for f in files.values())
    totals = orthanc.get_json("/xnat-dqr/receivers/xnat-b/history")["Totals"]
    assert (totals["Bytes"], totals["Instances"]) == (sent, 8)
    assert metric(orthanc, "xnatdqr_dicomweb_retrieves_total", receiver="xnat-b",
                  outcome="Succeeded") == 2
    assert metric(orthanc, "xnatdqr_bytes_sent_total", receiver="xnat-b") == sent
    # The audit: who pulled what over DICOMweb.
    pulls = [r for r in orthanc.get_json("/xnat-dqr/audit") if (r["After"] or {}).get("Via")]
    assert sorted(r["After"]["Transfer"] for r in pulls) == sorted(t["Id"] for t in done)
    assert all(r["After"]["Via"] == "dicomweb" and r["Method"] == "GET" and
               r["Uri"].startswith(ROOT + "/studies/") and r["RemoteAddress"] == "127.0.0.1" and
               r["After"]["State"] == "Succeeded" for r in pulls)


def test_a_retrieve_keeps_the_receivers_max_mbps(orthanc_factory, make_data):
    orthanc = dicomweb_orthanc(orthanc_factory)
    made = make_data(series=1, instances=40, pixel_bytes=512 * 1024)  # 21 MB
    orthanc.upload(made.paths())
    add_receiver(orthanc, "xnat-b", port=8104, Schedule=open_all_week(max_mbps=2))
    [study] = orthanc.get_json(ROOT + "/studies")
    started = time.monotonic()
    answer = orthanc.get(f"{ROOT}/studies/{dicomweb.value(study, '0020000D')}",
                         headers={"Accept": dicomweb.MULTIPART_DICOM}, timeout=120)
    elapsed = time.monotonic() - started
    assert answer.status_code == 200
    received = sum(len(p) for p in dicomweb.parts(answer))
    [done] = transfers(orthanc)
    assert received == done["BytesSent"] > 20e6
    pace = received / elapsed / 1e6
    print(f"MaxMBps 2: {received} bytes in {elapsed:.2f} s, {pace:.3f} MB/s")
    assert abs(pace - 2.0) <= 0.1, f"{received} bytes in {elapsed:.2f} s: {pace:.3f} MB/s"
    # The wait for the cap is idle time, as for a C-MOVE.
    assert done["IdleSeconds"] > 5


def next_opening(weekday_offset, hour):
    now = datetime.datetime.now().astimezone()
    day = (now + datetime.timedelta(days=weekday_offset)).replace(
        hour=hour, minute=0, second=0, microsecond=0)
    return WEEK[day.weekday()], (day - now).total_seconds()


def test_outside_the_windows_a_retrieve_is_503_with_retry_after_the_opening(
        orthanc_factory, make_data):
    orthanc = dicomweb_orthanc(orthanc_factory)
    orthanc.upload(make_data(series=1, instances=2).paths())
    day, seconds = next_opening(2, 10)
    add_receiver(orthanc, "xnat-b", port=8104,
                 Schedule={day: [{"Start": "10:00", "End": "11:00"}]})
    [study] = orthanc.get_json(ROOT + "/studies")  # QIDO-RS is not a transfer: always served
    answer = orthanc.get(f"{ROOT}/studies/{dicomweb.value(study, '0020000D')}")
    assert answer.status_code == 503, answer.text
    assert abs(int(answer.headers["Retry-After"]) - seconds) <= 3, (answer.headers, seconds)
    body = answer.json()
    assert "outside the schedule" in body["Error"]
    assert body["RetryAfterSeconds"] == int(answer.headers["Retry-After"])
    # OutsideWindow Queue does not hold for DICOMweb, and the answer says why.
    assert "cannot be queued" in body["OutsideWindow"]
    # The explain route says the same, and that DICOMweb cannot queue.
    explained = orthanc.get_json("/xnat-dqr/route?called=ORTHANC&calling=XNAT&destination=XNAT")
    assert explained["Action"] == "Queue"  # a C-MOVE would be queued
    web = explained["DicomWeb"]
    assert (web["Root"], web["Action"]) == (ROOT + "/", "Unavailable")
    assert abs(web["RetryAfterSeconds"] - seconds) <= 3
    assert "cannot be queued" in web["OutsideWindow"]
    [refused] = transfers(orthanc)
    assert refused["State"] == "Failed" and refused["InstancesSent"] == 0
    assert refused["Origin"] == "DICOMweb"
    assert metric(orthanc, "xnatdqr_dicomweb_retrieves_total", receiver="xnat-b",
                  outcome="Refused") == 1
    # Never open: 503 without a Retry-After.
    assert orthanc.put("/xnat-dqr/receivers/xnat-b/schedule", CLOSED).status_code == 200
    closed = orthanc.get(f"{ROOT}/studies/{dicomweb.value(study, '0020000D')}")
    assert closed.status_code == 503 and "Retry-After" not in closed.headers


def retrieve_at_once(orthanc, url, count):
    answers = [None] * count

    def one(i):
        answers[i] = requests.get(orthanc.url + url, headers={"Accept": dicomweb.MULTIPART_DICOM},
                                  timeout=120)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for i, thread in enumerate(threads):
        thread.start()
        time.sleep(0.3 if i == 0 else 0)  # the first one holds the thread
    for thread in threads:
        thread.join()
    return answers


def test_with_one_thread_a_second_retrieve_waits_or_gets_503_as_configured(
        orthanc_factory, make_data):
    made = make_data(series=1, instances=8, pixel_bytes=256 * 1024)  # 2 MB: 2 s at 1 MB/s
    for wait_seconds, expected in ((0, 503), (30, 200)):
        orthanc = dicomweb_orthanc(orthanc_factory, XnatDqr={"MoveWaitSeconds": wait_seconds})
        orthanc.upload(made.paths())
        add_receiver(orthanc, "xnat-b", port=8104,
                     Schedule=open_all_week(threads=1, max_mbps=1))
        [study] = orthanc.get_json(ROOT + "/studies")
        first, second = retrieve_at_once(
            orthanc, f"{ROOT}/studies/{dicomweb.value(study, '0020000D')}", 2)
        assert first.status_code == 200 and len(dicomweb.parts(first)) == 8
        assert second.status_code == expected, second.text
        if expected == 503:
            assert second.headers["Retry-After"] == "1"  # at least a second
            assert "no thread free within 0 s" in second.json()["Error"]
        else:
            # It waited for the first: they ran one after the other.
            a, b = sorted((t for t in transfers(orthanc)), key=lambda t: t["Started"])
            assert a["Finished"] <= b["Started"], (a, b)
            assert len(dicomweb.parts(second)) == 8
        orthanc.kill()


def test_a_retrieve_is_charged_to_the_byte_budget(orthanc_factory, make_data):
    orthanc = dicomweb_orthanc(orthanc_factory)
    made = make_data(series=2, instances=6, pixel_bytes=200 * 1024)  # 1.2 MB a series
    orthanc.upload(made.paths())
    budget = {d: [{"Start": "00:00", "End": "24:00", "MaxGB": 0.002}] for d in WEEK}
    add_receiver(orthanc, "xnat-b", port=8104, Schedule=budget, OutsideWindow="Refuse")
    study = made.studies()[0]
    series = [f"{ROOT}/studies/{study.study_instance_uid}/series/{s.series_instance_uid}"
              for s in study.series]
    first = orthanc.get(series[0], headers={"Accept": dicomweb.MULTIPART_DICOM})
    assert first.status_code == 200
    [sent] = transfers(orthanc)
    status = orthanc.get_json("/xnat-dqr/receivers/xnat-b/schedule/status")
    assert abs(status["Budgets"][0]["SpentGB"] * 1e9 - sent["BytesSent"]) < 1
    # The second series does not fit in what is left: refused whole, nothing overrun.
    second = orthanc.get(series[1], headers={"Accept": dicomweb.MULTIPART_DICOM})
    assert second.status_code == 503 and "MaxGB" in second.json()["Error"], second.text
    status = orthanc.get_json("/xnat-dqr/receivers/xnat-b/schedule/status")
    assert abs(status["Budgets"][0]["SpentGB"] * 1e9 - sent["BytesSent"]) < 1


def basic(user):
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:pw".encode()).decode()}


def test_a_bound_user_is_kept_to_its_own_root_and_others_are_unaffected(orthanc_factory,
                                                                      make_data):
    users = {"xnatb": "pw", "xnatc": "pw", "admin": "pw"}
    orthanc = orthanc_factory(start=False, config={
        "Plugins": dicomweb.plugins(), "AuthenticationEnabled": True, "RegisteredUsers": users})
    orthanc.session.auth = ("admin", "pw")
    orthanc.start()
    [instance] = orthanc.upload(make_data(series=1, instances=1).paths())
    add_receiver(orthanc, "xnat-b", port=8104, HttpUsers=["xnatb"])
    add_receiver(orthanc, "xnat-c", port=8105, AET="XNATC", HttpUsers=["xnatc"])
    study = orthanc.get_json(f"/instances/{instance}/study")["ID"]
    xnatb = requests.Session()
    xnatb.auth = ("xnatb", "pw")
    for uri in ("/dicom-web/studies", f"/studies/{study}/archive", f"/instances/{instance}/file",
                "/xnat-dqr/dicom-web/xnat-c/studies"):
        assert xnatb.get(orthanc.url + uri).status_code == 403, uri
    assert xnatb.get(orthanc.url + ROOT + "/studies").status_code == 200
    # An unbound user is unaffected.
    assert orthanc.get("/dicom-web/studies").status_code == 200
    assert orthanc.get(f"/instances/{instance}/file").status_code == 200
    # Orthanc's 403 has no body: the log and the audit name the Receiver's root.
    refused = [r for r in orthanc.get_json("/xnat-dqr/audit") if "Refused" in (r["After"] or {})]
    assert {r["Uri"] for r in refused} >= {"/dicom-web/studies", f"/instances/{instance}/file"}
    assert all(r["User"] == "xnatb" and r["After"]["Root"] == ROOT + "/" for r in refused)
    assert f"whose schedules hold on its DICOMweb root {ROOT}/ only" in orthanc.log()
    # The explain route names the root for the identity.
    explained = orthanc.get_json("/xnat-dqr/route?user=xnatb")
    assert (explained["Receiver"], explained["Root"], explained["Refused"]) == (
        "xnat-b", ROOT + "/", True)
    assert orthanc.get_json("/xnat-dqr/route?user=admin")["Receiver"] is None
    bad = orthanc.get("/xnat-dqr/route?http-address=10.0.0.0/8")
    assert bad.status_code == 400 and (bad.json()["Field"], bad.json()["Error"]) == (
        "http-address", "http-address \"10.0.0.0/8\" must be one IPv4 or IPv6 address")
    # A PACS that wants the old behaviour turns it off with one setting.
    orthanc.stop()
    orthanc.config["XnatDqr"] = {"GuardHttpIdentities": False}
    orthanc.start()
    assert xnatb.get(orthanc.url + "/dicom-web/studies").status_code == 200


def test_a_bound_address_is_kept_to_its_own_root(orthanc_factory, make_data):
    orthanc = dicomweb_orthanc(orthanc_factory)
    orthanc.upload(make_data(series=1, instances=1).paths())
    add_receiver(orthanc, "xnat-b", port=8104, HttpAddresses=["127.0.0.0/8"])
    # Every request comes from 127.0.0.1 here: only the root and the plugin's API are left.
    assert orthanc.get("/dicom-web/studies").status_code == 403
    assert orthanc.get(ROOT + "/studies").status_code == 200
    assert orthanc.get("/xnat-dqr/receivers/xnat-b").status_code == 200
    assert orthanc.delete("/xnat-dqr/receivers/xnat-b").status_code in (200, 204)
    assert orthanc.get("/dicom-web/studies").status_code == 200


def test_http_identities_are_validated_and_one_receiver_each(orthanc_factory):
    orthanc = dicomweb_orthanc(orthanc_factory)
    add_receiver(orthanc, "xnat-b", port=8104, HttpUsers=["xnatb"], HttpAddresses=["10.0.0.0/24"])
    before = orthanc.get_json("/xnat-dqr/receivers")
    for body, field, words in (
            ({"HttpUsers": ["a:b"]}, "HttpUsers", "':'"),
            ({"HttpAddresses": ["10.0.0.0/40"]}, "HttpAddresses", "HttpAddresses entry"),
            ({"HttpUsers": "xnat"}, "HttpUsers", "HttpUsers")):
        answer = orthanc.post("/xnat-dqr/receivers",
                              dict({"Id": "xnat-c", "AET": "C", "Host": "h", "Port": 1}, **body))
        assert answer.status_code == 400 and answer.json()["Field"] == field, answer.text
        assert words in answer.json()["Error"]
    clash = orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-c", "AET": "C", "Host": "h",
                                                 "Port": 1, "HttpAddresses": ["10.0.0.7"]})
    assert clash.status_code == 409 and clash.json()["Conflict"] == "xnat-b", clash.text
    assert orthanc.get_json("/xnat-dqr/receivers") == before


def test_bad_input_gets_what_orthancs_dicomweb_plugin_gives(orthanc_factory, make_data):
    orthanc = dicomweb_orthanc(orthanc_factory)
    orthanc.upload(make_data(series=1, instances=1).paths())
    add_receiver(orthanc, "xnat-b", port=8104)
    [study] = orthanc.get_json("/dicom-web/studies")
    uid = dicomweb.value(study, "0020000D")
    for path in ("/studies?limit=abc", "/studies?fuzzymatching=maybe", "/studies/1.2.3",
                 f"/studies/{uid}/series/1.2.3", f"/studies/{uid}/series/1.2.3/instances/4.5"):
        stock, ours = orthanc.get("/dicom-web" + path), orthanc.get(ROOT + path)
        assert ours.status_code == stock.status_code >= 400, (path, ours.text, stock.text)
        for key in ("HttpStatus", "Message", "OrthancStatus"):
            assert ours.json()[key] == stock.json()[key], (path, key, ours.text, stock.text)
        if "WADO-RS" in stock.json().get("Details", ""):
            # Its wording, and which level it names, vary by version: ours names the first
            # level Orthanc does not store.
            details = ours.json()["Details"]
            assert details.startswith("Accessing an inexistent ") and details.endswith(": 1.2.3")
    # A series (or an instance) under another study's URL is not there, as for the plugin.
    other = make_data(series=1, instances=1, prefix="O-")
    orthanc.upload(other.paths())
    series = other.studies()[0].series[0]
    instance = series.instances[0].sop_instance_uid
    for path in (f"/studies/{uid}/series/{series.series_instance_uid}",
                 f"/studies/{uid}/series/{series.series_instance_uid}/instances/{instance}"):
        stock, ours = orthanc.get("/dicom-web" + path), orthanc.get(ROOT + path)
        assert ours.status_code == stock.status_code == 404, (path, ours.text, stock.text)
        assert ours.json()["Message"] == stock.json()["Message"]
    # Under the root only studies, series and instances are served; an unknown Receiver is 404.
    frames = orthanc.get(f"{ROOT}/studies/{uid}/series/1/instances/2/frames/1")
    assert frames.status_code == 404 and "retrieve the instances" in frames.json()["Error"]
    assert orthanc.get("/xnat-dqr/dicom-web/nobody/studies").status_code == 404
    assert orthanc.post(ROOT + "/studies", b"").status_code == 405
    assert transfers(orthanc) == []


def test_without_the_dicomweb_plugin_the_root_says_so(orthanc):
    add_receiver(orthanc, "xnat-b", port=8104)
    answer = orthanc.get(ROOT + "/studies")
    assert answer.status_code == 503 and "orthanc-dicomweb" in answer.json()["Error"]


def test_an_instance_that_cannot_be_read_ends_the_multipart_cleanly(orthanc_factory, make_data):
    # No storage cache: the file removed below is really gone for Orthanc.
    orthanc = dicomweb_orthanc(orthanc_factory, MaximumStorageCacheSize=0)
    made = make_data(series=1, instances=5)
    ids = orthanc.upload(made.paths())
    add_receiver(orthanc, "xnat-b", port=8104)
    files = files_by_uid(orthanc)
    gone = ids[2]
    gone_file = orthanc.get(f"/instances/{gone}/file").content
    uuid = orthanc.get_json(f"/instances/{gone}/attachments/dicom/info")["Uuid"]
    os.remove(os.path.join(orthanc.storage, uuid[:2], uuid[2:4], uuid))
    study = made.studies()[0]
    answer = orthanc.get(f"{ROOT}/studies/{study.study_instance_uid}",
                         headers={"Accept": dicomweb.MULTIPART_DICOM})
    assert answer.status_code == 200
    got = dicomweb.parts(answer)
    assert answer.content.rstrip().endswith(b"--")  # the closing boundary
    [failed] = transfers(orthanc)
    assert failed["State"] == "Failed" and "cannot be read" in failed["Error"], failed
    assert failed["InstancesSent"] == len(got) < 5 and failed["InstancesFailed"] == 1
    # The parts before it arrived whole.
    assert gone_file not in got and all(part in files.values() for part in got)
    assert metric(orthanc, "xnatdqr_dicomweb_retrieves_total", receiver="xnat-b",
                  outcome="Failed") == 1


def test_a_retrieve_cut_by_a_crash_is_failed_at_restart_not_sent_by_cstore(
        orthanc_factory, storescp, make_data):
    orthanc = dicomweb_orthanc(orthanc_factory)
    made = make_data(series=1, instances=8, pixel_bytes=256 * 1024)  # 2 MB: 4 s at 0.5 MB/s
    orthanc.upload(made.paths())
    # The Receiver is a real storescp: after the restart, nothing may reach it by C-STORE.
    add_receiver(orthanc, "xnat-b", storescp, Schedule=open_all_week(max_mbps=0.5))
    study = made.studies()[0]
    url = f"{orthanc.url}{ROOT}/studies/{study.study_instance_uid}"
    answer = requests.get(url, headers={"Accept": dicomweb.MULTIPART_DICOM}, stream=True,
                          timeout=60)
    assert answer.status_code == 200
    wait.until(lambda: transfers(orthanc)[0]["InstancesSent"] >= 1, timeout=30,
               message="the retrieve under way")
    orthanc.kill()  # kill -9 mid-stream
    answer.close()
    orthanc.start()
    [cut] = transfers(orthanc)
    assert cut["State"] == "Failed" and "Orthanc stopped during the DICOMweb retrieve" in \
        cut["Error"], cut
    assert cut["Actions"] == []  # no Retry: the XNAT asks again
    # Failed, not Queued: the queue has nothing to send by C-STORE.
    assert orthanc.get_json("/xnat-dqr/transfers?state=Queued") == []
    assert storescp.stored_uids() == set()


def test_a_transfer_syntax_asked_for_is_transcoded_by_orthanc(orthanc_factory, make_data):
    import io

    import pydicom
    orthanc = dicomweb_orthanc(orthanc_factory)
    made = make_data(series=1, instances=3)
    orthanc.upload(made.paths())
    add_receiver(orthanc, "xnat-b", port=8104)
    study = made.studies()[0]
    implicit = "1.2.840.10008.1.2"
    answer = orthanc.get(f"{ROOT}/studies/{study.study_instance_uid}", headers={
        "Accept": f'{dicomweb.MULTIPART_DICOM}; transfer-syntax={implicit}'})
    assert answer.status_code == 200
    parsed = [pydicom.dcmread(io.BytesIO(p)) for p in dicomweb.parts(answer)]
    assert {p.file_meta.TransferSyntaxUID for p in parsed} == {implicit}
    assert {p.SOPInstanceUID for p in parsed} == {i.sop_instance_uid for i in study.instances()}
    # A type the root does not serve: 406 saying what it serves.
    refused = orthanc.get(f"{ROOT}/studies/{study.study_instance_uid}",
                          headers={"Accept": "application/dicom+json"})
    assert refused.status_code == 406 and "multipart/related" in refused.json()["Error"]
