#pragma once

#include "Orthanc/Sdk.h"

#include <string>

namespace XnatDqr
{
  // A multipart/related answer of application/dicom parts, written one part at a time: with
  // the SDK's streamed answer where the running Orthanc has it (1.12.6 and later, built
  // against such a header), else with the SDK's multipart answer (Orthanc 1.10.1).
  class MultipartWriter
  {
  public:
    explicit MultipartWriter(OrthancPluginRestOutput* output);
    // The part headers and the closing boundary are ours on the streamed answer.
    static bool Streams();

    bool Start();
    bool Part(const void* data, size_t size); // false: the client is gone
    void End();                               // the closing boundary (the SDK's: at return)

  private:
    OrthancPluginRestOutput* output_;
    bool streamed_;
    std::string boundary_;
  };
} // namespace XnatDqr
