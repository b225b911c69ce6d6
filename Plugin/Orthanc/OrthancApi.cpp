#include "Orthanc/OrthancApi.h"

#include "Core/Common/JsonText.h"
#include "Orthanc/Sdk.h"

#include <stdexcept>
#include <vector>

namespace XnatDqr
{
  namespace
  {
    // The plugin SDK reports an error code, not the HTTP status Orthanc would have sent.
    int ToHttpStatus(OrthancPluginErrorCode code)
    {
      switch (code)
      {
      case OrthancPluginErrorCode_Success:
        return 200;
      case OrthancPluginErrorCode_UnknownResource:
      case OrthancPluginErrorCode_InexistentItem:
      case OrthancPluginErrorCode_InexistentTag:
      case OrthancPluginErrorCode_UnknownModality:
        return 404;
      case OrthancPluginErrorCode_BadRequest:
      case OrthancPluginErrorCode_BadFileFormat:
      case OrthancPluginErrorCode_BadJson:
      case OrthancPluginErrorCode_ParameterOutOfRange:
      case OrthancPluginErrorCode_BadParameterType:
      case OrthancPluginErrorCode_UriSyntax:
      case OrthancPluginErrorCode_CreateDicomBadParent:
        return 400;
      case OrthancPluginErrorCode_Unauthorized:
        return 401;
      case OrthancPluginErrorCode_ReadOnly:
        return 403;
      case OrthancPluginErrorCode_NotAcceptable:
        return 406;
      case OrthancPluginErrorCode_NotImplemented:
        return 501;
      case OrthancPluginErrorCode_NetworkProtocol:
        return 502;
      case OrthancPluginErrorCode_Timeout:
        return 504;
      default:
        return 500;
      }
    }

    RestAnswer MakeAnswer(OrthancPluginErrorCode code, const Sdk::MemoryBuffer& buffer)
    {
      RestAnswer answer;
      answer.status = ToHttpStatus(code);
      answer.errorCode = static_cast<int>(code);
      if (code == OrthancPluginErrorCode_Success)
      {
        answer.body = buffer.ToString();
      }
      else
      {
        const char* description = OrthancPluginGetErrorDescription(Sdk::GetContext(), code);
        answer.body = description == nullptr ? "Orthanc error" : description;
      }
      return answer;
    }
  } // namespace

  Json::Value RestAnswer::ToJson(const std::string& uri) const
  {
    Json::Value json;
    if (!JsonText::TryParse(body, json))
    {
      throw std::runtime_error("Orthanc's answer to " + uri + " is not JSON");
    }
    return json;
  }

  namespace OrthancApi
  {
    RestAnswer Get(const std::string& uri)
    {
      Sdk::MemoryBuffer buffer;
      return MakeAnswer(OrthancPluginRestApiGet(Sdk::GetContext(), buffer.Target(), uri.c_str()),
                        buffer);
    }

    RestAnswer GetWithPlugins(const std::string& uri,
                              const std::map<std::string, std::string>& headers)
    {
      std::vector<const char*> keys;
      std::vector<const char*> values;
      for (const auto& [key, value] : headers)
      {
        keys.push_back(key.c_str());
        values.push_back(value.c_str());
      }
      Sdk::MemoryBuffer buffer;
      return MakeAnswer(OrthancPluginRestApiGet2(Sdk::GetContext(), buffer.Target(), uri.c_str(),
                                                 static_cast<uint32_t>(keys.size()), keys.data(),
                                                 values.data(), 1 /* after the plugins */),
                        buffer);
    }

    RestAnswer Post(const std::string& uri, const std::string& body)
    {
      Sdk::MemoryBuffer buffer;
      return MakeAnswer(OrthancPluginRestApiPost(Sdk::GetContext(), buffer.Target(), uri.c_str(),
                                                 body.data(), body.size()),
                        buffer);
    }

    RestAnswer Put(const std::string& uri, const std::string& body)
    {
      Sdk::MemoryBuffer buffer;
      return MakeAnswer(OrthancPluginRestApiPut(Sdk::GetContext(), buffer.Target(), uri.c_str(),
                                                body.data(), body.size()),
                        buffer);
    }

    RestAnswer Delete(const std::string& uri)
    {
      Sdk::MemoryBuffer buffer;
      // DELETE has no answer body in the SDK.
      RestAnswer answer =
        MakeAnswer(OrthancPluginRestApiDelete(Sdk::GetContext(), uri.c_str()), buffer);
      return answer;
    }

    Json::Value GetJson(const std::string& uri)
    {
      const RestAnswer answer = Get(uri);
      if (!answer.IsSuccess())
      {
        throw std::runtime_error("GET " + uri + " failed with HTTP " +
                                 std::to_string(answer.status) + ": " + answer.body);
      }
      return answer.ToJson(uri);
    }
  } // namespace OrthancApi
} // namespace XnatDqr
