#pragma once

#include "Core/Receivers/ReceiverRegistry.h"
#include "Web/WadoStream.h"

#include <atomic>
#include <string>

namespace XnatDqr
{
  // Serves /xnat-dqr/dicom-web/{receiver}/: the DICOMweb root an XNAT pastes as its
  // dicomWebRootUrl. QIDO-RS (and metadata) is delegated to Orthanc's DICOMweb plugin through
  // Orthanc's REST API, with every Retrieve URL moved under this root; WADO-RS retrieves are
  // the Receiver's Transfers (WadoStream).
  class DicomWebRoot
  {
  public:
    // References are not owned. dicomWebRoot is the DICOMweb plugin's Root ("/dicom-web/").
    DicomWebRoot(ReceiverRegistry& registry, WadoStream& wado, const std::string& dicomWebRoot);

    // Registers the route; one DicomWebRoot per plugin.
    void Register();

    // The SDK's REST callback; public for the C trampoline only.
    OrthancPluginErrorCode Serve(OrthancPluginRestOutput* output, const char* url,
                                 const OrthancPluginHttpRequest* request);

  private:
    // Orthanc's DICOMweb plugin answers; checked until it is seen once.
    bool DicomWebLoaded();
    // The Receiver, enabled and Queryable, with the DICOMweb plugin loaded; or the error sent.
    std::optional<Receiver> Gate(OrthancPluginRestOutput* output, const std::string& id);
    OrthancPluginErrorCode Search(OrthancPluginRestOutput* output, const Receiver& receiver,
                                  const std::string& path, const OrthancPluginHttpRequest* request);

    ReceiverRegistry& registry_;
    WadoStream& wado_;
    std::string dicomWebRoot_; // with one trailing slash
    std::atomic<bool> loaded_{false}; // HTTP threads ask at once
  };
} // namespace XnatDqr
