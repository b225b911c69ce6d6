#include "Web/DicomWebRoot.h"

#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"
#include "Core/DicomWeb/DicomWebPath.h"
#include "Core/DicomWeb/HttpGuard.h"
#include "Core/DicomWeb/RetrieveUrls.h"
#include "Orthanc/HttpFilter.h"
#include "Orthanc/Log.h"
#include "Orthanc/OrthancApi.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace XnatDqr
{
  namespace
  {
    DicomWebRoot* root_ = nullptr;

    OrthancPluginErrorCode OnRequest(OrthancPluginRestOutput* output, const char* url,
                                     const OrthancPluginHttpRequest* request)
    {
      try
      {
        return root_->Serve(output, url, request);
      }
      catch (const std::exception& e)
      {
        Log::Error(std::string("DICOMweb root ") + url + ": " + e.what());
        return OrthancPluginErrorCode_InternalError;
      }
    }

    std::string Header(const OrthancPluginHttpRequest* request, const std::string& name)
    {
      for (uint32_t i = 0; i < request->headersCount; i++)
      {
        std::string key = request->headersKeys[i];
        std::transform(key.begin(), key.end(), key.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (key == name)
        {
          return request->headersValues[i];
        }
      }
      return "";
    }

    std::string UrlEncoded(const std::string& text)
    {
      static const char* HEX = "0123456789ABCDEF";
      std::string out;
      for (unsigned char c : text)
      {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '*' || c == ',')
        {
          out += static_cast<char>(c);
        }
        else
        {
          out += '%';
          out += HEX[c >> 4];
          out += HEX[c & 15];
        }
      }
      return out;
    }

    std::string QueryString(const OrthancPluginHttpRequest* request)
    {
      std::string query;
      for (uint32_t i = 0; i < request->getCount; i++)
      {
        query += (query.empty() ? "?" : "&") + UrlEncoded(request->getKeys[i]) + "=" +
                 UrlEncoded(request->getValues[i]);
      }
      return query;
    }

    // QIDO-RS answers DICOM JSON here; a client that accepts none of it gets 406.
    bool AcceptsJson(const std::string& accept)
    {
      std::string lower = accept;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      return lower.empty() || lower.find("json") != std::string::npos ||
             lower.find("*/*") != std::string::npos ||
             lower.find("application/*") != std::string::npos;
    }

    Json::Value Problem(const std::string& message, const std::string& receiverId)
    {
      Json::Value body;
      body["Error"] = message;
      if (!receiverId.empty())
      {
        body["Receiver"] = receiverId;
      }
      return body;
    }
  } // namespace

  DicomWebRoot::DicomWebRoot(ReceiverRegistry& registry, WadoStream& wado,
                             const std::string& dicomWebRoot)
      : registry_(registry), wado_(wado), dicomWebRoot_(dicomWebRoot)
  {
    while (!dicomWebRoot_.empty() && dicomWebRoot_.back() == '/')
    {
      dicomWebRoot_.pop_back();
    }
    dicomWebRoot_ += "/";
  }

  void DicomWebRoot::Register()
  {
    root_ = this;
    OrthancPluginRegisterRestCallbackNoLock(Sdk::GetContext(), "/xnat-dqr/dicom-web/([^/]+)(/.*)?",
                                            OnRequest);
  }

  bool DicomWebRoot::DicomWebLoaded()
  {
    if (!loaded_)
    {
      loaded_ = OrthancApi::Get("/plugins/dicom-web").IsSuccess();
    }
    return loaded_;
  }

  std::optional<Receiver> DicomWebRoot::Gate(OrthancPluginRestOutput* output, const std::string& id)
  {
    std::optional<Receiver> receiver;
    for (const Receiver& candidate : *registry_.Snapshot())
    {
      if (candidate.id == id)
      {
        receiver = candidate;
      }
    }
    if (!receiver)
    {
      SendWebError(output, 404, Problem("no Receiver \"" + id + "\"", ""));
      return std::nullopt;
    }
    if (!receiver->enabled || !receiver->queryable)
    {
      SendWebError(output, 403,
                   Problem(std::string("Receiver \"") + id + "\" is " +
                             (!receiver->enabled ? "disabled (Enabled false)"
                                                 : "not Queryable (Queryable false)"),
                           id));
      return std::nullopt;
    }
    if (!DicomWebLoaded())
    {
      SendWebError(output, 503,
                   Problem("Orthanc's DICOMweb plugin (Debian's orthanc-dicomweb) is not "
                           "loaded: a Receiver's DICOMweb root needs it; add it to Orthanc's "
                           "\"Plugins\"",
                           id));
      return std::nullopt;
    }
    return receiver;
  }

  OrthancPluginErrorCode DicomWebRoot::Serve(OrthancPluginRestOutput* output, const char* url,
                                             const OrthancPluginHttpRequest* request)
  {
    OrthancPluginContext* context = Sdk::GetContext();
    if (request->method != OrthancPluginHttpMethod_Get)
    {
      OrthancPluginSendMethodNotAllowed(context, output, "GET");
      return OrthancPluginErrorCode_Success;
    }
    const std::string id = request->groups[0];
    const std::string path =
      request->groupsCount > 1 && request->groups[1] != nullptr ? request->groups[1] : "";
    const std::optional<Receiver> receiver = Gate(output, id);
    if (!receiver)
    {
      return OrthancPluginErrorCode_Success;
    }
    const DicomWebPath parsed = DicomWebPath::Parse(path.empty() ? "" : path.substr(1));
    switch (parsed.kind)
    {
    case DicomWebPath::Kind::Search:
      return Search(output, *receiver, path.substr(1), request);
    case DicomWebPath::Kind::Retrieve:
    {
      const std::string accept = Header(request, "accept");
      const AcceptedMedia media = AcceptedMedia::Parse(accept);
      if (!media.acceptable)
      {
        SendWebError(output, 406, Problem(media.why, id));
        return OrthancPluginErrorCode_Success;
      }
      const WebCaller caller{BasicUser(Header(request, "authorization")),
                             HttpFilter::RemoteAddress(), url};
      return wado_.Serve(output, *receiver, parsed, caller, media);
    }
    default:
      SendWebError(output, 404, Problem(parsed.why, id));
      return OrthancPluginErrorCode_Success;
    }
  }

  OrthancPluginErrorCode DicomWebRoot::Search(OrthancPluginRestOutput* output,
                                              const Receiver& receiver, const std::string& path,
                                              const OrthancPluginHttpRequest* request)
  {
    if (!AcceptsJson(Header(request, "accept")))
    {
      SendWebError(output, 406,
                   Problem("a Receiver's root answers QIDO-RS in application/dicom+json only "
                           "(Accept was \"" +
                             Header(request, "accept") + "\")",
                           receiver.id));
      return OrthancPluginErrorCode_Success;
    }
    // The headers the DICOMweb plugin builds its Retrieve URLs from.
    std::map<std::string, std::string> headers{{"accept", "application/dicom+json"}};
    for (const char* name : {"host", "forwarded", "x-forwarded-host", "x-forwarded-proto"})
    {
      const std::string value = Header(request, name);
      if (!value.empty())
      {
        headers[name] = value;
      }
    }
    const std::string uri = dicomWebRoot_ + path + QueryString(request);
    const RestAnswer answer = OrthancApi::GetWithPlugins(uri, headers);
    if (!answer.IsSuccess())
    {
      // The same status and message as Orthanc's DICOMweb plugin (the SDK drops its details).
      const std::string details =
        "as Orthanc's DICOMweb plugin answered GET " + dicomWebRoot_ + path;
      OrthancPluginSetHttpErrorDetails(Sdk::GetContext(), output, details.c_str(), 0);
      return static_cast<OrthancPluginErrorCode>(answer.errorCode);
    }
    Json::Value json;
    if (!JsonText::TryParse(answer.body, json))
    {
      throw std::runtime_error("the DICOMweb plugin's answer to " + uri + " is not JSON");
    }
    MoveRetrieveUrls(json, dicomWebRoot_, ReceiverDicomWebRoot(receiver.id));
    const std::string body = JsonText::Write(json);
    OrthancPluginAnswerBuffer(Sdk::GetContext(), output, body.data(),
                              static_cast<uint32_t>(body.size()), "application/dicom+json");
    return OrthancPluginErrorCode_Success;
  }
} // namespace XnatDqr
