#pragma once

// Every URI the plugin serves, in one place (Orthanc's regex syntax).
namespace XnatDqr
{
  constexpr const char* PLUGIN_NAME = "xnat-dqr";
  constexpr const char* URI_ROOT = "/xnat-dqr";
  constexpr const char* URI_STATUS = "/xnat-dqr/status";
} // namespace XnatDqr

namespace XnatDqr
{
  constexpr const char* URI_RECEIVERS = "/xnat-dqr/receivers";
  constexpr const char* URI_RECEIVER = "/xnat-dqr/receivers/([^/]+)";
  constexpr const char* URI_RECEIVER_ECHO = "/xnat-dqr/receivers/([^/]+)/echo";
  constexpr const char* URI_RECEIVER_XNAT_SETTINGS = "/xnat-dqr/receivers/([^/]+)/xnat-settings";
} // namespace XnatDqr

namespace XnatDqr
{
  constexpr const char* URI_TRANSFERS = "/xnat-dqr/transfers";
  constexpr const char* URI_TRANSFER = "/xnat-dqr/transfers/([^/]+)";
  constexpr const char* URI_TRANSFER_ACTION =
    "/xnat-dqr/transfers/([^/]+)/(pause|resume|cancel|retry)";
  constexpr const char* URI_TRANSFER_PRIORITY = "/xnat-dqr/transfers/([^/]+)/priority";
} // namespace XnatDqr

namespace XnatDqr
{
  constexpr const char* URI_RECEIVER_SCHEDULE = "/xnat-dqr/receivers/([^/]+)/schedule";
  constexpr const char* URI_RECEIVER_SCHEDULE_STATUS =
    "/xnat-dqr/receivers/([^/]+)/schedule/status";
  constexpr const char* URI_SCHEDULE = "/xnat-dqr/schedule";
  constexpr const char* URI_SCHEDULE_STATUS = "/xnat-dqr/schedule/status";
} // namespace XnatDqr

namespace XnatDqr
{
  constexpr const char* URI_APP = "/xnat-dqr/app(/.*)?";
  constexpr const char* APP_INDEX = "/xnat-dqr/app/index.html";
} // namespace XnatDqr
