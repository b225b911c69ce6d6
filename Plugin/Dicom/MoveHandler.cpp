#include "Dicom/MoveHandler.h"

#include "Core/Routing/Admission.h"
#include "Core/Routing/MoveKeyRules.h"
#include "Core/Routing/MoveRouter.h"
#include "Dicom/MoveDriver.h"
#include "Orthanc/Log.h"
#include "Orthanc/Sdk.h"

namespace XnatDqr
{
  struct MoveCall
  {
    MoveRequest request;
    MoveKey key;
    uint16_t moveOriginatorId = 0;
  };

  namespace
  {
    MoveHandler* handler_ = nullptr;

    MoveKey KeyOf(const Transfer& transfer)
    {
      return MoveKey{transfer.calledAet, transfer.caller, transfer.destinationAet,
                     transfer.callingAddress};
    }

    // "; Receivers left: a, b" for a refusal among Receivers, "" for an unknown destination.
    std::string ReceiversLeft(const MoveRoute& route)
    {
      if (route.candidates.empty())
      {
        return "";
      }
      std::string left;
      for (const RouteCandidate& candidate : route.candidates)
      {
        if (candidate.kept)
        {
          left += (left.empty() ? "" : ", ") + candidate.receiverId;
        }
      }
      return "; Receivers left: " + (left.empty() ? std::string("none") : left);
    }

    std::string Text(const char* value)
    {
      return value == nullptr ? std::string() : std::string(value);
    }

    const char* LevelName(OrthancPluginResourceType level)
    {
      switch (level)
      {
      case OrthancPluginResourceType_Patient:
        return "Patient";
      case OrthancPluginResourceType_Study:
        return "Study";
      case OrthancPluginResourceType_Series:
        return "Series";
      default:
        return "Instance";
      }
    }

    MoveRequest RequestOf(OrthancPluginResourceType level, const char* patientId,
                          const char* accessionNumber, const char* studyInstanceUid,
                          const char* seriesInstanceUid, const char* sopInstanceUid)
    {
      MoveRequest request;
      request.level = LevelName(level);
      request.patientId = Text(patientId);
      request.accessionNumber = Text(accessionNumber);
      request.studyInstanceUid = Text(studyInstanceUid);
      request.seriesInstanceUid = Text(seriesInstanceUid);
      request.sopInstanceUid = Text(sopInstanceUid);
      return request;
    }

    void* Serve(const MoveCall& call)
    {
      try
      {
        return handler_->Create(call);
      }
      catch (const std::exception& e)
      {
        Log::Error("C-MOVE (" + KeyText(call.key) + ") failed: " + e.what());
        return nullptr;
      }
    }

    void* OnCreate(OrthancPluginResourceType level, const char* patientId,
                   const char* accessionNumber, const char* studyInstanceUid,
                   const char* seriesInstanceUid, const char* sopInstanceUid, const char* caller,
                   const char* calledAet, const char* targetAet, uint16_t moveOriginatorId)
    {
      MoveCall call;
      call.request = RequestOf(level, patientId, accessionNumber, studyInstanceUid,
                               seriesInstanceUid, sopInstanceUid);
      // Orthanc passes the called AE Title as the callback's "sourceAet" (tested).
      call.key = MoveKey{Text(calledAet), Text(caller), Text(targetAet), ""};
      call.moveOriginatorId = moveOriginatorId;
      return Serve(call);
    }

#if XNATDQR_MOVE_CALLBACK_2
    // Orthanc 1.12.10 and later: the DICOM connection, and with it the caller's IP address.
    void* OnCreate2(OrthancPluginResourceType level, const char* patientId,
                    const char* accessionNumber, const char* studyInstanceUid,
                    const char* seriesInstanceUid, const char* sopInstanceUid,
                    const OrthancPluginDicomConnection* connection, const char* targetAet,
                    uint16_t moveOriginatorId)
    {
      OrthancPluginContext* context = Sdk::GetContext();
      MoveCall call;
      call.request = RequestOf(level, patientId, accessionNumber, studyInstanceUid,
                               seriesInstanceUid, sopInstanceUid);
      call.key =
        MoveKey{Text(OrthancPluginGetConnectionCalledAet(context, connection)),
                Text(OrthancPluginGetConnectionRemoteAet(context, connection)), Text(targetAet),
                Text(OrthancPluginGetConnectionRemoteIp(context, connection))};
      call.moveOriginatorId = moveOriginatorId;
      return Serve(call);
    }
#endif

    uint32_t OnGetSize(void* driver)
    {
      return static_cast<uint32_t>(static_cast<MoveDriver*>(driver)->Size());
    }

    OrthancPluginErrorCode OnApply(void* driver)
    {
      try
      {
        return static_cast<MoveDriver*>(driver)->Apply() ? OrthancPluginErrorCode_Success
                                                         : OrthancPluginErrorCode_NetworkProtocol;
      }
      catch (const std::exception& e)
      {
        Log::Error(std::string("C-MOVE sub-operation failed: ") + e.what());
        return OrthancPluginErrorCode_InternalError;
      }
    }

    void OnFree(void* driver)
    {
      delete static_cast<MoveDriver*>(driver);
    }
  } // namespace

  MoveHandler::MoveHandler(ReceiverRegistry& registry, TransferStore& store, Clock& clock,
                           SchedulePolicy& schedules, Throttles& throttles, TransferControl& queue,
                           InstanceSource& instances, RefusalCounter& refusals,
                           MoveStepTimes& steps, const MoveSettings& settings)
      : registry_(registry), store_(store), clock_(clock), schedules_(schedules),
        throttles_(throttles), queue_(queue), instances_(instances), refusals_(refusals),
        steps_(steps), settings_(settings)
  {
  }

  bool MoveHandler::GivesCallerAddress()
  {
#if XNATDQR_MOVE_CALLBACK_2
    return OrthancPluginCheckVersionAdvanced(Sdk::GetContext(), 1, 12, 10) == 1;
#else
    return false;
#endif
  }

  void MoveHandler::Register()
  {
    handler_ = this;
#if XNATDQR_MOVE_CALLBACK_2
    if (GivesCallerAddress())
    {
      OrthancPluginRegisterMoveCallback2(Sdk::GetContext(), OnCreate2, OnGetSize, OnApply, OnFree);
      return;
    }
#endif
    OrthancPluginRegisterMoveCallback(Sdk::GetContext(), OnCreate, OnGetSize, OnApply, OnFree);
  }

  void* MoveHandler::Create(const MoveCall& call)
  {
    StepTimer timer(clock_);
    Transfer transfer;
    transfer.createdMs = clock_.NowMs();
    transfer.calledAet = call.key.called;
    transfer.callingAddress = call.key.callingAddress;
    transfer.caller = call.key.caller;
    transfer.destinationAet = call.key.destination;
    transfer.level = call.request.level;
    transfer.query = call.request.ToJson();
    transfer.moveOriginatorId = call.moveOriginatorId;

    const std::string badKeys = CheckMoveKeys(call.request);
    if (!badKeys.empty())
    {
      transfer.Refuse("C-MOVE refused: " + badKeys, transfer.createdMs);
      store_.CreateTransfer(transfer, {});
      refusals_.Count("", RefusalReason::Keys, transfer.createdMs);
      Log::Warning("C-MOVE refused: " + KeyText(call.key) + ": " + badKeys);
      return nullptr;
    }
    const MoveRoute route = RouteMove(registry_, call.key, transfer.createdMs);
    if (route.refused)
    {
      transfer.Refuse("C-MOVE refused: " + route.reason, transfer.createdMs);
      store_.CreateTransfer(transfer, {});
      // One candidate: the Receiver that would have taken it (disabled, or the caller unlisted).
      refusals_.Count(route.candidates.size() == 1 ? route.candidates[0].receiverId : "",
                      route.candidates.empty() ? RefusalReason::UnknownDestination
                                               : RefusalReason::NotRouted,
                      transfer.createdMs);
      Log::Warning("C-MOVE refused: " + KeyText(call.key) + ": " + route.reason +
                   ReceiversLeft(route));
      return nullptr;
    }

    transfer.receiverId = route.receiverId;
    transfer.modalityName = route.modalityName;
    steps_.Add(MoveStep::Route, timer.Lap());
    const MatchedInstances matched = instances_.MatchMove(call.request);
    std::vector<std::string> ids = DescribeInTransfer(matched, transfer);
    steps_.Add(MoveStep::Match, timer.Lap());

    const StoreEndpoint endpoint =
      settings_.scu.EndpointFor(route.destination, DefaultLocalAet(route, call.key));
    auto sender = std::make_unique<InstanceSender>(endpoint, transfer.sopClasses, call.key.caller,
                                                   call.moveOriginatorId);
    sender->KeepIn(settings_.associations,
                   route.receiverId.empty() ? "modality " + route.modalityName : route.receiverId);
    if (route.receiverId.empty())
    {
      return SendNow(std::move(transfer), std::move(ids), std::move(sender), nullptr, nullptr,
                     timer);
    }
    return ToReceiver(std::move(transfer), std::move(ids), std::move(sender), timer);
  }

  void* MoveHandler::ToReceiver(Transfer transfer, std::vector<std::string> ids,
                                std::unique_ptr<InstanceSender> sender, StepTimer& timer)
  {
    const Receiver receiver = registry_.Get(transfer.receiverId);
    EffectiveState state = schedules_.StateFor(receiver, clock_.NowMs());
    Threads& threads = throttles_.GetThreads();
    // The C-MOVE's size is known: one that would overrun a budget or the Window's end is
    // queued or refused, as a closed Window is (docs/DICOM.md).
    const Admission admission =
      AdmitMove(state, receiver.outsideWindow, threads.Running(receiver.id), threads.Total(),
                settings_.moveWaitSeconds, transfer.bytesTotal, clock_.NowMs());
    AdmissionAction action = admission.action;
    std::string why = admission.reason;
    if (action == AdmissionAction::Send || action == AdmissionAction::Wait)
    {
      if (ids.empty() || threads.Acquire(receiver.id, state.window.threads, state.globalThreads,
                                         settings_.moveWaitSeconds * 1000))
      {
        std::unique_ptr<ThreadLease> lease;
        if (!ids.empty())
        {
          lease = std::make_unique<ThreadLease>(threads, receiver.id);
        }
        auto pacer =
          std::make_unique<TransferPacer>(throttles_, clock_, receiver.id, state, nullptr);
        return SendNow(std::move(transfer), std::move(ids), std::move(sender), std::move(pacer),
                       std::move(lease), timer);
      }
      action = admission.afterWait;
      why = "no thread free within " + std::to_string(settings_.moveWaitSeconds) + " s";
    }

    if (action == AdmissionAction::Queue)
    {
      store_.CreateTransfer(transfer, ids); // a new Transfer is Queued
      queue_.Wake();
      Log::Info("C-MOVE (" + KeyText(KeyOf(transfer)) + ") queued as Transfer " +
                std::to_string(transfer.id) + ": " + why);
      return new MoveDriver(store_, clock_, transfer, std::move(sender), {}, nullptr, nullptr);
    }
    transfer.Refuse("C-MOVE refused for now (OutsideWindow Refuse): " + why, clock_.NowMs());
    store_.CreateTransfer(transfer, ids);
    // Refused at once: closed, or not fitting in it; after waiting: no thread came free.
    const bool waited = admission.action != AdmissionAction::Refuse;
    refusals_.Count(receiver.id, waited ? RefusalReason::NoThread : RefusalReason::OutsideWindow,
                    transfer.Lifecycle().finishedMs);
    Log::Warning("C-MOVE refused: " + KeyText(KeyOf(transfer)) + ": " + why +
                 " (OutsideWindow Refuse)");
    return MoveDriver::Refusal(store_, clock_, transfer, std::move(sender));
  }

  void* MoveHandler::SendNow(Transfer transfer, std::vector<std::string> ids,
                             std::unique_ptr<InstanceSender> sender,
                             std::unique_ptr<TransferPacer> pacer,
                             std::unique_ptr<ThreadLease> lease, StepTimer& timer)
  {
    steps_.Served();
    steps_.Add(MoveStep::Admit, timer.Lap());
    transfer.StartInMove(clock_.NowMs());
    store_.CreateTransfer(transfer, ids);
    steps_.Add(MoveStep::Record, timer.Lap());
    Log::Info("C-MOVE (" + KeyText(KeyOf(transfer)) + "): " + std::to_string(ids.size()) +
              " instances to " +
              (transfer.receiverId.empty() ? "modality " + transfer.modalityName
                                           : "Receiver " + transfer.receiverId));
    auto driver =
      std::make_unique<MoveDriver>(store_, clock_, transfer, std::move(sender), std::move(ids),
                                   std::move(pacer), std::move(lease), &steps_);
    driver->Track(std::make_unique<LocalRun>(throttles_.Runs(), transfer.id));
    if (!driver->Open())
    {
      return nullptr; // the driver has logged it and marked the Transfer Failed
    }
    steps_.Add(MoveStep::Open, timer.Lap());
    return driver.release();
  }
} // namespace XnatDqr
