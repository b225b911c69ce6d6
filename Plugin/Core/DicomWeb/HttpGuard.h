#pragma once

#include "Core/Receivers/Receiver.h"

#include <string>
#include <vector>

namespace XnatDqr
{
  // Whether an HTTP request from an identity bound to a Receiver (HttpUsers, HttpAddresses) is
  // a way around the Receiver's schedules: Orthanc's own DICOMweb root, WADO-URI, the archive
  // and media downloads, a DICOM file, or another Receiver's root.
  struct GuardVerdict
  {
    bool refuse = false;
    std::string receiverId; // the Receiver the identity is bound to; "" when none
    std::string binding;    // how: "HTTP user \"xnat-b\"", "address 10.0.0.7"
    std::string ownRoot;    // that Receiver's DICOMweb root
    std::string reason;     // refuse: the one line for the log, the audit and the explain route
  };

  // uri is the request's path as Orthanc received it; it is decoded (%xx) and read by its
  // segments, as Orthanc routes it. dicomWebRoot is the DICOMweb plugin's Root ("/dicom-web/").
  GuardVerdict GuardHttp(const std::vector<Receiver>& receivers, const std::string& user,
                         const std::string& address, const std::string& uri,
                         const std::string& dicomWebRoot);

  // The user name of an "Authorization: Basic ..." header; "" for anything else.
  std::string BasicUser(const std::string& authorization);

  // Whether uri (already split in segments) downloads DICOM files outside a Receiver's root.
  bool IsBulkDownload(const std::vector<std::string>& segments,
                      const std::vector<std::string>& dicomWebRoot);

  // The non-empty segments of a path, each %-decoded.
  std::vector<std::string> UriSegments(const std::string& uri);
} // namespace XnatDqr
