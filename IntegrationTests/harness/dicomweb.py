"""A DICOMweb client that does what XNAT's DQR does: QIDO-RS for studies and series, then
WADO-RS on each series' Retrieve URL (0008,1190), with the multipart answer parsed."""
import os
import re

DICOMWEB_PLUGIN = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so"
MULTIPART_DICOM = 'multipart/related; type="application/dicom"'


def plugins(with_ours=True):
    """The "Plugins" of an Orthanc with Debian's DICOMweb plugin (and ours)."""
    from .orthanc import PLUGIN
    assert os.path.exists(DICOMWEB_PLUGIN), "Debian's orthanc-dicomweb is not installed"
    return [DICOMWEB_PLUGIN] + ([PLUGIN] if with_ours else [])


def value(dataset, tag):
    return dataset[tag]["Value"][0]


def parts(answer):
    """The bodies of a multipart/related answer, in order."""
    content_type = answer.headers["Content-Type"]
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    assert content_type.startswith("multipart/related") and match, content_type
    boundary = b"--" + match.group(1).encode()
    bodies = []
    for chunk in answer.content.split(boundary)[1:]:
        if chunk.startswith(b"--"):
            break  # the closing boundary
        head, _, body = chunk.partition(b"\r\n\r\n")
        length = re.search(rb"Content-Length: *(\d+)", head, re.IGNORECASE)
        bodies.append(body[:int(length.group(1))] if length else body[:-2])
    return bodies


def dqr_pull(session, root, patient_id, accept=MULTIPART_DICOM):
    """QIDO studies by PatientID, QIDO each study's series, WADO-RS each series' Retrieve
    URL. Returns {series uid: [part bytes]} and the Retrieve URLs seen."""
    studies = session.get(f"{root}/studies", params={"PatientID": patient_id}, timeout=60)
    assert studies.status_code == 200, studies.text
    pulled, urls = {}, []
    for study in studies.json():
        urls.append(value(study, "00081190"))
        series = session.get(f"{root}/studies/{value(study, '0020000D')}/series", timeout=60)
        assert series.status_code == 200, series.text
        for one in series.json():
            url = value(one, "00081190")
            urls.append(url)
            answer = session.get(url, headers={"Accept": accept}, timeout=120)
            assert answer.status_code == 200, answer.text
            pulled[value(one, "0020000E")] = parts(answer)
    return pulled, urls
