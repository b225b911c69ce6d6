#pragma once

#include <cstdint>
#include <json/value.h>
#include <string>
#include <vector>

namespace XnatDqr
{
  // One change made through the REST API: who, from where, what, and the state before and
  // after. Written only for a change that succeeded; never updated or deleted.
  struct AuditRecord
  {
    int64_t id = 0;
    int64_t timeMs = 0;
    std::string method;        // POST, PUT, DELETE
    std::string uri;           // the route as requested
    std::string remoteAddress; // as Orthanc's HTTP server saw it
    std::string user;          // the HTTP Basic user, "" without authentication
    Json::Value before;        // null: nothing there before (a creation)
    Json::Value after;         // null: nothing there after (a deletion)

    Json::Value ToJson() const;
  };

  // The port to where audit records are kept. Thread-safe.
  class AuditStore
  {
  public:
    virtual ~AuditStore() = default;
    virtual void AppendAudit(AuditRecord& record) = 0; // sets its id
    // Newest first, created at or after sinceMs.
    virtual std::vector<AuditRecord> ListAudit(int64_t sinceMs, size_t limit) = 0;
  };
} // namespace XnatDqr
