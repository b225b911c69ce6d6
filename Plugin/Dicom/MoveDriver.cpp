#include "Dicom/MoveDriver.h"

#include "Core/TimeFormat.h"
#include "Orthanc/Log.h"
#include "Orthanc/Sdk.h"

#include <chrono>
#include <map>
#include <set>

namespace XnatDqr
{
  namespace
  {
    const int64_t SAVE_INTERVAL_MS = 250; // progress written to the store at most this often

    std::string StatusText(uint16_t status)
    {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "0x%04X", status);
      return hex;
    }

    // DIMSE C-STORE statuses: 0x0000 success; 0xB000, 0xB006, 0xB007 warnings (stored).
    bool IsDelivered(uint16_t status)
    {
      return status == 0x0000 || status == 0xB000 || status == 0xB006 || status == 0xB007;
    }

    std::string Transcode(const std::string& file, const std::string& syntax)
    {
      OrthancPluginContext* context = Sdk::GetContext();
      OrthancPluginDicomInstance* transcoded = OrthancPluginTranscodeDicomInstance(
        context, file.data(), static_cast<uint32_t>(file.size()), syntax.c_str());
      if (transcoded == nullptr)
      {
        throw std::runtime_error("Orthanc cannot transcode to " + syntax);
      }
      Sdk::MemoryBuffer buffer;
      const OrthancPluginErrorCode code =
        OrthancPluginSerializeDicomInstance(context, buffer.Target(), transcoded);
      OrthancPluginFreeDicomInstance(context, transcoded);
      if (code != OrthancPluginErrorCode_Success)
      {
        throw std::runtime_error("Orthanc cannot serialize a transcoded instance");
      }
      return buffer.ToString();
    }
  } // namespace

  MoveDriver::MoveDriver(TransferStore& store, Transfer transfer, StoreEndpoint endpoint,
                         std::vector<InstanceToSend> instances)
      : store_(store), transfer_(std::move(transfer)), endpoint_(std::move(endpoint)),
        instances_(std::move(instances))
  {
    if (instances_.empty())
    {
      transfer_.state = TransferState::Succeeded;
      transfer_.startedMs = transfer_.finishedMs = TimeFormat::NowMs();
      Save(true);
    }
  }

  MoveDriver::~MoveDriver()
  {
    if (transfer_.state == TransferState::Running)
    {
      association_.reset();
      transfer_.state = TransferState::Failed;
      transfer_.finishedMs = TimeFormat::NowMs();
      transfer_.error = "The C-MOVE ended after " + std::to_string(transfer_.instancesSent) +
                        " of " + std::to_string(instances_.size()) + " instances";
      try
      {
        store_.UpdateTransfer(transfer_);
      }
      catch (const std::exception& e)
      {
        Log::Error(std::string("cannot record Transfer: ") + e.what());
      }
    }
  }

  void MoveDriver::Save(bool force)
  {
    const int64_t now = TimeFormat::NowMs();
    if (force || now - lastSaveMs_ >= SAVE_INTERVAL_MS)
    {
      store_.UpdateTransfer(transfer_);
      lastSaveMs_ = now;
    }
  }

  void MoveDriver::Fail(const std::string& error)
  {
    association_.reset();
    transfer_.state = TransferState::Failed;
    transfer_.finishedMs = TimeFormat::NowMs();
    transfer_.error = error;
    Save(true);
    Log::Error("Transfer " + std::to_string(transfer_.id) + " failed: caller " +
               transfer_.callingAet + ", destination " + transfer_.destinationAet + ": " + error);
  }

  void MoveDriver::Connect()
  {
    association_.reset();
    association_ = std::make_unique<StoreAssociation>(endpoint_, syntaxes_);
  }

  void MoveDriver::Open()
  {
    if (association_ || instances_.empty())
    {
      return;
    }
    for (const InstanceToSend& each : instances_)
    {
      if (!each.sopClassUid.empty())
      {
        syntaxes_[each.sopClassUid].insert(each.transferSyntax);
      }
    }
    try
    {
      Connect();
    }
    catch (const DicomNetworkError& e)
    {
      Fail(e.what());
      throw;
    }
  }

  uint16_t MoveDriver::Send(const InstanceToSend& instance, uint64_t& size,
                            std::string& sopInstanceUid)
  {
    Sdk::MemoryBuffer buffer;
    if (OrthancPluginGetDicomForInstance(Sdk::GetContext(), buffer.Target(),
                                         instance.orthancId.c_str()) !=
        OrthancPluginErrorCode_Success)
    {
      throw std::runtime_error("Orthanc cannot read instance " + instance.orthancId);
    }
    size = buffer.Size();
    StoreAssociation::Result result = association_->Store(
      buffer.Data(), buffer.Size(), transfer_.callingAet, transfer_.moveOriginatorId);
    sopInstanceUid = result.sopInstanceUid;
    if (result.outcome == StoreAssociation::Outcome::SopClassNotNegotiated &&
        syntaxes_.count(result.sopClassUid) == 0)
    {
      // A SOP Class that the first instances of the series did not announce.
      syntaxes_[result.sopClassUid].insert(result.transferSyntax);
      Connect();
      result = association_->Store(buffer.Data(), buffer.Size(), transfer_.callingAet,
                                   transfer_.moveOriginatorId);
    }
    if (result.outcome == StoreAssociation::Outcome::NeedsTranscoding)
    {
      // Uncompressed syntaxes convert into each other on the fly; anything else needs Orthanc.
      const std::string file =
        Transcode(std::string(buffer.Data(), buffer.Size()), result.acceptedSyntax);
      result = association_->Store(file.data(), file.size(), transfer_.callingAet,
                                   transfer_.moveOriginatorId);
    }
    if (result.outcome != StoreAssociation::Outcome::Sent)
    {
      throw std::runtime_error(endpoint_.calledAet + " accepted no presentation context for " +
                               "SOP Class " + result.sopClassUid);
    }
    return result.status;
  }

  bool MoveDriver::Apply()
  {
    if (transfer_.state != TransferState::Running || next_ >= instances_.size())
    {
      return false;
    }
    const InstanceToSend& instance = instances_[next_++];
    uint64_t size = 0;
    std::string sopInstanceUid = instance.orthancId;
    try
    {
      Open();
      const uint16_t status = Send(instance, size, sopInstanceUid);
      if (!IsDelivered(status))
      {
        transfer_.instancesFailed++;
        Fail(endpoint_.calledAet + " refused instance " + sopInstanceUid + " with status " +
             StatusText(status));
        return false;
      }
    }
    catch (const std::exception& e)
    {
      transfer_.instancesFailed++;
      Fail(e.what());
      return false;
    }
    transfer_.instancesSent++;
    transfer_.bytesSent += size;
    if (next_ == instances_.size())
    {
      association_.reset(); // release before the C-MOVE answers, so XNAT sees the end
      transfer_.state = TransferState::Succeeded;
      transfer_.finishedMs = TimeFormat::NowMs();
    }
    Save(next_ == instances_.size());
    return true;
  }
} // namespace XnatDqr
