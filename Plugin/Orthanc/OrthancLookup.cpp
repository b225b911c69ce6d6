#include "Orthanc/OrthancLookup.h"

#include "Core/Common/JsonText.h"
#include "Orthanc/OrthancApi.h"
#include "Orthanc/Sdk.h"

#include <sstream>

namespace XnatDqr::OrthancLookup
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

  // Half of /tools/lookup's time, which looks at every level (0.42 against 0.92 ms).
  std::string LookupOne(const std::string& level, const std::string& value)
  {
    OrthancPluginContext* context = Sdk::GetContext();
    const char* text = value.c_str();
    Sdk::OwnedString found(level == "Patient"  ? OrthancPluginLookupPatient(context, text)
                           : level == "Study"  ? OrthancPluginLookupStudy(context, text)
                           : level == "Series" ? OrthancPluginLookupSeries(context, text)
                                               : OrthancPluginLookupInstance(context, text));
    return found.ToString();
  }

  // Orthanc ids of the resources of this level with this identifier.
  std::vector<std::string> Lookup(const std::string& level, const std::string& value)
  {
    const std::string one = LookupOne(level, value);
    if (!one.empty())
    {
      return {one};
    }
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

  // A study's entry for RecentStudies: its resource and its series by UID (two calls).
  std::optional<RecentStudies::Study> ReadStudy(const std::string& studyUid)
  {
    RecentStudies::Study study;
    study.orthancId = LookupOne("Study", studyUid);
    if (study.orthancId.empty())
    {
      return std::nullopt;
    }
    const RestAnswer resource = OrthancApi::Get("/studies/" + study.orthancId);
    const RestAnswer series = OrthancApi::Get("/studies/" + study.orthancId + "/series");
    if (!resource.IsSuccess() || !series.IsSuccess())
    {
      return std::nullopt; // deleted meanwhile
    }
    study.resource = resource.ToJson("/studies/{id}");
    for (const Json::Value& one : series.ToJson("/studies/{id}/series"))
    {
      study.seriesByUid[one["MainDicomTags"]["SeriesInstanceUID"].asString()] =
        one["ID"].asString();
    }
    return study;
  }
} // namespace XnatDqr::OrthancLookup
