#include "Web/BoundIdentities.h"

#include "Core/DicomWeb/HttpGuard.h"
#include "Orthanc/AuditTrail.h"
#include "Orthanc/Log.h"

namespace XnatDqr
{
  BoundIdentities::BoundIdentities(ReceiverRegistry& registry, Clock& clock,
                                   const std::string& dicomWebRoot)
      : registry_(registry), clock_(clock), dicomWebRoot_(dicomWebRoot)
  {
  }

  bool BoundIdentities::Allow(const HttpFilter::Incoming& request)
  {
    const std::shared_ptr<const std::vector<Receiver>> receivers = registry_.Snapshot();
    bool anyBound = false;
    for (const Receiver& receiver : *receivers)
    {
      anyBound = anyBound || !receiver.httpUsers.empty() || !receiver.httpAddresses.empty();
    }
    if (!anyBound)
    {
      return true;
    }
    const auto header = request.headers.find("authorization");
    const std::string user = header == request.headers.end() ? "" : BasicUser(header->second);
    const GuardVerdict verdict =
      GuardHttp(*receivers, user, request.address, request.uri, dicomWebRoot_);
    if (!verdict.refuse)
    {
      return true;
    }
    const int64_t now = clock_.NowMs();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      int64_t& last = reported_[verdict.binding + " " + request.uri];
      if (last != 0 && now - last < REPORT_EVERY_MS)
      {
        return false;
      }
      last = now;
      if (reported_.size() > 1000)
      {
        reported_.clear(); // bounded: at worst one more line each
      }
    }
    Log::Warning(verdict.reason);
    AuditRecord record;
    record.method = request.method;
    record.uri = request.uri;
    record.remoteAddress = request.address;
    record.user = user;
    record.after["Refused"] = verdict.reason;
    record.after["Receiver"] = verdict.receiverId;
    record.after["Root"] = verdict.ownRoot;
    AuditTrail::Append(record);
    return false;
  }
} // namespace XnatDqr
