// Entry point: check Orthanc, read the "XnatDqr" section, wire the modules. Nothing else.

#include "Core/Common/Clock.h"
#include "Core/Common/Errors.h"
#include "Core/Common/OrthancSettings.h"
#include "Core/Common/TimeFormat.h"
#include "Core/Configuration/PluginConfiguration.h"
#include "Core/Observability/MetricsSource.h"
#include "Core/Pacing/SchedulePolicy.h"
#include "Core/Receivers/ReceiverRegistry.h"
#include "Core/Scu/ScuSettings.h"
#include "Dicom/AssociationPool.h"
#include "Dicom/MoveHandler.h"
#include "Dicom/TransferQueue.h"
#include "Orthanc/BuiltInRoutes.h"
#include "Orthanc/Log.h"
#include "Orthanc/OrthancInstances.h"
#include "Orthanc/OrthancMetrics.h"
#include "Orthanc/OrthancModalities.h"
#include "Orthanc/Sdk.h"
#include "Orthanc/StartSettings.h"
#include "Rest/AppRoutes.h"
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
#include "Rest/Uris.h"
#include "Store/HistoryWriter.h"
#include "Store/Periodic.h"
#include "Store/PostgresStore.h"
#include "Store/SqliteStore.h"
#include "Web/WebStart.h"

#include <cstdlib>
#include <memory>
#include <thread>

namespace
{
  using namespace XnatDqr;

  // Another Orthanc's change to the Receivers is served here within this (the issue: 2 s).
  constexpr int REGISTRY_WATCH_MS = 1000;

  struct Services
  {
    Clock& clock = SystemClock(); // the one source of time, handed to every module
    std::unique_ptr<SqlStore> store;
    OrthancModalities modalities;
    OrthancInstances instances{clock};
    std::unique_ptr<ReceiverRegistry> registry;
    std::unique_ptr<SchedulePolicy> schedules;
    Throttles throttles{clock};
    RefusalCounter refusals;
    RetrieveCounter retrieves; // DICOMweb
    MoveStepTimes moveSteps;
    std::unique_ptr<MetricsSource> metrics;
    std::unique_ptr<TransferView> transferView;
    EchoLog echoes;
    std::unique_ptr<Glance> glance;
    std::unique_ptr<History> history;
    std::unique_ptr<HistoryWriter> historyWriter;
    std::unique_ptr<Periodic> registryWatch;       // PostgreSQL: other Orthancs' changes
    std::unique_ptr<Periodic> leases;              // the Running Transfers' leases
    std::unique_ptr<AssociationPool> associations; // outlives the senders below
    std::unique_ptr<TransferQueue> queue;
    std::unique_ptr<MoveHandler> moveHandler;
    WebParts web; // the DICOMweb roots and the HTTP request filter
    std::thread startup;
  };

  std::unique_ptr<Services> services_;

  Json::Value Counts()
  {
    Json::Value counts(Json::objectValue);
    counts["Receivers"] = static_cast<Json::UInt64>(services_->registry->Count());
    counts["Transfers"] = static_cast<Json::UInt64>(services_->store->CountTransfers());
    return counts;
  }

  // The one shutdown order, when Orthanc stops and again when it unloads the plugin (each step
  // may run twice): no new Transfer, no kept association, then the periodic threads.
  void StopServices()
  {
    if (!services_)
    {
      return;
    }
    if (services_->startup.joinable())
    {
      services_->startup.join();
    }
    if (services_->queue)
    {
      services_->queue->Stop(); // running Transfers go back to Queued
    }
    if (services_->associations)
    {
      services_->associations->Clear();
    }
    for (Periodic* periodic : {services_->leases.get(), services_->registryWatch.get()})
    {
      if (periodic != nullptr)
      {
        periodic->Stop();
      }
    }
    if (services_->historyWriter)
    {
      services_->historyWriter->Stop();
    }
  }

  // Orthanc's REST API is not available during OrthancPluginInitialize, and OnChange callbacks
  // must not call it: the modalities are synced from a thread of our own once Orthanc runs.
  OrthancPluginErrorCode OnChange(OrthancPluginChangeType change, OrthancPluginResourceType,
                                  const char*)
  {
    if (change == OrthancPluginChangeType_OrthancStopped)
    {
      StopServices();
    }
    if (change == OrthancPluginChangeType_OrthancStarted)
    {
      services_->queue->Start();
      services_->leases->Start();
      services_->historyWriter->Start();
      services_->startup = std::thread(
        []
        {
          try
          {
            for (const std::string& problem : services_->registry->SyncModalities())
            {
              Log::Error(problem);
            }
            Log::Info("Orthanc's DicomModalities are in step with the Receivers");
            if (services_->registryWatch)
            {
              services_->registryWatch->Start();
            }
          }
          catch (const std::exception& e)
          {
            Log::Error(std::string("cannot sync Orthanc's DicomModalities: ") + e.what());
          }
        });
    }
    return OrthancPluginErrorCode_Success;
  }

  void OpenStore(const StartSettings& settings)
  {
    const PluginConfiguration& configuration = settings.configuration;
    if (!settings.shared)
    {
      services_->store =
        std::make_unique<SqliteStore>(services_->clock, configuration.databasePath);
      return;
    }
    auto store = std::make_unique<PostgresStore>(
      services_->clock, configuration.database.PostgresParameters(), configuration.instanceId);
    store->SetLeaseMs(configuration.leaseSeconds * 1000);
    // Threads are totals across the Orthancs; those of this one's last life are free again.
    store->ForgetMyThreads();
    services_->throttles.GetThreads().SetShared(store.get());
    services_->throttles.SetSharedBandwidth(store.get());
    services_->store = std::move(store);
  }

  void RefreshSharedReceivers()
  {
    static bool failing = false; // one line when it fails, one when it works again
    try
    {
      for (const std::string& problem : services_->registry->Refresh())
      {
        Log::Error(problem);
      }
      if (failing)
      {
        Log::Warning("the shared Receivers are read again");
      }
      failing = false;
    }
    catch (const std::exception& e)
    {
      if (!failing)
      {
        Log::Warning(std::string("cannot read the shared Receivers: ") + e.what());
      }
      failing = true;
    }
  }

  void StartRegistry(const StartSettings& settings)
  {
    const OrthancSettings& orthanc = settings.orthanc;
    services_->registry = std::make_unique<ReceiverRegistry>(
      *services_->store, services_->modalities,
      AetSettings{orthanc.dicomAet, orthanc.checkCalledAet, orthanc.strictAetComparison,
                  settings.scu.tls.Missing(), MoveHandler::GivesCallerAddress()});
    services_->registry->Install(settings.configuration.receivers);
    services_->registry->SetFallbackToModalities(settings.configuration.fallbackToModalities);
    if (settings.shared)
    {
      // Polled rather than LISTENed: one indexed read a second, the same after a reconnect.
      services_->registryWatch =
        std::make_unique<Periodic>(services_->clock, REGISTRY_WATCH_MS, RefreshSharedReceivers);
    }
  }

  void KeepLeases()
  {
    try
    {
      services_->queue->KeepLeases();
    }
    catch (const std::exception& e)
    {
      Log::Error(std::string("transfer leases: ") + e.what());
    }
  }

  void StartQueue(const StartSettings& settings)
  {
    const PluginConfiguration& configuration = settings.configuration;
    services_->schedules = std::make_unique<SchedulePolicy>(
      *services_->store, configuration.schedule, configuration.defaults);
    services_->throttles.Budgets().SetStore(services_->store.get());
    services_->schedules->SetBudgets(&services_->throttles.Budgets());
    services_->associations = std::make_unique<AssociationPool>(
      services_->clock, int64_t{1000} * configuration.keepAssociationSeconds);
    services_->queue = std::make_unique<TransferQueue>(
      *services_->store, services_->clock, *services_->registry, *services_->schedules,
      services_->throttles,
      RunnerSettings{settings.scu, settings.retry, settings.shared ? configuration.instanceId : "",
                     services_->associations.get()});
    services_->queue->Recover();
    services_->leases =
      std::make_unique<Periodic>(services_->clock, services_->store->LeaseMs() / 4, KeepLeases);
    TransferQueue* queue = services_->queue.get();
    services_->registry->SetOnChange([queue] { queue->Wake(); });
    services_->schedules->SetOnChange([queue] { queue->Wake(); });
    services_->throttles.GetThreads().SetOnRelease([queue] { queue->Wake(); });
  }

  void StartObservability(const StartSettings& settings)
  {
    services_->glance =
      std::make_unique<Glance>(*services_->store, *services_->registry, *services_->schedules,
                               services_->refusals, services_->echoes);
    services_->history = std::make_unique<History>(*services_->store, *services_->store,
                                                   services_->throttles.Recorder());
    services_->historyWriter =
      std::make_unique<HistoryWriter>(*services_->history, services_->clock,
                                      [](const std::string& problem) { Log::Error(problem); });
    services_->metrics = std::make_unique<MetricsSource>(
      *services_->store, *services_->registry, *services_->schedules, services_->throttles,
      services_->refusals, services_->moveSteps, &services_->retrieves);
    services_->transferView = std::make_unique<TransferView>(
      *services_->registry, *services_->schedules, services_->throttles, settings.retry);
  }

  void RegisterRoutes(const StartSettings& settings, OrthancPluginContext* context)
  {
    const OrthancSettings& orthanc = settings.orthanc;
    const PluginConfiguration& configuration = settings.configuration;
    const PacsIdentity pacs{orthanc.dicomAet, configuration.publicHost,          orthanc.dicomPort,
                            orthanc.name,     configuration.publicHostIsDefault, ""};
    Clock& clock = services_->clock;
    RegisterStatusRoute(clock, configuration, context->orthancVersion, Counts,
                        MoveHandler::GivesCallerAddress());
    RegisterReceiverRoutes(clock, *services_->registry, *services_->schedules, *services_->queue,
                           pacs, services_->echoes, *services_->glance);
    RegisterScheduleRoutes(clock, *services_->registry, *services_->schedules);
    RegisterExplainRoute(clock, *services_->registry, *services_->schedules, services_->throttles,
                         configuration.moveWaitSeconds, orthanc.dicomWebRoot,
                         configuration.guardHttpIdentities);
    RegisterAuditRoute(*services_->store, clock);
    RegisterRefusalRoute(clock, *services_->store, *services_->registry);
    RegisterHistoryRoutes(clock, *services_->history, *services_->registry, *services_->schedules);
    RegisterMetricsRoute(clock, *services_->metrics);
    RegisterOrthancMetrics([&clock]
                           { return OrthancTotals(services_->metrics->Gather(clock.NowMs())); });
    RegisterAppRoutes();
    RegisterTransferRoutes(clock, *services_->store, *services_->queue, *services_->registry,
                           services_->instances, *services_->transferView);
    RegisterModalityStoreRoutes(
      clock, *services_->registry, *services_->store, *services_->queue, services_->instances,
      OrthancStoreRoutes{PostToBuiltInRoute, StoreInOrthanc,
                         OrthancPluginCheckVersionAdvanced(context, 1, 13, 0) == 1});
  }

  void StartMoveHandler(const StartSettings& settings)
  {
    services_->moveHandler = std::make_unique<MoveHandler>(
      *services_->registry, *services_->store, services_->clock, *services_->schedules,
      services_->throttles, *services_->queue, services_->instances, services_->refusals,
      services_->moveSteps,
      MoveSettings{settings.scu, settings.configuration.moveWaitSeconds,
                   services_->associations.get()});
    services_->moveHandler->Register();
  }

  // The table of contents: the one start order.
  void Start(OrthancPluginContext* context)
  {
    TimeFormat::ReadHostZone(); // once: windows and times are in the zone Orthanc starts in
    const StartSettings settings = ReadStartSettings(context);
    if (settings.configuration.tcpNoDelay)
    {
      // Must precede Orthanc's DICOM server and SCU: DCMTK reads it per association.
      setenv("TCP_NODELAY", "1", 1);
    }
    services_ = std::make_unique<Services>();
    OpenStore(settings);
    StartRegistry(settings);
    StartQueue(settings);
    StartObservability(settings);
    RegisterRoutes(settings, context);
    services_->web =
      StartWeb(WebSettings{settings.configuration.guardHttpIdentities,
                           settings.orthanc.dicomWebRoot, settings.configuration.moveWaitSeconds},
               *services_->registry, *services_->store, services_->clock, *services_->schedules,
               services_->throttles, services_->instances, services_->retrieves);
    StartMoveHandler(settings);
    OrthancPluginRegisterOnChangeCallback(context, OnChange);
  }
} // namespace

extern "C"
{
  ORTHANC_PLUGINS_API int32_t OrthancPluginInitialize(OrthancPluginContext* context)
  {
    Sdk::SetContext(context);
    if (!OrthancPluginCheckVersionAdvanced(context, 1, 10, 1))
    {
      Log::Error(std::string("refusing to start: this plugin needs Orthanc 1.10.1 or newer, this "
                             "is Orthanc ") +
                 context->orthancVersion);
      return -1;
    }
    Sdk::SetDescription(PLUGIN_NAME, "Serves XNAT DQR: XNAT receivers, C-MOVE routing, "
                                     "scheduled and throttled transfers.");
    try
    {
      Start(context);
      Log::Warning(std::string("version ") + XNATDQR_VERSION + " started");
      return 0;
    }
    catch (const ValidationError& e)
    {
      Log::Error(std::string("refusing to start, invalid configuration: ") + e.what());
    }
    catch (const ConflictError& e)
    {
      Log::Error(std::string("refusing to start, conflicting Receivers in XnatDqr.Receivers: ") +
                 e.what());
    }
    catch (const std::exception& e)
    {
      Log::Error(std::string("refusing to start: ") + e.what());
    }
    services_.reset();
    return -1;
  }

  ORTHANC_PLUGINS_API void OrthancPluginFinalize()
  {
    StopServices();
    services_.reset();
  }

  ORTHANC_PLUGINS_API const char* OrthancPluginGetName()
  {
    return PLUGIN_NAME;
  }

  ORTHANC_PLUGINS_API const char* OrthancPluginGetVersion()
  {
    return XNATDQR_VERSION;
  }
}
