#pragma once

#include "Core/Receivers/HttpIdentities.h"

#include <json/value.h>
#include <string>

namespace XnatDqr
{
  // One Retrieve URL (0008,1190) of Orthanc's DICOMweb plugin, moved under the Receiver's root:
  // "http://pacs:8042/dicom-web/studies/1.2/series/3.4" becomes
  // "http://pacs:8042/xnat-dqr/dicom-web/xnat-b/studies/1.2/series/3.4". The scheme and host
  // are kept (the plugin built them from the request's Host header, or its own Host/Ssl
  // settings); the DICOMweb plugin's Root is replaced by the Receiver's root, and any other
  // path (a PublicRoot behind a proxy) as a whole. A URL without "/studies/" is left as it is.
  std::string MoveRetrieveUrl(const std::string& url, const std::string& dicomWebRoot,
                              const std::string& receiverRoot);

  // Moves every Retrieve URL of a QIDO-RS (or metadata) answer in DICOM JSON: an array of
  // datasets, or one. Returns how many were moved.
  size_t MoveRetrieveUrls(Json::Value& answer, const std::string& dicomWebRoot,
                          const std::string& receiverRoot);
} // namespace XnatDqr
