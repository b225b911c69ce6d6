#include "Orthanc/OrthancInstances.h"

#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"
#include "Core/Common/TimeFormat.h"
#include "Orthanc/OrthancApi.h"
#include "Orthanc/OrthancLookup.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace XnatDqr
{
  namespace
  {
    using namespace OrthancLookup;

    uint64_t SizeOf(const Json::Value& value)
    {
      // Orthanc writes 64-bit sizes as strings in /statistics.
      return value.isString() ? std::stoull(value.asString()) : value.asUInt64();
    }

    InstanceToSend Representative(const std::string& instanceId)
    {
      const Json::Value metadata =
        OrthancApi::GetJson("/instances/" + instanceId + "/metadata?expand");
      InstanceToSend instance;
      instance.orthancId = instanceId;
      instance.sopClassUid = metadata["SopClassUid"].asString();
      instance.transferSyntax = metadata["TransferSyntax"].asString();
      return instance;
    }

    // What matching has seen so far: each instance and series once, and the studies and
    // modalities for the Transfer's description.
    struct Seen
    {
      std::set<std::string> instances;
      std::set<std::string> series;
      std::vector<std::string> studies; // in matching order
      std::set<std::string> modalities;

      void Series(const Json::Value& series)
      {
        const std::string study = series["ParentStudy"].asString();
        if (!study.empty() && std::find(studies.begin(), studies.end(), study) == studies.end())
        {
          studies.push_back(study);
        }
        const std::string modality = series["MainDicomTags"]["Modality"].asString();
        if (!modality.empty())
        {
          modalities.insert(modality);
        }
      }
    };

    // Appends a whole series, once. False if Orthanc no longer has it.
    bool AddSeries(const std::string& seriesId, MatchedInstances& matched, Seen& seen)
    {
      const std::string uri = "/series/" + seriesId;
      const RestAnswer answer = OrthancApi::Get(uri);
      if (answer.status == 404)
      {
        return false;
      }
      if (!answer.IsSuccess())
      {
        throw std::runtime_error("GET " + uri + " failed with HTTP " +
                                 std::to_string(answer.status) + ": " + answer.body);
      }
      const Json::Value series = answer.ToJson(uri);
      seen.Series(series);
      bool first = true;
      for (const Json::Value& id : series["Instances"])
      {
        if (seen.instances.insert(id.asString()).second)
        {
          InstanceToSend instance;
          instance.orthancId = id.asString();
          matched.instances.push_back(first ? Representative(id.asString()) : instance);
          first = false;
        }
      }
      if (!first)
      {
        matched.bytes += SizeOf(
          OrthancApi::GetJson("/series/" + seriesId + "/statistics")["DicomUncompressedSize"]);
      }
      return true;
    }

    // Appends one instance, once; the first of its series tells the SOP Class and syntax.
    void AddInstance(const std::string& id, MatchedInstances& matched, Seen& seen)
    {
      if (!seen.instances.insert(id).second)
      {
        return;
      }
      const Json::Value instance = OrthancApi::GetJson("/instances/" + id);
      const std::string seriesId = instance["ParentSeries"].asString();
      const bool first = seen.series.insert(seriesId).second;
      if (first)
      {
        seen.Series(OrthancApi::GetJson("/series/" + seriesId));
      }
      InstanceToSend plain;
      plain.orthancId = id;
      matched.instances.push_back(first ? Representative(id) : plain);
      matched.bytes += instance["FileSize"].asUInt64();
    }

    // The Transfer's description: its first study in words, and how many studies it spans.
    void Summarize(MatchedInstances& matched, const Seen& seen, RecentStudies& studies, int64_t now)
    {
      if (seen.studies.empty())
      {
        return;
      }
      const std::optional<Json::Value> kept = studies.Resource(seen.studies.front(), now);
      const Json::Value study =
        kept ? *kept : OrthancApi::GetJson("/studies/" + seen.studies.front());
      const Json::Value& patient = study["PatientMainDicomTags"];
      const Json::Value& tags = study["MainDicomTags"];
      Json::Value summary(Json::objectValue);
      summary["PatientName"] = patient["PatientName"].asString();
      summary["PatientID"] = patient["PatientID"].asString();
      summary["AccessionNumber"] = tags["AccessionNumber"].asString();
      summary["StudyDescription"] = tags["StudyDescription"].asString();
      summary["StudyDate"] = tags["StudyDate"].asString();
      summary["Modalities"] = Json::Value(Json::arrayValue);
      for (const std::string& modality : seen.modalities)
      {
        summary["Modalities"].append(modality);
      }
      summary["Studies"] = static_cast<Json::UInt64>(seen.studies.size());
      matched.study = summary;
    }

    std::vector<std::string> SeriesOf(const std::string& level, const std::string& id)
    {
      std::vector<std::string> series;
      if (level == "Series")
      {
        series.push_back(id);
      }
      else if (level == "Study")
      {
        const Json::Value study = OrthancApi::GetJson("/studies/" + id);
        for (const Json::Value& child : study["Series"])
        {
          series.push_back(child.asString());
        }
      }
      else
      {
        const Json::Value patient = OrthancApi::GetJson("/patients/" + id);
        for (const Json::Value& study : patient["Studies"])
        {
          for (const std::string& child : SeriesOf("Study", study.asString()))
          {
            series.push_back(child);
          }
        }
      }
      return series;
    }
  } // namespace

  std::vector<std::string> OrthancInstances::SeriesIds(const MoveRequest& request)
  {
    const std::vector<std::string> studyUids = SplitList(request.studyInstanceUid);
    if (studyUids.size() != 1)
    {
      return MatchResources(request);
    }
    const std::string& studyUid = studyUids.front();
    const int64_t now = clock_.NowMs();
    if (!studies_.Has(studyUid, now))
    {
      if (std::optional<RecentStudies::Study> study = ReadStudy(studyUid))
      {
        studies_.Keep(studyUid, std::move(*study), now);
      }
    }
    std::vector<std::string> ids;
    for (const std::string& uid : SplitList(request.seriesInstanceUid))
    {
      if (const std::optional<std::string> id = studies_.Series(studyUid, uid, now))
      {
        ids.push_back(*id);
        continue;
      }
      for (const std::string& id : Lookup("Series", uid)) // a series the entry does not know
      {
        ids.push_back(id);
      }
    }
    return ids;
  }

  MatchedInstances OrthancInstances::MatchMove(const MoveRequest& request)
  {
    if (request.level == "Series")
    {
      MatchedInstances matched;
      Seen seen;
      bool gone = false;
      for (const std::string& id : SeriesIds(request))
      {
        gone = gone || !AddSeries(id, matched, seen);
      }
      if (!gone)
      {
        Summarize(matched, seen, studies_, clock_.NowMs());
        return matched;
      }
      // A series deleted (or stored again) since the study's entry was filled: from the index.
      const std::vector<std::string> studyUids = SplitList(request.studyInstanceUid);
      if (studyUids.size() == 1)
      {
        studies_.Forget(studyUids.front());
      }
    }
    MatchedInstances matched;
    Seen seen;
    for (const std::string& id : MatchResources(request))
    {
      if (request.level != "Instance")
      {
        for (const std::string& series : SeriesOf(request.level, id))
        {
          AddSeries(series, matched, seen);
        }
      }
      else
      {
        AddInstance(id, matched, seen);
      }
    }
    Summarize(matched, seen, studies_, clock_.NowMs());
    return matched;
  }

  MatchedInstances OrthancInstances::OfResources(const std::vector<std::string>& orthancIds,
                                                 std::string& level)
  {
    static const std::pair<const char*, const char*> LEVELS[] = {{"Patient", "/patients/"},
                                                                 {"Study", "/studies/"},
                                                                 {"Series", "/series/"},
                                                                 {"Instance", "/instances/"}};
    MatchedInstances matched;
    Seen seen;
    for (const std::string& id : orthancIds)
    {
      const char* found = nullptr;
      for (const auto& candidate : LEVELS)
      {
        if (id.find_first_of("/?#") == std::string::npos &&
            OrthancApi::Get(candidate.second + id).IsSuccess())
        {
          found = candidate.first;
          break;
        }
      }
      if (found == nullptr)
      {
        throw ValidationError("Resources", "Resources: \"" + id +
                                             "\" is not the Orthanc id "
                                             "of a patient, study, series or instance here");
      }
      level = level.empty() || level == found ? found : "Mixed";
      if (std::string(found) == "Instance")
      {
        AddInstance(id, matched, seen);
        continue;
      }
      for (const std::string& series : SeriesOf(found, id))
      {
        AddSeries(series, matched, seen);
      }
    }
    Summarize(matched, seen, studies_, clock_.NowMs());
    return matched;
  }
} // namespace XnatDqr
