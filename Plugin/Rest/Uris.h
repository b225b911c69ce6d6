#pragma once

// Every URI the plugin serves, in one place (Orthanc's regex syntax).
namespace XnatDqr
{
  constexpr const char* PLUGIN_NAME = "xnat-dqr";
  constexpr const char* URI_ROOT = "/xnat-dqr";
  constexpr const char* URI_STATUS = "/xnat-dqr/status";
} // namespace XnatDqr
