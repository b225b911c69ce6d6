#pragma once

// Every URI the plugin serves, in one place (Orthanc's regex syntax; groups are arguments).
namespace XnatDqr
{
  constexpr const char* PLUGIN_NAME = "xnat-dqr";
  constexpr const char* URI_STATUS = "/xnat-dqr/status";

  constexpr const char* URI_RECEIVERS = "/xnat-dqr/receivers";
  constexpr const char* URI_RECEIVER = "/xnat-dqr/receivers/([^/]+)";
  constexpr const char* URI_RECEIVER_ECHO = "/xnat-dqr/receivers/([^/]+)/echo";
  constexpr const char* URI_RECEIVER_XNAT_SETTINGS = "/xnat-dqr/receivers/([^/]+)/xnat-settings";
  constexpr const char* URI_RECEIVER_SCHEDULE = "/xnat-dqr/receivers/([^/]+)/schedule";
  constexpr const char* URI_RECEIVER_HISTORY = "/xnat-dqr/receivers/([^/]+)/history";
  constexpr const char* URI_RECEIVER_SCHEDULE_STATUS =
    "/xnat-dqr/receivers/([^/]+)/schedule/status";

  constexpr const char* URI_SCHEDULE = "/xnat-dqr/schedule";
  constexpr const char* URI_SCHEDULE_STATUS = "/xnat-dqr/schedule/status";

  constexpr const char* URI_TRANSFERS = "/xnat-dqr/transfers";
  constexpr const char* URI_TRANSFER = "/xnat-dqr/transfers/([^/]+)";
  constexpr const char* URI_TRANSFER_ACTION =
    "/xnat-dqr/transfers/([^/]+)/(pause|resume|cancel|retry)";
  constexpr const char* URI_TRANSFER_PRIORITY = "/xnat-dqr/transfers/([^/]+)/priority";

  constexpr const char* URI_ROUTE = "/xnat-dqr/route";
  constexpr const char* URI_GLANCE = "/xnat-dqr/glance";
  constexpr const char* URI_AUDIT = "/xnat-dqr/audit";
  constexpr const char* URI_REFUSALS = "/xnat-dqr/refusals";
  constexpr const char* URI_HISTORY = "/xnat-dqr/history";
  constexpr const char* URI_METRICS = "/xnat-dqr/metrics";

  constexpr const char* URI_APP = "/xnat-dqr/app(/.*)?";
} // namespace XnatDqr
