#include "Orthanc/AuditTrail.h"

#include "Core/Common/JsonText.h"
#include "Core/Common/TextRules.h"
#include "Core/Common/TimeFormat.h"
#include "Core/DicomWeb/HttpGuard.h"
#include "Orthanc/HttpFilter.h"
#include "Orthanc/Log.h"
#include "Orthanc/Sdk.h"

namespace XnatDqr::AuditTrail
{
  namespace
  {
    AuditStore* store_ = nullptr;
    Clock* clock_ = nullptr;
  } // namespace

  void Enable(AuditStore& store, Clock& clock)
  {
    store_ = &store;
    clock_ = &clock;
  }

  std::string BasicUser(const RestRequest& request)
  {
    auto header = request.headers.find("authorization");
    return header == request.headers.end()
             ? ""
             : TextRules::Printable(XnatDqr::BasicUser(header->second));
  }

  void Record(const RestRequest& request, const std::string& uri, const Json::Value& before,
              const Json::Value& after)
  {
    AuditRecord record;
    record.method = request.method;
    record.uri = uri;
    record.remoteAddress = HttpFilter::RemoteAddress();
    record.user = BasicUser(request);
    record.before = before;
    record.after = after;
    Append(record);
  }

  void Append(AuditRecord& record)
  {
    if (store_ == nullptr)
    {
      return;
    }
    record.timeMs = clock_->NowMs();
    record.uri = TextRules::Printable(record.uri);
    const Json::Value& before = record.before;
    const Json::Value& after = record.after;
    try
    {
      store_->AppendAudit(record);
      Log::Warning("audit " + std::to_string(record.id) + ": " +
                   (record.user.empty() ? std::string("anonymous") : record.user) + " from " +
                   record.remoteAddress + " " + record.method + " " + record.uri + ": " +
                   (after.isMember("Via")       ? "retrieved"
                    : after.isMember("Refused") ? "refused"
                    : before.isNull()           ? "created"
                    : after.isNull()            ? "deleted"
                                                : "changed"));
    }
    catch (const std::exception& e)
    {
      Log::Error("audit: cannot record " + record.method + " " + record.uri + ": " + e.what());
    }
  }
} // namespace XnatDqr::AuditTrail
