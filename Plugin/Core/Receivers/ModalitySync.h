#pragma once

#include "Core/Receivers/ModalityGateway.h"
#include "Core/Receivers/Receiver.h"
#include "Core/Receivers/RegistryStore.h"

#include <optional>
#include <string>
#include <vector>

namespace XnatDqr
{
  // Keeps Orthanc's DicomModalities in step with the Receivers: the entries this plugin owns
  // (recorded in the store) are created, updated and removed; another entry is never touched.
  // Not thread-safe: the registry calls it under its lock.
  class ModalitySync
  {
  public:
    // References are not owned.
    ModalitySync(RegistryStore& store, ModalityGateway& modalities, bool strictAetComparison);

    // Every Receiver at once (at start): one listing of Orthanc's modalities, a Put for each
    // entry that differs, a Remove for each stale owned entry. Returns one message per entry
    // left alone because a foreign modality has its name.
    std::vector<std::string> SyncAll(const std::vector<Receiver>& receivers);

    // One Receiver after it changed (none: it was removed): touches its own entries only, so
    // the cost does not grow with the number of Receivers. written: what Orthanc's entries were
    // last written from (the Receiver before the change); an entry it already gives as wanted is
    // not written again (Orthanc's PUT /modalities costs time in proportion to all its entries),
    // none: every entry is written.
    void SyncOne(const std::string& receiverId, const std::optional<Receiver>& receiver,
                 const std::optional<Receiver>& written = std::nullopt);

    // ConflictError when Orthanc has a modality with one of the Receiver's entry names that
    // this plugin does not own.
    void CheckNoForeign(const Receiver& receiver);

  private:
    RegistryStore& store_;
    ModalityGateway& modalities_;
    bool strict_;
  };
} // namespace XnatDqr
