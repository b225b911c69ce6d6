"""GET /xnat-dqr/refusals: the C-MOVEs no Receiver took, from the Transfers already stored,
grouped, each with what to do about it."""
from harness import dcmtk


def move(orthanc, study, destination, aet, aec):
    return dcmtk.movescu(orthanc.dicom_port, {"QueryRetrieveLevel": "STUDY",
                                              "StudyInstanceUID": study.study_instance_uid},
                         destination, aet=aet, aec=aec)


def test_refused_cmoves_are_grouped_with_a_suggestion(orthanc, storescp_factory, make_data):
    made = make_data(series=1, instances=1)
    orthanc.upload(made.paths())
    study = made.studies()[0]
    xnat_a = storescp_factory(aet="XNAT")
    assert orthanc.post("/xnat-dqr/receivers", {"Id": "xnat-a", "AET": "XNAT", "Host": "127.0.0.1",
                                                "Port": xnat_a.port, "PacsAET": "PACSA"}
                        ).status_code == 201
    assert move(orthanc, study, "XNAT", "XNAT", "PACSA").status == 0x0000  # routed: not listed
    for _ in range(3):
        assert move(orthanc, study, "XNAT", "XNAT", "PACSB").status != 0x0000
    assert move(orthanc, study, "NEWXNAT", "NEWXNAT", "PACSN").status != 0x0000

    answer = orthanc.get_json("/xnat-dqr/refusals")
    groups = {(g["Called"], g["Calling"], g["Destination"]): g for g in answer["Refusals"]}
    assert set(groups) == {("PACSB", "XNAT", "XNAT"), ("PACSN", "NEWXNAT", "NEWXNAT")}
    wrong_pacs = groups[("PACSB", "XNAT", "XNAT")]
    assert wrong_pacs["Count"] == 3 and wrong_pacs["First"] <= wrong_pacs["Last"]
    assert (wrong_pacs["Action"], wrong_pacs["Receiver"]) == ("Edit", "xnat-a")
    assert wrong_pacs["Fields"] == {"PacsAET": "PACSB"}
    assert "set it as PacsAET on xnat-a" in wrong_pacs["Suggestion"]
    unknown = groups[("PACSN", "NEWXNAT", "NEWXNAT")]
    assert unknown["Action"] == "Register" and "unknown destination" in unknown["Reason"]
    assert unknown["Fields"]["AET"] == "NEWXNAT" and unknown["Fields"]["PacsAET"] == "PACSN"

    # Nothing new is stored for it: the Transfers are the record.
    refused = [t for t in orthanc.get_json("/xnat-dqr/transfers?limit=100")
               if t["Receiver"] is None and t["State"] == "Failed"]
    assert len(refused) == 4


def test_days_is_checked(orthanc):
    for bad in ("0", "31", "x", "-1", "7.5"):
        answer = orthanc.get(f"/xnat-dqr/refusals?days={bad}")
        assert answer.status_code == 400 and "days" in answer.text, bad
    assert orthanc.get_json("/xnat-dqr/refusals?days=30")["Refusals"] == []
