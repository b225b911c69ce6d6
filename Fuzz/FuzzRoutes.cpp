// libFuzzer: the REST routes as Orthanc dispatches to them, with arbitrary methods, URIs,
// headers and bodies. Each input is up to 8 requests ("\n--\n" between them), served in order
// by the real routes over the real Core and a fresh in-memory SQLite store; only Orthanc is
// stood in for (Fuzz/FuzzOrthanc.cpp). A request is: one byte for the method, the URI up to
// "\n", "name: value" header lines up to an empty line, and the body.
// Properties: no crash; no 5xx; every JSON answer is valid UTF-8 that parses back to itself;
// a request that fails (4xx) leaves the Receivers, the Transfers, the global schedule and
// Orthanc's modality entries exactly as they were.
#include "FuzzOrthanc.h"

#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"
#include "Core/Common/TextRules.h"
#include "Core/Common/TimeFormat.h"
#include "Core/Configuration/PluginConfiguration.h"
#include "Core/Observability/Glance.h"
#include "Core/Observability/History.h"
#include "Core/Observability/MetricsSource.h"
#include "Core/Observability/TransferView.h"
#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Pacing/Throttles.h"
#include "Core/Receivers/ModalityGateway.h"
#include "Core/Receivers/ReceiverRegistry.h"
#include "Orthanc/RestServe.h"
#include "Rest/AuditRoute.h"
#include "Rest/ExplainRoute.h"
#include "Rest/HistoryRoutes.h"
#include "Rest/MetricsRoute.h"
#include "Rest/ModalityStoreRoutes.h"
#include "Rest/ReceiverRoutes.h"
#include "Rest/RefusalRoute.h"
#include "Rest/ScheduleRoutes.h"
#include "Rest/StatusRoute.h"
#include "Rest/TransferRoutes.h"
#include "Store/SqliteStore.h"

#include <json/reader.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <unistd.h>
#include <vector>

namespace
{
  using namespace XnatDqr;

  [[noreturn]] void Finding(const std::string& what)
  {
    std::fprintf(stderr, "FuzzRoutes: %s\n", what.c_str());
    std::abort();
  }

  class Modalities : public ModalityGateway
  {
  public:
    std::map<std::string, Json::Value> entries;
    std::map<std::string, Json::Value> List() override { return entries; }
    bool Exists(const std::string& name) override { return entries.count(name) > 0; }
    void Put(const std::string& name, const Json::Value& definition) override
    {
      entries[name] = definition;
    }
    void Remove(const std::string& name) override { entries.erase(name); }
  };

  // Orthanc's resources: "study-<n>" ids stand for a study of n instances (n < 10).
  class Instances : public InstanceSource
  {
  public:
    MatchedInstances MatchMove(const MoveRequest&) override { return {}; }
    MatchedInstances OfResources(const std::vector<std::string>& ids, std::string& level) override
    {
      MatchedInstances matched;
      for (const std::string& id : ids)
      {
        if (id.size() != 7 || id.compare(0, 6, "study-") != 0 || id[6] < '1' || id[6] > '9')
        {
          throw ValidationError("Resources", "Resources: \"" + TextRules::Printable(id) +
                                               "\" is not the Orthanc id of a resource here");
        }
        for (char i = '0'; i < id[6]; i++)
        {
          InstanceToSend instance;
          instance.orthancId = id + "-" + i;
          if (i == '0')
          {
            instance.sopClassUid = "1.2.840.10008.5.1.4.1.1.7";
            instance.transferSyntax = "1.2.840.10008.1.2.1";
          }
          matched.instances.push_back(instance);
          matched.bytes += 1000;
        }
        level = "Study";
      }
      return matched;
    }
  };

  // The queue's control, as the worker does it when nothing is being sent.
  class Queue : public TransferControl
  {
  public:
    explicit Queue(TransferStore& store) : store_(store) {}
    Transfer Pause(int64_t id) override
    {
      return Change(id, [](Transfer& t, int64_t now) { t.Pause(now); });
    }
    Transfer Resume(int64_t id) override
    {
      return Change(id, [](Transfer& t, int64_t now) { t.Resume(now); });
    }
    Transfer Cancel(int64_t id) override
    {
      return Change(id, [](Transfer& t, int64_t now) { t.Cancel(now); });
    }
    Transfer Retry(int64_t id) override
    {
      return Change(id, [](Transfer& t, int64_t now) { t.Retry(now); });
    }
    Transfer SetPriority(int64_t id, int64_t priority) override
    {
      return Change(id, [priority](Transfer& t, int64_t) { t.SetPriority(priority); });
    }
    void Wake() override {}
    std::vector<int64_t> ActiveFor(const std::string& receiverId) override
    {
      return store_.ListActiveIds(receiverId);
    }
    void CancelAllFor(const std::string& receiverId) override
    {
      for (int64_t id : ActiveFor(receiverId))
      {
        Cancel(id);
      }
    }

  private:
    template<typename F>
    Transfer Change(int64_t id, F change)
    {
      std::optional<Transfer> transfer = store_.FindTransfer(id);
      if (!transfer)
      {
        throw NotFoundError("There is no Transfer " + std::to_string(id));
      }
      change(*transfer, SystemClock().NowMs());
      store_.UpdateTransfer(*transfer);
      return *transfer;
    }
    TransferStore& store_;
  };

  // A migrated, empty database for each input: a copy of one made once (migrating each time
  // would cost most of an input's time).
  std::string FreshDatabase()
  {
    static const std::string folder = "/dev/shm/xnat-dqr-fuzz-" + std::to_string(getpid());
    static const std::string pristine = folder + "-pristine.db";
    static const bool made = []
    {
      std::remove(pristine.c_str());
      SqliteStore{SystemClock(), pristine};
      std::atexit(
        []
        {
          for (const std::string& path :
               {pristine, folder + ".db", folder + ".db-wal", folder + ".db-shm"})
          {
            std::remove(path.c_str());
          }
        });
      return true;
    }();
    (void)made;
    const std::string work = folder + ".db";
    for (const char* suffix : {"", "-wal", "-shm"})
    {
      std::remove((work + suffix).c_str());
    }
    std::ifstream from(pristine, std::ios::binary);
    std::ofstream to(work, std::ios::binary);
    to << from.rdbuf();
    return work;
  }

  // Everything the routes are given, fresh for each input.
  struct Plugin
  {
    Clock& clock = SystemClock();
    SqliteStore store{clock, FreshDatabase()};
    Modalities modalities;
    Instances instances;
    ReceiverRegistry registry{store, modalities, AetSettings{"ORTHANC", false, false, ""}};
    PluginConfiguration configuration;
    SchedulePolicy schedules{store, std::nullopt, configuration.defaults};
    Throttles throttles{clock};
    RefusalCounter refusals;
    MoveStepTimes steps;
    EchoLog echoes;
    Queue queue{store};
    Glance glance{store, registry, schedules, refusals, echoes};
    History history{store, store, throttles.Recorder()};
    MetricsSource metrics{store, registry, schedules, throttles, refusals, steps};
    TransferView view{registry, schedules, throttles, RetryPolicy{5, 60}};

    Plugin()
    {
      configuration.ResolveDefaults("/tmp", "fuzz-host");
      FuzzOrthanc::Routes().clear();
      const PacsIdentity pacs{"ORTHANC", "fuzz-host", 4242, "Fuzz", false, ""};
      RegisterStatusRoute(
        clock, configuration, "1.10.1", [] { return Json::Value(Json::objectValue); }, false);
      RegisterReceiverRoutes(clock, registry, schedules, queue, pacs, echoes, glance);
      RegisterScheduleRoutes(clock, registry, schedules);
      RegisterExplainRoute(clock, registry, schedules, throttles, 0);
      RegisterAuditRoute(store, clock);
      RegisterRefusalRoute(clock, store, registry);
      RegisterHistoryRoutes(clock, history, registry, schedules);
      RegisterMetricsRoute(clock, metrics);
      RegisterTransferRoutes(clock, store, queue, registry, instances, view);
      RegisterModalityStoreRoutes(
        clock, registry, store, queue, instances,
        OrthancStoreRoutes{[](const std::string&, const std::string&)
                           { return RestReply::Json(Json::Value(Json::objectValue), 200); },
                           [](const std::string&) -> std::string
                           { throw ValidationError("body", "not a DICOM file"); },
                           false});
    }

    // What a failed request must leave as it was.
    std::string State()
    {
      Json::Value state(Json::objectValue);
      for (const Receiver& receiver : store.ListReceivers())
      {
        state["Receivers"].append(receiver.ToJson());
      }
      TransferFilter all;
      all.limit = 1000000;
      for (const Transfer& transfer : store.ListTransfers(all))
      {
        state["Transfers"].append(transfer.ToJson());
      }
      const std::optional<Schedule> global = schedules.GetGlobal();
      state["Schedule"] = global ? global->ToJson() : Json::Value();
      for (const auto& [name, entry] : modalities.entries)
      {
        state["Modalities"][name] = entry;
      }
      return JsonText::Write(state);
    }
  };

  std::string Decode(const std::string& text)
  {
    std::string decoded;
    for (size_t i = 0; i < text.size(); i++)
    {
      const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
      if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) && hex(text[i + 2]))
      {
        decoded += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
        i += 2;
      }
      else
      {
        decoded += text[i];
      }
    }
    return decoded.substr(0, decoded.find('\0')); // the SDK hands plugins C strings
  }

  struct Request
  {
    RestRequest rest;
    std::string path;
  };

  Request Parse(const std::string& text)
  {
    static const char* const METHODS[] = {"GET", "POST", "PUT", "DELETE", "PATCH"};
    Request request;
    if (text.empty())
    {
      return request;
    }
    request.rest.method = METHODS[static_cast<unsigned char>(text[0]) % 5];
    size_t end = text.find('\n', 1);
    const std::string uri = text.substr(1, end == std::string::npos ? std::string::npos : end - 1);
    const size_t question = uri.find('?');
    request.path = Decode(uri.substr(0, question));
    if (question != std::string::npos && request.rest.method == "GET")
    {
      std::string query = uri.substr(question + 1);
      size_t start = 0;
      while (start <= query.size())
      {
        const size_t amp = std::min(query.find('&', start), query.size());
        const std::string pair = query.substr(start, amp - start);
        const size_t equals = pair.find('=');
        if (!pair.empty())
        {
          request.rest.arguments[Decode(pair.substr(0, equals))] =
            equals == std::string::npos ? "" : Decode(pair.substr(equals + 1));
        }
        start = amp + 1;
      }
    }
    // Header lines up to an empty line (or a line without a colon); the rest is the body.
    size_t at = end == std::string::npos ? text.size() : end + 1;
    while (at < text.size())
    {
      const size_t next = std::min(text.find('\n', at), text.size());
      const std::string line = text.substr(at, next - at);
      const size_t colon = line.find(':');
      if (line.empty() || colon == std::string::npos)
      {
        request.rest.body = text.substr(line.empty() ? std::min(next + 1, text.size()) : at);
        break;
      }
      std::string name = line.substr(0, colon);
      for (char& c : name)
      {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      request.rest.headers[name] = line.substr(colon + 1);
      at = next + 1;
    }
    return request;
  }

  // Orthanc tries a plugin's routes in the order they were registered; the first whose regex
  // matches the whole path gets the request, with the regex's groups.
  const RestRoute* Find(const std::string& path, std::vector<std::string>& groups)
  {
    static std::map<std::string, std::regex> compiled;
    for (const auto& [pattern, route] : FuzzOrthanc::Routes())
    {
      auto found = compiled.find(pattern);
      if (found == compiled.end())
      {
        found = compiled.emplace(pattern, std::regex(pattern)).first;
      }
      std::smatch match;
      if (std::regex_match(path, match, found->second))
      {
        groups.clear();
        for (size_t i = 1; i < match.size(); i++)
        {
          groups.push_back(match[i].str());
        }
        return &route;
      }
    }
    return nullptr;
  }

  // RFC 8259 allows any value at the root (GET /xnat-dqr/schedule answers null when there is
  // none); JsonText's reader is stricter than that for bodies.
  bool ParsesAsJson(const std::string& text, Json::Value& value)
  {
    Json::CharReaderBuilder builder;
    Json::CharReaderBuilder::strictMode(&builder.settings_);
    builder.settings_["strictRoot"] = false;
    std::unique_ptr<Json::CharReader> reader(builder.newCharReader());
    std::string errors;
    return reader->parse(text.data(), text.data() + text.size(), &value, &errors);
  }

  void Check(Plugin& plugin, Request request)
  {
    const RestRoute* route = Find(request.path, request.rest.groups);
    if (route == nullptr || request.path.find("/echo") != std::string::npos)
    {
      return; // not ours (Orthanc answers it), or an echo that would open a connection
    }
    const std::string before = plugin.State();
    const Served served = Serve(*route, request.rest, request.path);
    const int status = served.allow.empty() ? served.reply.status : 405;
    if (status >= 500)
    {
      Finding(request.rest.method + " " + request.path + " answered " + std::to_string(status) +
              ": " + JsonText::Write(served.reply.json));
    }
    if (served.reply.mimeType.empty() && status != 204 && status != 405)
    {
      const std::string written = JsonText::Write(served.reply.json);
      Json::Value again;
      // Compared as text: JsonCpp tells an unsigned 5 from a signed one, JSON does not.
      if (!TextRules::IsValidUtf8(written) || !ParsesAsJson(written, again) ||
          JsonText::Write(again) != written)
      {
        Finding(request.rest.method + " " + request.path + ": an answer that is not clean JSON: " +
                TextRules::Printable(written.substr(0, 2000)));
      }
    }
    if (status >= 400 && plugin.State() != before)
    {
      Finding(request.rest.method + " " + request.path + " failed with " + std::to_string(status) +
              " and changed what is stored");
    }
  }
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const std::string input(reinterpret_cast<const char*>(data), size);
  Plugin plugin;
  size_t start = 0;
  for (int n = 0; n < 8 && start <= input.size(); n++)
  {
    const size_t separator = input.find("\n--\n", start);
    const size_t end = separator == std::string::npos ? input.size() : separator;
    Check(plugin, Parse(input.substr(start, end - start)));
    start = end + 4;
  }
  return 0;
}
