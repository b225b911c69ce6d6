#include "Dicom/MoveDriver.h"

#include "Dicom/StepTimer.h"
#include "Orthanc/Log.h"

namespace XnatDqr
{
  namespace
  {
    const int64_t SAVE_INTERVAL_MS = 250; // progress written to the store at most this often
  }                                       // namespace

  MoveDriver::MoveDriver(TransferStore& store, Clock& clock, Transfer transfer,
                         std::unique_ptr<InstanceSender> sender, std::vector<std::string> instances,
                         std::unique_ptr<TransferPacer> pacer, std::unique_ptr<ThreadLease> lease,
                         MoveStepTimes* steps)
      : store_(store), clock_(clock), transfer_(std::move(transfer)), sender_(std::move(sender)),
        instances_(std::move(instances)), pacer_(std::move(pacer)), lease_(std::move(lease)),
        steps_(steps),
        reader_(std::make_unique<InstanceReader>(instances_, [this](const Sdk::MemoryBuffer& file)
                                                 { return sender_->Prepare(file); }))
  {
    // An empty Running Transfer is done; a Queued or Failed one is left as it is (a C-MOVE
    // answered at once, or refused with a failed sub-operation).
    if (instances_.empty() && transfer_.State() == TransferState::Running)
    {
      transfer_.Succeed(clock_.NowMs());
      Save(true);
    }
  }

  MoveDriver* MoveDriver::Refusal(TransferStore& store, Clock& clock, const Transfer& failed,
                                  std::unique_ptr<InstanceSender> sender)
  {
    return new MoveDriver(store, clock, failed, std::move(sender), std::vector<std::string>(1),
                          nullptr, nullptr);
  }

  MoveDriver::~MoveDriver()
  {
    if (transfer_.State() == TransferState::Running)
    {
      sender_->Close();
      transfer_.FailForGood("The C-MOVE ended after " + std::to_string(transfer_.instancesSent) +
                              " of " + std::to_string(instances_.size()) + " instances",
                            clock_.NowMs());
      if (pacer_)
      {
        pacer_->Failed();
      }
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
    const int64_t now = clock_.NowMs();
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
    transfer_.FailForGood(error, clock_.NowMs());
    Save(true);
    if (pacer_)
    {
      pacer_->Failed();
    }
    Log::Error("Transfer " + std::to_string(transfer_.id) + " failed: caller " + transfer_.caller +
               ", destination " + transfer_.destinationAet + ": " + error);
  }

  bool MoveDriver::Reconnect(const std::string& error)
  {
    if (reconnects_ >= MAX_RECONNECTS)
    {
      return false;
    }
    reconnects_++;
    // One Timeout for all the reconnects of a C-MOVE: a peer that stays away fails it within
    // its Timeout, as stock Orthanc's C-MOVE would.
    if (reconnectDeadlineMs_ == 0)
    {
      reconnectDeadlineMs_ = clock_.SteadyMs() + int64_t{1000} * sender_->Timeout();
    }
    const std::string where = "association lost at instance " + std::to_string(next_) + " of " +
                              std::to_string(instances_.size()) + " (" + error + ")";
    for (;;)
    {
      try
      {
        sender_->Open();
        transfer_.Reconnected(where + "; opened again, resumed at instance " +
                              std::to_string(next_));
        Save(true);
        Log::Warning("Transfer " + std::to_string(transfer_.id) + ": " + where +
                     "; opened again (" + std::to_string(reconnects_) + " of " +
                     std::to_string(MAX_RECONNECTS) + ")");
        return true;
      }
      catch (const DicomNetworkError&)
      {
        if (clock_.SteadyMs() >= reconnectDeadlineMs_)
        {
          return false;
        }
        clock_.SleepMs(250); // the peer may be back
      }
    }
  }

  bool MoveDriver::Open()
  {
    if (instances_.empty() || transfer_.State() != TransferState::Running)
    {
      return true;
    }
    try
    {
      sender_->Open();
    }
    catch (const DicomNetworkError& e)
    {
      Fail(e.what());
      return false;
    }
    // The first instance goes out before the C-MOVE's first answer: when it cannot be
    // delivered, the C-MOVE is refused with nothing counted (0xC000), as stock Orthanc answers.
    if (!SendNext())
    {
      return false;
    }
    firstSent_ = true;
    return true;
  }

  void MoveDriver::Finish()
  {
    sender_->Done(); // kept for the next C-MOVE to the same destination, or released
    if (pacer_)
    {
      pacer_->Finish();
    }
    transfer_.Succeed(clock_.NowMs());
  }

  bool MoveDriver::SendNext()
  {
    InstanceFile file;
    try
    {
      StepTimer read(clock_);
      file = reader_->Take(next_++);
      if (steps_ != nullptr)
      {
        steps_->Add(MoveStep::Read, read.Lap()); // what was left to wait for
      }
    }
    catch (const std::exception& e)
    {
      transfer_.InstanceFailed();
      Fail(e.what());
      return false;
    }
    for (;;)
    {
      try
      {
        const PacedSend sent = SendPaced(*sender_, pacer_.get(), file, clock_);
        transfer_.Sent(sent.bytes);
        if (steps_ != nullptr)
        {
          steps_->Add(MoveStep::Store, sent.storeMicros);
        }
        return true;
      }
      catch (const DicomTimeoutError& e)
      {
        // A silent peer may have stored the instance: it is not sent again.
        transfer_.InstanceFailed();
        Fail(e.what());
        return false;
      }
      catch (const DicomNetworkError& e)
      {
        if (!Reconnect(e.what()))
        {
          transfer_.InstanceFailed();
          Fail(e.what());
          return false;
        }
      }
      catch (const std::exception& e)
      {
        transfer_.InstanceFailed();
        Fail(e.what());
        return false;
      }
    }
  }

  bool MoveDriver::Apply()
  {
    if (firstSent_)
    {
      firstSent_ = false; // Open() sent it: this sub-operation reports it
    }
    else if (transfer_.State() != TransferState::Running || next_ >= instances_.size() ||
             !SendNext())
    {
      return false;
    }
    if (next_ == instances_.size())
    {
      StepTimer timer(clock_);
      Finish();
      Save(true);
      if (steps_ != nullptr)
      {
        steps_->Add(MoveStep::Finish, timer.Lap());
      }
      return true;
    }
    Save(false);
    return true;
  }
} // namespace XnatDqr
