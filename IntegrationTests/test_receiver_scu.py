"""What a Receiver's C-STOREs look like: compressed studies transcoded for a receiver that takes
only uncompressed syntaxes, DICOM TLS, and the calling AE Title its XNAT's whitelist expects
(LocalAet), inside a C-MOVE and as a queued Transfer (#23)."""
import pydicom
import pytest

from harness import dcmtk, tls, wait
from harness.orthanc import STRICT
from harness.syntaxes import EXPLICIT, compress, written

COMPRESSED = ("jpeg-lossless-sv1", "jpeg-ls-lossless")


def uids(paths):
    return {str(pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID) for p in paths}


def study_of(paths):
    return str(pydicom.dcmread(paths[0], stop_before_pixels=True).StudyInstanceUID)


def add_receiver(orthanc, body):
    answer = orthanc.post("/xnat-dqr/receivers", body)
    assert answer.status_code == 201, answer.text


def study_keys(study_uid):
    return {"QueryRetrieveLevel": "STUDY", "StudyInstanceUID": study_uid}


def queue_study(orthanc, receiver_id, paths):
    """Orthanc's own /modalities/{id}/store, which queues a Transfer for a Receiver."""
    [study] = [h["ID"] for h in orthanc.post("/tools/lookup", study_of(paths)).json()]
    answer = orthanc.post(f"/modalities/{receiver_id}/store", [study])
    assert answer.status_code == 200, answer.text
    transfer_id = answer.json()["Transfer"]["Id"]
    return wait.until(lambda: finished(orthanc, transfer_id), timeout=30,
                      message=f"Transfer {transfer_id} to finish")


def finished(orthanc, transfer_id):
    transfer = orthanc.get_json(f"/xnat-dqr/transfers/{transfer_id}")
    return transfer if transfer["State"] in ("Succeeded", "Failed") else None


@pytest.mark.parametrize("how", COMPRESSED)
def test_compressed_studies_reach_a_receiver_that_takes_only_uncompressed(
        orthanc, storescp_factory, make_data, tmp_path, how):
    # 9: from 8 instances on, they are read (and transcoded) ahead on a thread of their own.
    moved_paths = compress(make_data(instances=9).paths(), str(tmp_path / "moved"), how)
    queued_paths = compress(make_data(instances=2).paths(), str(tmp_path / "queued"), how)
    orthanc.upload(moved_paths + queued_paths)
    scp = storescp_factory(aet="XNAT")  # a default storescp: uncompressed syntaxes only
    add_receiver(orthanc, {"Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1", "Port": scp.port})

    moved = dcmtk.movescu(orthanc.dicom_port, study_keys(study_of(moved_paths)), "XNAT")
    assert moved.ok and moved.completed == 9, moved.output
    transfer = queue_study(orthanc, "xnat-a", queued_paths)
    assert transfer["State"] == "Succeeded" and transfer["InstancesSent"] == 2, transfer

    received = written(scp)
    assert set(received) == uids(moved_paths) | uids(queued_paths)
    assert set(received.values()) == {EXPLICIT}


def test_a_receiver_over_dicom_tls(orthanc_factory, storescp_factory, make_data, tmp_path):
    authority = tls.Authority(tmp_path / "ca")
    orthanc = orthanc_factory(config=authority.orthanc_settings())
    data = make_data(instances=3)
    orthanc.upload(data.paths())
    scp = storescp_factory(aet="XNAT", extra=authority.storescp_options())
    add_receiver(orthanc, {"Id": "xnat-tls", "AET": "XNAT", "Host": "127.0.0.1",
                           "Port": scp.port, "UseDicomTls": True})
    route = orthanc.get_json("/xnat-dqr/route?called=ORTHANC&calling=XNAT&destination=XNAT")
    assert route["Target"]["UseDicomTls"] is True
    echo = orthanc.post("/xnat-dqr/receivers/xnat-tls/echo")  # Orthanc's own SCU, over TLS
    assert echo.status_code == 200 and echo.json()["Success"] is True, echo.text

    moved = dcmtk.movescu(orthanc.dicom_port, study_keys(study_of(data.paths())), "XNAT")
    assert moved.ok and moved.completed == 3, moved.output
    assert set(written(scp)) == uids(data.paths())


def test_use_dicom_tls_without_orthancs_certificates_is_refused(orthanc):
    before = orthanc.get_json("/xnat-dqr/receivers")
    answer = orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-tls", "AET": "XNAT",
                                                  "Host": "127.0.0.1", "Port": 1,
                                                  "UseDicomTls": True})
    assert answer.status_code == 400, answer.text
    assert "UseDicomTls" in answer.text and "DicomTlsCertificate" in answer.text
    assert orthanc.get_json("/xnat-dqr/receivers") == before


@pytest.fixture
def whitelisting_xnat(orthanc_factory):
    """A receiver that takes C-STOREs only from the calling AE Titles it lists, as XNAT's SCP
    receiver with its whitelist on: a second Orthanc with every DicomAlwaysAllow* false."""

    def make(allowed):
        modalities = {f"pacs{i}": {"AET": aet, "Host": "127.0.0.1", "Port": 1}
                      for i, aet in enumerate(allowed)}
        config = dict(STRICT)
        config["DicomModalities"] = modalities
        return orthanc_factory(config=config, plugin=False, aet="XNAT", name="xnat")

    return make


def received_by(xnat):
    return {i["MainDicomTags"]["SOPInstanceUID"]
            for i in xnat.get_json("/instances?expand")}


def test_by_default_a_receiver_hears_from_the_ae_title_its_xnat_called(
        orthanc, whitelisting_xnat, make_data):
    xnat = whitelisting_xnat(["PACSA"])
    data = make_data(instances=2)
    orthanc.upload(data.paths())
    add_receiver(orthanc, {"Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1",
                           "Port": xnat.dicom_port, "PacsAET": "PACSA"})
    route = orthanc.get_json("/xnat-dqr/route?called=PACSA&calling=XNAT&destination=XNAT")
    assert route["Target"]["CallingAET"] == "PACSA"

    moved = dcmtk.movescu(orthanc.dicom_port, study_keys(study_of(data.paths())), "XNAT",
                          aec="PACSA", aet="XNAT")
    assert moved.ok and moved.completed == 2, moved.output
    assert received_by(xnat) == uids(data.paths())


def test_an_explicit_local_aet_wins(orthanc, whitelisting_xnat, make_data):
    xnat = whitelisting_xnat(["PACSX"])
    data = make_data(instances=2)
    orthanc.upload(data.paths())
    add_receiver(orthanc, {"Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1",
                           "Port": xnat.dicom_port, "LocalAet": "PACSX"})
    route = orthanc.get_json("/xnat-dqr/route?called=ORTHANC&calling=XNAT&destination=XNAT")
    assert route["Target"]["CallingAET"] == "PACSX"

    moved = dcmtk.movescu(orthanc.dicom_port, study_keys(study_of(data.paths())), "XNAT",
                          aet="XNAT")
    assert moved.ok and moved.completed == 2, moved.output
    assert received_by(xnat) == uids(data.paths())


def test_a_whitelist_that_does_not_name_the_calling_ae_title_gets_nothing(
        orthanc, whitelisting_xnat, make_data):
    """The commonest XNAT report, "queries work but retrievals time out", made visible: the
    C-MOVE is refused with nothing counted and the Transfer says the association was refused."""
    xnat = whitelisting_xnat(["PACSA"])
    data = make_data(instances=2)
    orthanc.upload(data.paths())
    add_receiver(orthanc, {"Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1",
                           "Port": xnat.dicom_port})
    moved = dcmtk.movescu(orthanc.dicom_port, study_keys(study_of(data.paths())), "XNAT",
                          aet="XNAT")
    assert moved.status == 0xC000 and moved.completed == 0, moved.output
    transfer = orthanc.get_json("/xnat-dqr/transfers?limit=1")[0]
    assert transfer["State"] == "Failed" and "from ORTHANC" in transfer["Error"], transfer
    assert received_by(xnat) == set()
