#include "Dicom/MoveHandler.h"

#include "Core/MoveRouter.h"
#include "Core/TimeFormat.h"
#include "Dicom/MoveDriver.h"
#include "Dicom/MoveMatcher.h"
#include "Orthanc/Log.h"
#include "Orthanc/Sdk.h"

namespace XnatDqr
{
  struct MoveCall
  {
    MoveRequest request;
    std::string callerAet;
    std::string destinationAet;
    uint16_t originatorId = 0;
  };

  namespace
  {
    MoveHandler* handler_ = nullptr;

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

    void* OnCreate(OrthancPluginResourceType level, const char* patientId,
                   const char* accessionNumber, const char* studyInstanceUid,
                   const char* seriesInstanceUid, const char* sopInstanceUid,
                   const char* originatorAet, const char* /* sourceAet: Orthanc itself */,
                   const char* targetAet, uint16_t originatorId)
    {
      MoveCall call;
      call.request.level = LevelName(level);
      call.request.patientId = Text(patientId);
      call.request.accessionNumber = Text(accessionNumber);
      call.request.studyInstanceUid = Text(studyInstanceUid);
      call.request.seriesInstanceUid = Text(seriesInstanceUid);
      call.request.sopInstanceUid = Text(sopInstanceUid);
      call.callerAet = Text(originatorAet);
      call.destinationAet = Text(targetAet);
      call.originatorId = originatorId;
      try
      {
        return handler_->Create(call);
      }
      catch (const std::exception& e)
      {
        Log::Error("C-MOVE from " + call.callerAet + " to " + call.destinationAet +
                   " failed: " + e.what());
        return nullptr;
      }
    }

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

  MoveHandler::MoveHandler(ReceiverRegistry& registry, TransferStore& store,
                           const std::string& orthancAet)
      : registry_(registry), store_(store), orthancAet_(orthancAet)
  {
  }

  void MoveHandler::Register()
  {
    handler_ = this;
    OrthancPluginRegisterMoveCallback(Sdk::GetContext(), OnCreate, OnGetSize, OnApply, OnFree);
  }

  void* MoveHandler::Create(const MoveCall& call)
  {
    Transfer transfer;
    transfer.createdMs = TimeFormat::NowMs();
    transfer.callingAet = call.callerAet;
    transfer.destinationAet = call.destinationAet;
    transfer.level = call.request.level;
    transfer.query = call.request.ToJson();
    transfer.moveOriginatorId = call.originatorId;

    const MoveRoute route =
      RouteMove(call.destinationAet, call.callerAet, registry_.List(),
                registry_.ForeignModalities(), registry_.IsStrictAetComparison());
    if (route.refused)
    {
      transfer.state = TransferState::Failed;
      transfer.finishedMs = transfer.createdMs;
      transfer.error = "C-MOVE refused: " + route.reason;
      store_.CreateTransfer(transfer);
      Log::Warning("C-MOVE refused: caller " + call.callerAet + ", destination " +
                   call.destinationAet + ": " + route.reason);
      return nullptr;
    }

    transfer.receiverId = route.receiverId;
    transfer.modalityName = route.modalityName;
    MatchedInstances matched = MatchInstances(call.request);
    std::vector<InstanceToSend>& instances = matched.instances;
    transfer.instancesTotal = instances.size();
    transfer.bytesTotal = matched.bytes;
    transfer.state = TransferState::Running;
    transfer.startedMs = TimeFormat::NowMs();
    store_.CreateTransfer(transfer);

    StoreEndpoint endpoint;
    endpoint.callingAet = orthancAet_;
    endpoint.calledAet = route.aet;
    endpoint.host = route.host;
    endpoint.port = route.port;
    endpoint.timeout = route.timeout == 0 ? 10 : route.timeout;
    Log::Info("C-MOVE from " + call.callerAet + " to " + call.destinationAet + ": " +
              std::to_string(instances.size()) + " instances to " +
              (route.receiverId.empty() ? "modality " + route.modalityName
                                        : "Receiver " + route.receiverId));
    auto driver = std::make_unique<MoveDriver>(store_, transfer, endpoint, std::move(instances));
    try
    {
      driver->Open();
    }
    catch (const DicomNetworkError&)
    {
      return nullptr; // the driver has logged it and marked the Transfer Failed
    }
    return driver.release();
  }
} // namespace XnatDqr
