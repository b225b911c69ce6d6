"""GET /xnat-dqr/refusals: the C-MOVEs no Receiver took, from the Transfers already stored,
grouped, each with what to do about it."""
from harness import dcmtk


def move(orthanc, study, destination, aet, aec):
    return dcmtk.movescu(orthanc.dicom_port, {"QueryRetrieveLevel": "STUDY",
                                              "StudyInstanceUID": study.study_instance_uid},
                         destination, aet=aet, aec=aec)


def test_each_kind_of_refusal_is_one_group_with_a_suggestion_also_after_a_restart(
        orthanc, storescp_factory, make_data):
    made = make_data(series=1, instances=1)
    orthanc.upload(made.paths())
    study = made.studies()[0]
    for id_, aet, extra in (("xnat-a", "XNAT", {"PacsAET": "PACSA"}),
                            ("xnat-l", "LISTED", {"CallingAETs": ["XNATL"]}),
                            ("xnat-d", "DISABLED", {"Enabled": False})):
        scp = storescp_factory(aet=aet)
        body = {"Id": id_, "AET": aet, "Host": "127.0.0.1", "Port": scp.port, **extra}
        assert orthanc.post("/xnat-dqr/receivers", body).status_code == 201
    assert move(orthanc, study, "XNAT", "XNAT", "PACSA").status == 0x0000  # routed: not listed
    for _ in range(3):
        assert move(orthanc, study, "XNAT", "XNAT", "PACSB").status != 0x0000  # PacsAET
    assert move(orthanc, study, "NEWXNAT", "NEWXNAT", "PACSN").status != 0x0000  # unknown
    assert move(orthanc, study, "LISTED", "OTHER", "ORTHANC").status != 0x0000  # caller
    for _ in range(2):
        assert move(orthanc, study, "DISABLED", "DISABLED", "ORTHANC").status != 0x0000

    expected = {
        ("PACSB", "XNAT", "XNAT"): (3, "Edit", "xnat-a", {"PacsAET": "PACSB"}),
        ("PACSN", "NEWXNAT", "NEWXNAT"): (1, "Register", None, None),
        ("ORTHANC", "OTHER", "LISTED"): (1, "Edit", "xnat-l",
                                         {"CallingAETs": ["XNATL", "OTHER"]}),
        ("ORTHANC", "DISABLED", "DISABLED"): (2, "Edit", "xnat-d", {"Enabled": True}),
    }
    for restarted in (False, True):
        if restarted:
            orthanc.restart()  # read from the stored Transfers: nothing is lost
        answer = orthanc.get_json("/xnat-dqr/refusals")
        groups = {(g["Called"], g["Calling"], g["Destination"]): g for g in answer["Refusals"]}
        assert set(groups) == set(expected), (restarted, sorted(groups))
        for key, (count, action, receiver, fields) in expected.items():
            group = groups[key]
            assert (group["Count"], group["Action"], group["Receiver"]) == \
                (count, action, receiver), (key, group)
            assert group["First"] <= group["Last"] and group["Suggestion"], group
            if fields is not None:
                assert group["Fields"] == fields, group
    unknown = groups[("PACSN", "NEWXNAT", "NEWXNAT")]
    assert "unknown destination" in unknown["Reason"]
    assert unknown["Fields"]["AET"] == "NEWXNAT" and unknown["Fields"]["PacsAET"] == "PACSN"
    assert "set it as PacsAET on xnat-a" in groups[("PACSB", "XNAT", "XNAT")]["Suggestion"]

    # Nothing new is stored for them: the Transfers are the record.
    refused = [t for t in orthanc.get_json("/xnat-dqr/transfers?limit=100")
               if t["Receiver"] is None and t["State"] == "Failed"]
    assert len(refused) == 7

    # Acting on a suggestion resolves its group.
    assert orthanc.put("/xnat-dqr/receivers/xnat-d", {
        **orthanc.get_json("/xnat-dqr/receivers/xnat-d"), "Enabled": True}).status_code == 200
    groups = {(g["Called"], g["Calling"], g["Destination"]): g
              for g in orthanc.get_json("/xnat-dqr/refusals")["Refusals"]}
    assert groups[("ORTHANC", "DISABLED", "DISABLED")]["Action"] == "Resolved"


def test_days_is_checked(orthanc):
    for bad in ("0", "31", "x", "-1", "7.5"):
        answer = orthanc.get(f"/xnat-dqr/refusals?days={bad}")
        assert answer.status_code == 400 and "days" in answer.text, bad
    assert orthanc.get_json("/xnat-dqr/refusals?days=30")["Refusals"] == []
