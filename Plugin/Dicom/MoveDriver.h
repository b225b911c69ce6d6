#pragma once

#include "Core/Transfer.h"
#include "Core/TransferStore.h"
#include "Dicom/MoveMatcher.h"
#include "Dicom/StoreAssociation.h"

#include <map>
#include <memory>
#include <set>
#include <vector>

namespace XnatDqr
{
  // One C-MOVE being served: each Apply() is one sub-operation, one C-STORE over a single
  // association that the driver opens on the first one and releases after the last.
  class MoveDriver
  {
  public:
    // The store is not owned. The Transfer must already be stored (it has an id).
    MoveDriver(TransferStore& store, Transfer transfer, StoreEndpoint endpoint,
               std::vector<InstanceToSend> instances);
    ~MoveDriver(); // a Transfer still Running here was cut short: it is marked Failed

    size_t Size() const { return instances_.size(); }

    // Opens the association, before the C-MOVE answers its first sub-operation, so that an
    // unreachable destination fails the C-MOVE with nothing counted. Throws DicomNetworkError,
    // with the Transfer marked Failed.
    void Open();

    // Sends the next instance. Returns false, with the Transfer marked Failed, when it could
    // not be delivered: Orthanc 1.10.1 then ends the whole C-MOVE.
    bool Apply();

  private:
    void Fail(const std::string& error);
    void Save(bool force);
    void Connect();
    // Returns the peer's status; fills the sent file's size and SOP Instance UID.
    uint16_t Send(const InstanceToSend& instance, uint64_t& size, std::string& sopInstanceUid);

    TransferStore& store_;
    Transfer transfer_;
    StoreEndpoint endpoint_;
    std::vector<InstanceToSend> instances_;
    size_t next_ = 0;
    std::unique_ptr<StoreAssociation> association_;
    std::map<std::string, std::set<std::string>> syntaxes_; // proposed, by SOP Class
    int64_t lastSaveMs_ = 0;
  };
} // namespace XnatDqr
