#include "Dicom/MoveMatcher.h"

#include "Core/JsonText.h"
#include "Orthanc/OrthancApi.h"

#include <set>
#include <sstream>

namespace XnatDqr
{
  namespace
  {
    std::vector<std::string> SplitList(const std::string& value)
    {
      std::vector<std::string> items;
      std::stringstream stream(value);
      std::string item;
      while (std::getline(stream, item, '\\'))
      {
        const size_t first = item.find_first_not_of(' ');
        if (first != std::string::npos)
        {
          items.push_back(item.substr(first, item.find_last_not_of(' ') - first + 1));
        }
      }
      return items;
    }

    std::string Plural(const std::string& level)
    {
      return level == "Patient"  ? "patients"
             : level == "Study"  ? "studies"
             : level == "Series" ? "series"
                                 : "instances";
    }

    // Orthanc ids of the resources of this level with this identifier.
    std::vector<std::string> Lookup(const std::string& level, const std::string& value)
    {
      const RestAnswer answer = OrthancApi::Post("/tools/lookup", value);
      std::vector<std::string> ids;
      if (!answer.IsSuccess())
      {
        return ids;
      }
      for (const Json::Value& hit : answer.ToJson("/tools/lookup"))
      {
        if (hit["Type"].asString() == level)
        {
          ids.push_back(hit["ID"].asString());
        }
      }
      return ids;
    }

    std::vector<std::string> StudiesByAccession(const std::string& accession)
    {
      Json::Value query(Json::objectValue);
      query["Level"] = "Study";
      query["Query"]["AccessionNumber"] = accession;
      const RestAnswer answer = OrthancApi::Post("/tools/find", JsonText::Write(query));
      std::vector<std::string> ids;
      if (answer.IsSuccess())
      {
        for (const Json::Value& id : answer.ToJson("/tools/find"))
        {
          ids.push_back(id.asString());
        }
      }
      return ids;
    }

    std::vector<std::string> MatchResources(const MoveRequest& request)
    {
      const std::string& key = request.level == "Patient"  ? request.patientId
                               : request.level == "Study"  ? request.studyInstanceUid
                               : request.level == "Series" ? request.seriesInstanceUid
                                                           : request.sopInstanceUid;
      std::vector<std::string> ids;
      if (request.level == "Study" && SplitList(key).empty())
      {
        for (const std::string& accession : SplitList(request.accessionNumber))
        {
          for (const std::string& id : StudiesByAccession(accession))
          {
            ids.push_back(id);
          }
        }
        return ids;
      }
      for (const std::string& value : SplitList(key))
      {
        for (const std::string& id : Lookup(request.level, value))
        {
          ids.push_back(id);
        }
      }
      return ids;
    }

    InstanceToSend Describe(const Json::Value& instance, bool firstOfSeries)
    {
      InstanceToSend result;
      result.orthancId = instance["ID"].asString();
      result.sopInstanceUid = instance["MainDicomTags"]["SOPInstanceUID"].asString();
      result.size = instance["FileSize"].asUInt64();
      if (firstOfSeries)
      {
        const Json::Value metadata =
            OrthancApi::GetJson("/instances/" + result.orthancId + "/metadata?expand");
        result.sopClassUid = metadata["SopClassUid"].asString();
        result.transferSyntax = metadata["TransferSyntax"].asString();
      }
      return result;
    }
  } // namespace

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

  std::vector<InstanceToSend> MatchInstances(const MoveRequest& request)
  {
    std::vector<InstanceToSend> instances;
    std::set<std::string> seen;
    std::set<std::string> seriesSeen;
    for (const std::string& id : MatchResources(request))
    {
      const std::string uri = "/" + Plural(request.level) + "/" + id;
      Json::Value found =
          OrthancApi::GetJson(request.level == "Instance" ? uri : uri + "/instances");
      if (request.level == "Instance")
      {
        Json::Value single(Json::arrayValue);
        single.append(found);
        found = single;
      }
      for (const Json::Value& instance : found)
      {
        if (seen.insert(instance["ID"].asString()).second)
        {
          const bool first = seriesSeen.insert(instance["ParentSeries"].asString()).second;
          instances.push_back(Describe(instance, first));
        }
      }
    }
    return instances;
  }
} // namespace XnatDqr
