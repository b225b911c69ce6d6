#pragma once

#include "Core/Observability/MoveSteps.h"
#include "Core/Pacing/Threads.h"
#include "Core/Transfers/Transfer.h"
#include "Core/Transfers/TransferStore.h"
#include "Dicom/InstanceReader.h"
#include "Dicom/InstanceSender.h"
#include "Dicom/SendPaced.h"

#include <memory>
#include <string>
#include <vector>

namespace XnatDqr
{
  // One C-MOVE being served at once: each Apply() is one sub-operation, one paced C-STORE over
  // a single association that the driver opens before the first and releases after the last.
  class MoveDriver
  {
  public:
    // The store is not owned. The Transfer must already be stored (it has an id). lease (may
    // be null) is the Receiver's thread, held until the driver is destroyed; pacer may be null
    // for a destination without throttling (a plain Orthanc modality).
    MoveDriver(TransferStore& store, Clock& clock, Transfer transfer,
               std::unique_ptr<InstanceSender> sender, std::vector<std::string> instances,
               std::unique_ptr<TransferPacer> pacer, std::unique_ptr<ThreadLease> lease,
               MoveStepTimes* steps = nullptr);
    ~MoveDriver(); // a Transfer still Running here was cut short: it is marked Failed

    size_t Size() const { return instances_.size(); }
    // While the driver lives, the Transfer's lease is renewed (LocalRuns).
    void Track(std::unique_ptr<LocalRun> run) { run_ = std::move(run); }

    // A C-MOVE refused with a status XNAT retries: one sub-operation that fails (0xB000).
    static MoveDriver* Refusal(TransferStore& store, Clock& clock, const Transfer& failed,
                               std::unique_ptr<InstanceSender> sender);

    // Opens the association and sends the first instance before the C-MOVE answers, so that
    // an unreachable destination, or a first instance it cannot take, refuses the C-MOVE with
    // nothing counted. False: the Transfer is Failed and logged.
    bool Open();

    // Sends the next instance. Returns false, with the Transfer marked Failed, when it could
    // not be delivered: Orthanc 1.10.1 then ends the whole C-MOVE.
    bool Apply();

    // A lost association is opened again this often per C-MOVE, all within the destination's
    // Timeout, before the C-MOVE fails: one dropped connection must not fail a whole series.
    static constexpr int MAX_RECONNECTS = 3;

  private:
    bool Reconnect(const std::string& error);
    bool SendNext(); // false: the Transfer is Failed
    void Fail(const std::string& error);
    void Save(bool force);
    void Finish();

    TransferStore& store_;
    Clock& clock_;
    Transfer transfer_;
    std::unique_ptr<InstanceSender> sender_;
    std::vector<std::string> instances_;
    std::unique_ptr<TransferPacer> pacer_;
    std::unique_ptr<ThreadLease> lease_;
    std::unique_ptr<LocalRun> run_;
    MoveStepTimes* steps_;                   // may be null
    std::unique_ptr<InstanceReader> reader_; // the files, one read ahead
    size_t next_ = 0;
    int reconnects_ = 0;
    int64_t reconnectDeadlineMs_ = 0; // steady; set at the first reconnect
    bool firstSent_ = false;          // Open() sent instance 0; the first Apply() reports it
    int64_t lastSaveMs_ = 0;
  };
} // namespace XnatDqr
