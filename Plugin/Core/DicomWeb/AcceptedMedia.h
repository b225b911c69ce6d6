#pragma once

#include <string>

namespace XnatDqr
{
  // What a WADO-RS retrieve's Accept header lets us answer: multipart/related of
  // application/dicom parts, in the transfer syntax asked for.
  struct AcceptedMedia
  {
    bool acceptable = false;
    // The transfer-syntax parameter: "" or "*" for the files as Orthanc stores them, else a
    // transfer syntax UID to transcode to.
    std::string transferSyntax;
    std::string why; // not acceptable: what is served instead

    // Reads an Accept header: media ranges separated by commas, each with ";"-separated
    // parameters (quoted or not). The first range we can serve wins: */*, multipart/*, or
    // multipart/related with a type of application/dicom (or none). An empty header accepts.
    static AcceptedMedia Parse(const std::string& accept);
  };
} // namespace XnatDqr
