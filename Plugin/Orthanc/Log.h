#pragma once

#include <string>

// Orthanc's log, prefixed so that our lines are easy to grep.
namespace XnatDqr::Log
{
  void Info(const std::string& message);
  void Warning(const std::string& message);
  void Error(const std::string& message);
} // namespace XnatDqr::Log
