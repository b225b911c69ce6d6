"""Side by side: the same C-MOVE to an Orthanc modality (not a Receiver) on a stock Orthanc and
on one with the plugin, same data, same DCMTK peers. What arrives (instances and the transfer
syntax they arrive in), from which calling AE Title, the final status and counts, and how long
the requester waits must be the same (#23)."""
import json
import time
from dataclasses import dataclass

import pydicom
import pytest

from harness import dcmtk, tls, wait
from harness.syntaxes import COMPRESSORS, EXPLICIT, IMPLICIT, compress, of_files, written


@dataclass
class Outcome:
    status: int
    completed: int
    failed: int
    received: dict  # SOP Instance UID -> transfer syntax of the file the peer wrote
    calling: set  # the calling AE Titles of the C-STOREs
    requests: int  # the C-STORE requests the peer saw
    seconds: float
    output: str

    def answer(self):
        return self.status, self.completed, self.failed


def study_keys(paths):
    dataset = pydicom.dcmread(paths[0], stop_before_pixels=True)
    return {"QueryRetrieveLevel": "STUDY", "StudyInstanceUID": str(dataset.StudyInstanceUID)}


@pytest.fixture
def side_by_side(orthanc_factory, storescp_factory):
    """run(paths, config={}, modality={}, peer=[]) -> (stock, plugin) Outcomes."""

    def run(paths, config=None, modality=None, peer=(), settle=None):
        outcomes = []
        for plugin in (False, True):
            scp = storescp_factory(aet="PEER", extra=list(peer))
            entry = {"AET": "PEER", "Host": "127.0.0.1", "Port": scp.port}
            entry.update(modality or {})
            settings = dict(config or {})
            settings["DicomModalities"] = {"peer": entry}
            server = orthanc_factory(config=settings, plugin=plugin,
                                     name="with-plugin" if plugin else "stock")
            server.upload(paths)
            start = time.monotonic()
            moved = dcmtk.movescu(server.dicom_port, study_keys(paths), "PEER")
            seconds = time.monotonic() - start
            if settle:
                settle(scp)
            outcomes.append(Outcome(moved.status, moved.completed, moved.failed, written(scp),
                                    {r.calling_aet for r in scp.received()},
                                    len(scp.received()), seconds, moved.output))
        return outcomes

    return run


@pytest.mark.parametrize("how", sorted(COMPRESSORS))
def test_compressed_instances_reach_a_peer_that_takes_only_uncompressed(
        side_by_side, make_data, tmp_path, how):
    paths = compress(make_data(instances=2).paths(), str(tmp_path / how), how)
    stock, plugin = side_by_side(paths)
    expected = {uid: EXPLICIT for uid in of_files(paths)}
    assert stock.answer() == (0x0000, 2, 0), stock.output
    assert stock.received == expected
    assert plugin.answer() == stock.answer(), plugin.output
    assert plugin.received == stock.received


def test_the_preferred_syntax_is_what_compressed_instances_become(side_by_side, make_data,
                                                                  tmp_path):
    paths = compress(make_data(instances=2).paths(), str(tmp_path / "jls"), "jpeg-ls-lossless")
    stock, plugin = side_by_side(paths, config={"DicomScuPreferredTransferSyntax": IMPLICIT})
    assert set(stock.received.values()) == {IMPLICIT} and len(stock.received) == 2
    assert plugin.answer() == stock.answer() == (0x0000, 2, 0), plugin.output
    assert plugin.received == stock.received


def test_uncompressed_instances_arrive_as_they_are(side_by_side, make_data):
    paths = make_data(instances=3).paths()
    stock, plugin = side_by_side(paths, config={"DicomScuPreferredTransferSyntax": IMPLICIT})
    assert stock.received == of_files(paths)  # Explicit VR LE, as stored
    assert plugin.answer() == stock.answer() == (0x0000, 3, 0), plugin.output
    assert plugin.received == stock.received


@pytest.mark.parametrize("where", ["modality", "global"])
def test_no_transcoding_sends_nothing_and_says_so_with_0xc000(side_by_side, make_data, tmp_path,
                                                                where):
    paths = compress(make_data(instances=2).paths(), str(tmp_path / "jpeg"), "jpeg-baseline")
    if where == "modality":
        stock, plugin = side_by_side(paths, modality={"AllowTranscoding": False})
    else:
        stock, plugin = side_by_side(paths, config={"TranscodeDicomProtocol": False})
    assert stock.status == 0xC000 and stock.received == {}, stock.output
    assert plugin.answer() == stock.answer(), plugin.output
    assert plugin.received == {}


def test_a_modalitys_local_aet_is_the_calling_ae_title(side_by_side, make_data):
    paths = make_data(instances=3).paths()
    stock, plugin = side_by_side(paths, modality={"LocalAet": "PACSFORWS"})
    assert stock.calling == {"PACSFORWS"} and len(stock.received) == 3
    assert plugin.calling == stock.calling
    assert plugin.answer() == stock.answer() == (0x0000, 3, 0), plugin.output
    assert plugin.received == stock.received


def test_without_a_local_aet_the_calling_ae_title_is_dicom_aet(side_by_side, make_data):
    paths = make_data(instances=2).paths()
    stock, plugin = side_by_side(paths, config={"DicomAet": "MYPACS"})
    assert stock.calling == {"MYPACS"}
    assert plugin.calling == stock.calling and plugin.received == stock.received


@pytest.mark.parametrize("require_client_certificate", [True, False])
def test_dicom_tls_to_a_tls_peer(side_by_side, make_data, tmp_path,
                                  require_client_certificate):
    authority = tls.Authority(tmp_path / "ca")
    paths = make_data(instances=3).paths()
    stock, plugin = side_by_side(
        paths, config=authority.orthanc_settings(), modality={"UseDicomTls": True},
        peer=authority.storescp_options(require_client_certificate))
    assert stock.answer() == (0x0000, 3, 0) and len(stock.received) == 3, stock.output
    assert plugin.answer() == stock.answer(), plugin.output
    assert plugin.received == stock.received


def test_tls_protocol_version_and_ciphers(side_by_side, make_data, tmp_path):
    """DicomTlsMinimumProtocolVersion and DicomTlsCiphersAccepted (Orthanc 1.12.4): TLS 1.3
    only, one cipher suite. An older Orthanc ignores both, and so does the plugin there."""
    authority = tls.Authority(tmp_path / "ca")
    config = authority.orthanc_settings()
    config.update({"DicomTlsMinimumProtocolVersion": 5,
                   "DicomTlsCiphersAccepted": ["TLS_AES_128_GCM_SHA256"]})
    paths = make_data(instances=2).paths()
    stock, plugin = side_by_side(paths, config=config, modality={"UseDicomTls": True},
                                 peer=authority.storescp_options())
    assert stock.answer() == (0x0000, 2, 0), stock.output
    assert plugin.answer() == stock.answer(), plugin.output
    assert plugin.received == stock.received


def test_never_cleartext_to_a_tls_destination(side_by_side, make_data, tmp_path,
                                              orthanc_factory):
    """UseDicomTls without Orthanc's DicomTls* settings: nothing is sent, and the log says why."""
    authority = tls.Authority(tmp_path / "ca")
    paths = make_data(instances=2).paths()
    stock, plugin = side_by_side(paths, modality={"UseDicomTls": True},
                                 peer=authority.storescp_options())
    assert stock.status == 0xC000 and stock.received == {}, stock.output
    assert plugin.answer() == stock.answer(), plugin.output
    assert plugin.received == {}


def test_never_cleartext_to_a_plain_peer_either(side_by_side, make_data, tmp_path):
    """TLS configured, the peer speaks plain DICOM: the handshake fails and nothing is sent."""
    authority = tls.Authority(tmp_path / "ca")
    paths = make_data(instances=2).paths()
    stock, plugin = side_by_side(paths, config=authority.orthanc_settings(),
                                 modality={"UseDicomTls": True})
    assert stock.status == 0xC000 and stock.received == {}, stock.output
    assert plugin.answer() == stock.answer(), plugin.output
    assert plugin.received == {}


@pytest.mark.parametrize("where", ["modality", "global"])
def test_a_peer_that_stalls_fails_the_c_move_within_the_timeout(side_by_side, make_data, where):
    paths = make_data(instances=2).paths()
    timeout = 1

    def settle(scp):
        # storescp writes the file once it wakes up: wait for it, then count.
        wait.until(lambda: any(r.stored for r in scp.received()), timeout=20,
                   message="the stalled peer to store its instance")

    if where == "modality":
        stock, plugin = side_by_side(paths, modality={"Timeout": timeout},
                                     peer=["--sleep-during", "2"], settle=settle)
    else:
        stock, plugin = side_by_side(paths, config={"DicomScuTimeout": timeout},
                                     peer=["--sleep-during", "2"], settle=settle)
    # Stock Orthanc aborts the association and waits one more Timeout for the peer: 2 x Timeout.
    assert stock.status == 0xC000 and stock.seconds < 2 * timeout + 1, stock.output
    assert plugin.answer() == stock.answer(), plugin.output
    assert plugin.seconds < timeout + 1, (plugin.seconds, stock.seconds)
    # A silent peer is not sent to again: one C-STORE, so it holds the instance once at most.
    assert plugin.requests == stock.requests == 1
    assert len(plugin.received) <= 1


@pytest.fixture
def rest_pair(orthanc_factory, storescp_factory, make_data):
    """A stock Orthanc and one with the plugin, each with modality "peer" (its own storescp)
    and the same study."""
    data = make_data(instances=2)
    sides = []
    for plugin in (False, True):
        scp = storescp_factory(aet="PEER")
        server = orthanc_factory(
            config={"DicomModalities": {"peer": {"AET": "PEER", "Host": "127.0.0.1",
                                                 "Port": scp.port}}},
            plugin=plugin, name="with-plugin" if plugin else "stock")
        server.upload(data.paths())
        sides.append((server, scp, server.get_json("/studies")[0]))
    return sides, data


STORE_CASES = {
    "synchronous": ("store", lambda study: {"Resources": [study], "Synchronous": True}),
    "plain id": ("store", lambda study: study),
    "list": ("store", lambda study: [study]),
    "local aet": ("store", lambda study: {"Resources": [study], "LocalAet": "OTHERAET",
                                          "Synchronous": True}),
    "unknown resource": ("store", lambda study: {"Resources": ["0000-unknown"],
                                                 "Synchronous": True}),
    "not json": ("store", lambda study: "{\"Resources\": [" + study),
    "resources not a list": ("store", lambda study: {"Resources": 5}),
    "unknown modality": ("nobody/store", lambda study: [study]),
    "store-straight, not DICOM": ("store-straight", lambda study: b"not a DICOM file"),
}


def _comparable(answer):
    """An answer without what differs between any two Orthancs (job ids, error details)."""
    try:
        body = answer.json()
    except ValueError:
        return answer.status_code, answer.text
    if isinstance(body, dict):
        body = {k: v for k, v in body.items() if k not in ("ID", "Path", "Details")}
    return answer.status_code, body


@pytest.mark.parametrize("case", sorted(STORE_CASES))
def test_rest_sends_to_other_modalities_answer_as_stock(rest_pair, case):
    sides, _ = rest_pair
    route, body_of = STORE_CASES[case]
    answers = []
    received = []
    for server, scp, study in sides:
        uri = f"/modalities/{route}" if route.startswith("nobody") else f"/modalities/peer/{route}"
        body = body_of(study)
        # Synchronous, Orthanc's default: the answer comes once the peer has the data.
        answer = server.post(uri, body if isinstance(body, (bytes, str)) else json.dumps(body))
        answers.append(_comparable(answer))
        # What the peer saw: the instances, and the calling AE Title each came from (a body's
        # LocalAet wins over DicomAet; from Orthanc 1.13.0, over a modality's LocalAet too).
        received.append({(r.sop_instance_uid, r.calling_aet) for r in scp.received() if r.stored})
    assert answers[1] == answers[0], answers
    assert received[1] == received[0]
