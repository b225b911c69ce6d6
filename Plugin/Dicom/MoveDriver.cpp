#include "Dicom/MoveDriver.h"

#include "Core/TimeFormat.h"
#include "Orthanc/Log.h"

namespace XnatDqr
{
  namespace
  {
    const int64_t SAVE_INTERVAL_MS = 250; // progress written to the store at most this often
  }                                       // namespace

  MoveDriver::MoveDriver(TransferStore& store, Transfer transfer,
                         std::unique_ptr<InstanceSender> sender, std::vector<std::string> instances,
                         std::unique_ptr<TransferPacer> pacer, std::unique_ptr<ThreadLease> lease)
      : store_(store), transfer_(std::move(transfer)), sender_(std::move(sender)),
        instances_(std::move(instances)), pacer_(std::move(pacer)), lease_(std::move(lease))
  {
    // An empty Running Transfer is done; a Queued or Failed one is left as it is (a C-MOVE
    // answered at once, or refused with a failed sub-operation).
    if (instances_.empty() && transfer_.State() == TransferState::Running)
    {
      transfer_.Succeed(TimeFormat::NowMs());
      Save(true);
    }
  }

  MoveDriver* MoveDriver::Refusal(TransferStore& store, const Transfer& failed,
                                  std::unique_ptr<InstanceSender> sender)
  {
    return new MoveDriver(store, failed, std::move(sender), std::vector<std::string>(1), nullptr,
                          nullptr);
  }

  MoveDriver::~MoveDriver()
  {
    if (transfer_.State() == TransferState::Running)
    {
      sender_->Close();
      transfer_.FailForGood("The C-MOVE ended after " + std::to_string(transfer_.instancesSent) +
                              " of " + std::to_string(instances_.size()) + " instances",
                            TimeFormat::NowMs());
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
      if (pacer_)
      {
        transfer_.busyMs = pacer_->BusyMs();
        transfer_.idleMs = pacer_->IdleMs();
      }
      store_.UpdateTransfer(transfer_);
      lastSaveMs_ = now;
    }
  }

  void MoveDriver::Fail(const std::string& error)
  {
    sender_->Close();
    transfer_.FailForGood(error, TimeFormat::NowMs());
    Save(true);
    Log::Error("Transfer " + std::to_string(transfer_.id) + " failed: caller " + transfer_.caller +
               ", destination " + transfer_.destinationAet + ": " + error);
  }

  void MoveDriver::Open()
  {
    if (instances_.empty() || transfer_.State() != TransferState::Running)
    {
      return;
    }
    try
    {
      sender_->Open();
    }
    catch (const DicomNetworkError& e)
    {
      Fail(e.what());
      throw;
    }
  }

  void MoveDriver::Finish()
  {
    sender_->Close(); // release before the C-MOVE answers, so that XNAT sees the end
    if (pacer_)
    {
      pacer_->Finish();
    }
    transfer_.Succeed(TimeFormat::NowMs());
  }

  bool MoveDriver::Apply()
  {
    if (transfer_.State() != TransferState::Running || next_ >= instances_.size())
    {
      return false;
    }
    const std::string& orthancId = instances_[next_++];
    try
    {
      transfer_.Sent(SendPaced(*sender_, pacer_.get(), orthancId).bytes);
    }
    catch (const std::exception& e)
    {
      transfer_.InstanceFailed();
      Fail(e.what());
      return false;
    }
    if (next_ == instances_.size())
    {
      Finish();
    }
    Save(next_ == instances_.size());
    return true;
  }
} // namespace XnatDqr
