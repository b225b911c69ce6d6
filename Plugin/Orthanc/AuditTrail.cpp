#include "Orthanc/AuditTrail.h"

#include "Core/Common/JsonText.h"
#include "Core/Common/TextRules.h"
#include "Core/Common/TimeFormat.h"
#include "Orthanc/Log.h"
#include "Orthanc/Sdk.h"

namespace XnatDqr::AuditTrail
{
  namespace
  {
    AuditStore* store_ = nullptr;
    Clock* clock_ = nullptr;
    // Orthanc runs a request's filter and its handler on the same HTTP thread.
    thread_local std::string remoteAddress_;

    int32_t OnRequest(OrthancPluginHttpMethod, const char*, const char* ip, uint32_t,
                      const char* const*, const char* const*, uint32_t, const char* const*,
                      const char* const*)
    {
      remoteAddress_ = ip == nullptr ? "" : ip;
      return 1; // allowed: this filter only observes
    }

    std::string DecodeBase64(const std::string& text)
    {
      static const std::string ALPHABET =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      std::string result;
      uint32_t bits = 0;
      int count = 0;
      for (char c : text)
      {
        const size_t value = ALPHABET.find(c);
        if (value == std::string::npos)
        {
          break; // '=' padding or the end
        }
        bits = (bits << 6) | static_cast<uint32_t>(value);
        count += 6;
        if (count >= 8)
        {
          count -= 8;
          result += static_cast<char>((bits >> count) & 0xFF);
        }
      }
      return result;
    }
  } // namespace

  void Enable(AuditStore& store, Clock& clock)
  {
    store_ = &store;
    clock_ = &clock;
    OrthancPluginRegisterIncomingHttpRequestFilter2(Sdk::GetContext(), OnRequest);
  }

  std::string BasicUser(const RestRequest& request)
  {
    auto header = request.headers.find("authorization");
    if (header == request.headers.end() || header->second.compare(0, 6, "Basic ") != 0)
    {
      return "";
    }
    const std::string credentials = DecodeBase64(header->second.substr(6));
    return TextRules::Printable(credentials.substr(0, credentials.find(':')));
  }

  void Record(const RestRequest& request, const std::string& uri, const Json::Value& before,
              const Json::Value& after)
  {
    if (store_ == nullptr)
    {
      return;
    }
    AuditRecord record;
    record.timeMs = clock_->NowMs();
    record.method = request.method;
    record.uri = TextRules::Printable(uri);
    record.remoteAddress = remoteAddress_;
    record.user = BasicUser(request);
    record.before = before;
    record.after = after;
    try
    {
      store_->AppendAudit(record);
      Log::Warning("audit " + std::to_string(record.id) + ": " +
                   (record.user.empty() ? std::string("anonymous") : record.user) + " from " +
                   record.remoteAddress + " " + record.method + " " + record.uri + ": " +
                   (before.isNull()  ? "created"
                    : after.isNull() ? "deleted"
                                     : "changed"));
    }
    catch (const std::exception& e)
    {
      Log::Error("audit: cannot record " + record.method + " " + record.uri + ": " + e.what());
    }
  }
} // namespace XnatDqr::AuditTrail
