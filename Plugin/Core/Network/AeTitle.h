#pragma once

#include <string>

namespace XnatDqr::AeTitle
{
  // "" when valid, otherwise why not: 1-16 characters of the DICOM default repertoire, no
  // backslash, no control character, not all spaces.
  std::string Check(const std::string& aet);

  // Orthanc's rule: case-insensitive unless "StrictAetComparison" is true.
  bool Equal(const std::string& a, const std::string& b, bool strict);
} // namespace XnatDqr::AeTitle
