#pragma once

#include "Core/Common/Clock.h"
#include "Core/Receivers/ReceiverRegistry.h"
#include "Orthanc/HttpFilter.h"

#include <map>
#include <mutex>
#include <string>

namespace XnatDqr
{
  // The HTTP request guard for Receivers' HttpUsers and HttpAddresses: a bound identity is
  // refused Orthanc's own DICOMweb root, WADO-URI, archive and media downloads, DICOM files and
  // other Receivers' roots, so that its Receiver's schedules hold (GuardHttp). Orthanc answers
  // a refusal 403 with no body: the plugin's log line and the audit name the Receiver's root.
  class BoundIdentities
  {
  public:
    // References are not owned.
    BoundIdentities(ReceiverRegistry& registry, Clock& clock, const std::string& dicomWebRoot);

    bool Allow(const HttpFilter::Incoming& request);

    // One log line and one audit record per identity and URI at most this often: an XNAT
    // that retries must not flood them.
    static constexpr int64_t REPORT_EVERY_MS = 10000;

  private:
    ReceiverRegistry& registry_;
    Clock& clock_;
    std::string dicomWebRoot_;
    std::mutex mutex_;
    std::map<std::string, int64_t> reported_; // "<identity> <uri>" -> when
  };
} // namespace XnatDqr
