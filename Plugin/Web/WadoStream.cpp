#include "Web/WadoStream.h"

#include "Core/Common/JsonText.h"
#include "Core/DicomWeb/RetrieveAdmission.h"
#include "Core/Pacing/TransferPacer.h"
#include "Dicom/InstanceReader.h"
#include "Orthanc/AuditTrail.h"
#include "Orthanc/Log.h"
#include "Orthanc/OrthancApi.h"
#include "Web/MultipartWriter.h"

#include <memory>

namespace XnatDqr
{
  namespace
  {
    const int64_t SAVE_INTERVAL_MS = 250;

    bool IsUid(const std::string& text)
    {
      return !text.empty() && text.size() <= 64 &&
             text.find_first_not_of("0123456789.") == std::string::npos;
    }

    // Whether Orthanc stores a resource of this type ("Study", "Series") with this UID.
    bool Stores(const std::string& uid, const char* type)
    {
      const RestAnswer answer = OrthancApi::Post("/tools/lookup", uid);
      Json::Value found;
      if (!IsUid(uid) || !answer.IsSuccess() || !JsonText::TryParse(answer.body, found))
      {
        return false;
      }
      for (const Json::Value& one : found)
      {
        if (one["Type"].asString() == type)
        {
          return true;
        }
      }
      return false;
    }

    // Orthanc's DICOMweb plugin's words for an unknown UID, naming the first level missing,
    // so that a client sees the same.
    std::string Inexistent(const DicomWebPath& path)
    {
      if (!Stores(path.study, "Study"))
      {
        return "Accessing an inexistent study with WADO-RS: " + path.study;
      }
      if (!path.series.empty() && !Stores(path.series, "Series"))
      {
        return "Accessing an inexistent series with WADO-RS: " + path.series;
      }
      if (path.instance.empty())
      {
        return "Accessing an inexistent series with WADO-RS: " + path.series;
      }
      return "Accessing an inexistent instance with WADO-RS: " + path.instance;
    }

    // Whether the instance lies under the study (and series) the URL names: a C-MOVE's keys
    // match a series or an instance by its own UID, a URL names its parents too.
    bool UnderItsParents(const std::string& instanceId, const DicomWebPath& path)
    {
      const auto tag = [&instanceId](const char* parent, const char* name)
      {
        const RestAnswer answer = OrthancApi::Get("/instances/" + instanceId + "/" + parent);
        Json::Value json;
        return answer.IsSuccess() && JsonText::TryParse(answer.body, json)
                 ? json["MainDicomTags"][name].asString()
                 : std::string();
      };
      if (path.level == "Study")
      {
        return true;
      }
      return tag("study", "StudyInstanceUID") == path.study &&
             (path.level != "Instance" || tag("series", "SeriesInstanceUID") == path.series);
    }

    // The file in the transfer syntax asked for, transcoded by Orthanc when it differs.
    std::unique_ptr<Sdk::MemoryBuffer> InSyntax(const Sdk::MemoryBuffer& file,
                                                const std::string& syntax)
    {
      OrthancPluginContext* context = Sdk::GetContext();
      OrthancPluginDicomInstance* parsed =
        OrthancPluginCreateDicomInstance(context, file.Data(), static_cast<uint32_t>(file.Size()));
      if (parsed == nullptr)
      {
        throw std::runtime_error("Orthanc cannot parse the stored file");
      }
      char* stored = OrthancPluginGetInstanceTransferSyntaxUid(context, parsed);
      const bool same = stored != nullptr && syntax == stored;
      OrthancPluginFreeString(context, stored);
      OrthancPluginFreeDicomInstance(context, parsed);
      if (same)
      {
        return nullptr;
      }
      return Sdk::Transcode(file.Data(), file.Size(), syntax);
    }
    void Audit(const WebCaller& caller, const Transfer& transfer)
    {
      // A pull is no change, but who took which data, and how much, is what an audit is for.
      AuditRecord record;
      record.method = "GET";
      record.uri = caller.uri;
      record.remoteAddress = caller.address;
      record.user = caller.user;
      record.after["Via"] = "dicomweb";
      record.after["Receiver"] = transfer.receiverId;
      record.after["Transfer"] = static_cast<Json::Int64>(transfer.id);
      record.after["State"] = ToString(transfer.State());
      record.after["InstancesSent"] = static_cast<Json::UInt64>(transfer.instancesSent);
      record.after["BytesSent"] = static_cast<Json::UInt64>(transfer.bytesSent);
      AuditTrail::Append(record);
    }
  } // namespace

  void SendWebError(OrthancPluginRestOutput* output, int status, const Json::Value& body,
                    std::optional<int64_t> retryAfterSeconds)
  {
    OrthancPluginContext* context = Sdk::GetContext();
    const std::string text = JsonText::Write(body);
    if (retryAfterSeconds)
    {
      OrthancPluginSetHttpHeader(context, output, "Retry-After",
                                 std::to_string(*retryAfterSeconds).c_str());
    }
    OrthancPluginSetHttpHeader(context, output, "Content-Type", "application/json");
    OrthancPluginSendHttpStatus(context, output, static_cast<uint16_t>(status), text.data(),
                                static_cast<uint32_t>(text.size()));
  }

  WadoStream::WadoStream(TransferStore& store, Clock& clock, SchedulePolicy& schedules,
                         Throttles& throttles, InstanceSource& instances,
                         RetrieveCounter& retrieves, uint32_t moveWaitSeconds)
      : store_(store), clock_(clock), schedules_(schedules), throttles_(throttles),
        instances_(instances), retrieves_(retrieves), moveWaitSeconds_(moveWaitSeconds)
  {
  }

  OrthancPluginErrorCode WadoStream::Serve(OrthancPluginRestOutput* output,
                                           const Receiver& receiver, const DicomWebPath& path,
                                           const WebCaller& caller, const AcceptedMedia& media)
  {
    MoveRequest request;
    request.level = path.level;
    request.studyInstanceUid = path.study;
    request.seriesInstanceUid = path.series;
    request.sopInstanceUid = path.instance;
    MatchedInstances matched;
    if (IsUid(path.study) && (path.series.empty() || IsUid(path.series)) &&
        (path.instance.empty() || IsUid(path.instance)))
    {
      matched = instances_.MatchMove(request);
    }
    if (matched.instances.empty() || !UnderItsParents(matched.instances.front().orthancId, path))
    {
      OrthancPluginSetHttpErrorDetails(Sdk::GetContext(), output, Inexistent(path).c_str(), 0);
      return OrthancPluginErrorCode_InexistentItem; // as the DICOMweb plugin
    }
    Transfer transfer;
    transfer.origin = "DICOMweb";
    transfer.createdMs = clock_.NowMs();
    transfer.receiverId = receiver.id;
    transfer.destinationAet = receiver.aet;
    transfer.caller = caller.user;
    transfer.callingAddress = caller.address;
    transfer.level = path.level;
    transfer.query = request.ToJson();
    transfer.query["Via"] = "dicomweb";
    std::vector<std::string> ids = DescribeInTransfer(matched, transfer);
    EffectiveState state;
    if (Admit(output, receiver, transfer, state))
    {
      ThreadLease lease(throttles_.GetThreads(), receiver.id);
      Stream(output, receiver, transfer, std::move(ids), state, media);
    }
    Audit(caller, transfer);
    return OrthancPluginErrorCode_Success;
  }

  bool WadoStream::Admit(OrthancPluginRestOutput* output, const Receiver& receiver,
                         Transfer& transfer, EffectiveState& state)
  {
    const int64_t now = clock_.NowMs();
    state = schedules_.StateFor(receiver, now);
    Threads& threads = throttles_.GetThreads();
    const RetrieveVerdict verdict = AdmitRetrieve(
      state, threads.Running(receiver.id), threads.Total(), moveWaitSeconds_, transfer.bytesTotal,
      now, [&](int64_t at) { return schedules_.StateFor(receiver, at); });
    if (verdict.action == RetrieveVerdict::Action::Unavailable)
    {
      Unavailable(output, receiver, transfer, verdict.reason, verdict.retryAfterSeconds);
      return false;
    }
    if (!threads.Acquire(receiver.id, state.window.threads, state.globalThreads,
                         int64_t{1000} * moveWaitSeconds_))
    {
      Unavailable(output, receiver, transfer,
                  "no thread free within " + std::to_string(moveWaitSeconds_) + " s (" +
                    verdict.reason + ")",
                  std::max<int64_t>(1, moveWaitSeconds_));
      return false;
    }
    return true;
  }

  void WadoStream::Unavailable(OrthancPluginRestOutput* output, const Receiver& receiver,
                               Transfer& transfer, const std::string& why,
                               std::optional<int64_t> retryAfterSeconds)
  {
    const std::string text = "DICOMweb retrieve refused for now: " + why;
    transfer.Refuse(text, clock_.NowMs());
    store_.CreateTransfer(transfer, {});
    retrieves_.Count(receiver.id, "Refused");
    Log::Warning("DICOMweb retrieve for Receiver " + receiver.id + " from " +
                 (transfer.caller.empty() ? transfer.callingAddress
                                          : transfer.caller + "@" + transfer.callingAddress) +
                 " refused: " + why);
    Json::Value body;
    body["Error"] = text;
    body["Receiver"] = receiver.id;
    body["Transfer"] = static_cast<Json::Int64>(transfer.id);
    if (retryAfterSeconds)
    {
      body["RetryAfterSeconds"] = static_cast<Json::Int64>(*retryAfterSeconds);
    }
    if (receiver.outsideWindow == OutsideWindow::Queue)
    {
      body["OutsideWindow"] = DICOMWEB_CANNOT_QUEUE;
    }
    SendWebError(output, 503, body, retryAfterSeconds);
  }

  std::string WadoStream::SendOne(MultipartWriter& writer, InstanceReader& reader, size_t index,
                                  Transfer& transfer, TransferPacer& pacer)
  {
    InstanceFile file;
    try
    {
      file = reader.Take(index);
    }
    catch (const std::exception& e)
    {
      transfer.InstanceFailed();
      return std::string("an instance cannot be read: ") + e.what();
    }
    pacer.BeforeSend(file.storedBytes);
    const int64_t start = clock_.SteadyMicros();
    if (!writer.Part(file.data->Data(), file.data->Size()))
    {
      return "the client closed the connection";
    }
    transfer.Sent(file.storedBytes);
    pacer.Delivered(file.storedBytes);
    pacer.AfterSend((clock_.SteadyMicros() - start) / 1000);
    return "";
  }

  void WadoStream::Stream(OrthancPluginRestOutput* output, const Receiver& receiver,
                          Transfer& transfer, std::vector<std::string> ids,
                          const EffectiveState& state, const AcceptedMedia& media)
  {
    transfer.StartInMove(clock_.NowMs());
    store_.CreateTransfer(transfer, ids);
    LocalRun run(throttles_.Runs(), transfer.id);
    TransferPacer pacer(throttles_, clock_, receiver.id, state, nullptr);
    const std::string syntax = media.transferSyntax;
    InstanceReader reader(
      ids, syntax.empty() ? InstanceReader::Prepare()
                          : [syntax](const Sdk::MemoryBuffer& file)
             { return InSyntax(file, syntax); });
    int64_t lastSave = clock_.SteadyMs();
    const auto save = [&](bool force)
    {
      if (force || clock_.SteadyMs() - lastSave >= SAVE_INTERVAL_MS)
      {
        transfer.busyMs = pacer.BusyMs();
        transfer.idleMs = pacer.IdleMs();
        store_.UpdateTransfer(transfer);
        lastSave = clock_.SteadyMs();
      }
    };
    MultipartWriter writer(output);
    if (!writer.Start())
    {
      transfer.FailForGood("Orthanc could not start the multipart answer", clock_.NowMs());
      save(true);
      retrieves_.Count(receiver.id, "Failed");
      return;
    }
    for (size_t i = 0; i < ids.size(); i++)
    {
      const std::string error = SendOne(writer, reader, i, transfer, pacer);
      if (!error.empty())
      {
        transfer.FailForGood(error + "; " + std::to_string(transfer.instancesSent) + " of " +
                               std::to_string(ids.size()) + " instances were sent",
                             clock_.NowMs());
        pacer.Failed();
        save(true);
        retrieves_.Count(receiver.id, "Failed");
        Log::Warning("DICOMweb Transfer " + std::to_string(transfer.id) + " for Receiver " +
                     receiver.id + ": " + transfer.Lifecycle().error);
        writer.End();
        return; // the parts sent stay whole; the multipart ends cleanly after them
      }
      save(false);
    }
    writer.End();
    pacer.Finish();
    transfer.Succeed(clock_.NowMs());
    save(true);
    retrieves_.Count(receiver.id, "Succeeded");
    Log::Info("DICOMweb Transfer " + std::to_string(transfer.id) + " for Receiver " + receiver.id +
              ": " + std::to_string(transfer.instancesSent) + " instances sent");
  }
} // namespace XnatDqr
