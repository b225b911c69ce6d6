#include "Core/Transfers/InstanceSource.h"

namespace XnatDqr
{
  Json::Value MoveRequest::ToJson() const
  {
    Json::Value json(Json::objectValue);
    const std::pair<const char*, const std::string*> keys[] = {
      {"PatientID", &patientId},
      {"AccessionNumber", &accessionNumber},
      {"StudyInstanceUID", &studyInstanceUid},
      {"SeriesInstanceUID", &seriesInstanceUid},
      {"SOPInstanceUID", &sopInstanceUid}};
    for (const auto& key : keys)
    {
      if (!key.second->empty())
      {
        json[key.first] = *key.second;
      }
    }
    return json;
  }

  std::vector<std::string> DescribeInTransfer(const MatchedInstances& matched, Transfer& transfer)
  {
    std::vector<std::string> ids;
    for (const InstanceToSend& instance : matched.instances)
    {
      ids.push_back(instance.orthancId);
      if (!instance.sopClassUid.empty())
      {
        transfer.sopClasses[instance.sopClassUid].append(instance.transferSyntax);
      }
    }
    transfer.instancesTotal = ids.size();
    transfer.bytesTotal = matched.bytes;
    transfer.study = matched.study;
    return ids;
  }
} // namespace XnatDqr
