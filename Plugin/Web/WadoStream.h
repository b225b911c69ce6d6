#pragma once

#include "Core/Common/Clock.h"
#include "Core/DicomWeb/AcceptedMedia.h"
#include "Core/DicomWeb/DicomWebPath.h"
#include "Core/Observability/Metrics.h"
#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Pacing/Throttles.h"
#include "Core/Pacing/TransferPacer.h"
#include "Core/Receivers/Receiver.h"
#include "Core/Transfers/InstanceSource.h"
#include "Core/Transfers/TransferStore.h"
#include "Dicom/InstanceReader.h"
#include "Orthanc/Sdk.h"
#include "Web/MultipartWriter.h"

#include <string>

namespace XnatDqr
{
  // Who asked, over HTTP.
  struct WebCaller
  {
    std::string user;    // the HTTP Basic user, "" without one
    std::string address; // the client's IP address
    std::string uri;     // what it asked for, for the audit
  };

  // A WADO-RS retrieve under a Receiver's root, served as a Transfer of that Receiver (origin
  // "DICOMweb", Via "dicomweb"): admitted by its schedules, holding one of its threads and
  // the PACS's, paced by MaxMBps and Utilization, counted against the byte budgets, streamed
  // one multipart part per instance.
  class WadoStream
  {
  public:
    // References are not owned and must outlive the plugin.
    WadoStream(TransferStore& store, Clock& clock, SchedulePolicy& schedules, Throttles& throttles,
               InstanceSource& instances, RetrieveCounter& retrieves, uint32_t moveWaitSeconds);

    // Answers on output: the multipart, 404 for an unknown UID (as Orthanc's DICOMweb plugin
    // says it), or 503 with Retry-After. Returns what the REST callback returns.
    OrthancPluginErrorCode Serve(OrthancPluginRestOutput* output, const Receiver& receiver,
                                 const DicomWebPath& path, const WebCaller& caller,
                                 const AcceptedMedia& media);

  private:
    // Takes a thread, or answers 503 and records the refusal; true: the caller sends.
    bool Admit(OrthancPluginRestOutput* output, const Receiver& receiver, Transfer& transfer,
               EffectiveState& state);
    void Unavailable(OrthancPluginRestOutput* output, const Receiver& receiver, Transfer& transfer,
                     const std::string& why, std::optional<int64_t> retryAfterSeconds);
    void Stream(OrthancPluginRestOutput* output, const Receiver& receiver, Transfer& transfer,
                std::vector<std::string> ids, const EffectiveState& state,
                const AcceptedMedia& media);

    // One instance as one part; "" when sent, else why not.
    std::string SendOne(MultipartWriter& writer, InstanceReader& reader, size_t index,
                        Transfer& transfer, TransferPacer& pacer);

    TransferStore& store_;
    Clock& clock_;
    SchedulePolicy& schedules_;
    Throttles& throttles_;
    InstanceSource& instances_;
    RetrieveCounter& retrieves_;
    uint32_t moveWaitSeconds_;
  };

  // Sends a JSON error with this status and, when set, Retry-After.
  void SendWebError(OrthancPluginRestOutput* output, int status, const Json::Value& body,
                    std::optional<int64_t> retryAfterSeconds = std::nullopt);
} // namespace XnatDqr
