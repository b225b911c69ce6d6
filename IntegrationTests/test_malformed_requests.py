"""A table of malformed requests: each gets a 4xx with a message; nothing stored changes."""
import json

import pytest

from harness.orthanc import Orthanc

GOOD = {"Id": "xnat-new", "AET": "XNATNEW", "Host": "127.0.0.1", "Port": 12000}
EXISTING = {"Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1", "Port": 11112,
            "CallingAETs": ["XNATA"]}
CONFIGURED = {"conf-a": {"AET": "CONFA", "Host": "127.0.0.1", "Port": 11120}}


def with_(**changes):
    body = dict(GOOD)
    for key, value in changes.items():
        if value is KeyError:
            body.pop(key, None)
        else:
            body[key] = value
    return json.dumps(body)


def raw(text):
    return text.encode() if isinstance(text, str) else text


WRONG_TYPES = {
    "Id": [1, True, [], {}, "XNAT-NEW", "xnat new", "a" * 49, ""],
    "Label": [1, False, ["x"], {"a": 1}, "", "x" * 65, "line\nbreak"],
    "AET": [104, True, [], {"a": [1, 2]}, "", "ABCDEFGHIJKLMNOPQ", "XN\\AT", "     ",
            "XN\u0007AT", "X" * 10000],
    "Host": [127, True, [], {}, "", "http://x", "https://xnat.example.org", "x/path",
             "x:104", "a b", "h" * 300],
    "Port": ["104", -1, 0, 65536, 1.5, True, [], {}, None],
    "CallingAETs": ["XNATA", [1], [None], [["XNATA"]], {"a": 1}, ["ABCDEFGHIJKLMNOPQ"],
                   ["A", "a"], True],
    "Queryable": ["true", 1, [], {}],
    "Storable": ["false", 0, [True]],
    "Enabled": ["yes", 1],
    "Timeout": [0, -5, 3601, "10", 2.5, []],
    "OutsideWindow": ["queue", "Later", 1, [], ""],
    "Source": ["Configuration", "api", 1],
}

CASES = []
for key, values in WRONG_TYPES.items():
    for n, value in enumerate(values):
        CASES.append((f"post-{key}-{n}", "POST", "/xnat-dqr/receivers", with_(**{key: value})))
        if n < 2:
            CASES.append((f"put-{key}-{n}", "PUT", "/xnat-dqr/receivers/xnat-a",
                          json.dumps(dict(EXISTING, **{key: value}))))

for n, text in enumerate(["", "{", "[", "nul", "{'Id': 'x'}", "{} trailing", "// c\n{}",
                          '{"Id": }', '{"Id": "a",}', "NaN", '"string"', "42", "[]", "null",
                          '{"Id": "xnat-new", "Id": "xnat-new"}',
                          '{"AET": "XNAT" /* comment */}']):
    CASES.append((f"bad-json-{n}", "POST", "/xnat-dqr/receivers", raw(text)))

for key in ("AET", "Host", "Port", "Id"):
    CASES.append((f"missing-{key}", "POST", "/xnat-dqr/receivers", with_(**{key: KeyError})))

for n, extra in enumerate([{"Aet": "X"}, {"port": 1}, {"Foo": None}, {"Nested": {"a": [1]}},
                           {"": 1}, {"AETs": ["X"]}]):
    CASES.append((f"unknown-key-{n}", "POST", "/xnat-dqr/receivers",
                  json.dumps(dict(GOOD, **extra))))

for n, blob in enumerate([b'{"Id": "xnat-new", "AET": "XN\xffAT", "Host": "h", "Port": 1}',
                          b'{"Id": "xnat-new", "AET": "X", "Host": "h\xc3", "Port": 1}',
                          b'{"Id": "xnat-new", "AET": "X", "Host": "h", "Port": 1, '
                          b'"Label": "caf\xe9"}',
                          b"\xfe\xff\x00{"]):
    CASES.append((f"invalid-utf8-{n}", "POST", "/xnat-dqr/receivers", blob))

CASES += [
    ("huge-body", "POST", "/xnat-dqr/receivers", with_(Label="x" * 2_000_000)),
    ("deep-nesting", "POST", "/xnat-dqr/receivers", raw("[" * 5000 + "]" * 5000)),
    ("duplicate-id", "POST", "/xnat-dqr/receivers", json.dumps(dict(EXISTING, Port=12001))),
    ("same-host-port", "POST", "/xnat-dqr/receivers", with_(Port=11112)),
    ("shared-aet-same-caller", "POST", "/xnat-dqr/receivers",
     with_(AET="XNAT", CallingAETs=["xnata"])),
    ("shared-aet-no-callers", "POST", "/xnat-dqr/receivers", with_(AET="XNAT")),
    ("uri-id-mismatch", "PUT", "/xnat-dqr/receivers/xnat-a", json.dumps(dict(EXISTING,
                                                                              Id="xnat-b"))),
    ("uri-id-invalid", "PUT", "/xnat-dqr/receivers/XNAT_A", json.dumps(EXISTING)),
    ("put-configuration", "PUT", "/xnat-dqr/receivers/conf-a",
     json.dumps(dict(CONFIGURED["conf-a"], Port=12002))),
    ("delete-configuration", "DELETE", "/xnat-dqr/receivers/conf-a", None),
    ("delete-unknown", "DELETE", "/xnat-dqr/receivers/nobody", None),
    ("get-unknown", "GET", "/xnat-dqr/receivers/nobody", None),
    ("echo-unknown", "POST", "/xnat-dqr/receivers/nobody/echo", None),
    ("settings-unknown", "GET", "/xnat-dqr/receivers/nobody/xnat-settings", None),
    ("settings-bad-id", "GET", "/xnat-dqr/receivers/No%20Body/xnat-settings", None),
    ("method-delete-collection", "DELETE", "/xnat-dqr/receivers", None),
    ("method-put-collection", "PUT", "/xnat-dqr/receivers", json.dumps(GOOD)),
    ("method-post-item", "POST", "/xnat-dqr/receivers/xnat-a", json.dumps(EXISTING)),
    ("method-get-echo", "GET", "/xnat-dqr/receivers/xnat-a/echo", None),
    ("method-delete-settings", "DELETE", "/xnat-dqr/receivers/xnat-a/xnat-settings", None),
    ("method-post-status", "POST", "/xnat-dqr/status", "{}"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    orthanc = Orthanc(tmp_path_factory.mktemp("malformed"),
                      config={"XnatDqr": {"Receivers": CONFIGURED}})
    orthanc.start()
    assert orthanc.post("/xnat-dqr/receivers", EXISTING).status_code == 201
    yield orthanc
    orthanc.stop()


def snapshot(orthanc):
    return (orthanc.get("/xnat-dqr/receivers?expand").content,
            orthanc.get("/modalities?expand").content)


def test_the_table_is_large_enough():
    assert len(CASES) >= 100
    assert len({name for name, *_ in CASES}) == len(CASES)


@pytest.mark.parametrize("name, method, uri, body", CASES, ids=[c[0] for c in CASES])
def test_malformed_request_is_refused_and_changes_nothing(server, name, method, uri, body):
    before = snapshot(server)
    answer = server.session.request(method, server.url + uri, data=body, timeout=30)
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.text[:300])
    if answer.status_code == 405:
        assert answer.headers.get("Allow"), "405 without Allow"
    else:
        error = answer.json()
        assert isinstance(error.get("Error"), str) and error["Error"], answer.text
        if answer.status_code == 400 and method in ("POST", "PUT") and "Field" in error:
            assert error["Field"] in error["Error"] or error["Field"] == "Id"
    assert snapshot(server) == before
