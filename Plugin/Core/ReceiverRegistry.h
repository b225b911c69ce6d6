#pragma once

#include "Core/ModalityGateway.h"
#include "Core/MoveRouter.h"
#include "Core/Receiver.h"
#include "Core/ReceiverRules.h"
#include "Core/RegistryStore.h"

#include <mutex>
#include <string>
#include <vector>

namespace XnatDqr
{
  // The Receivers, validated against each other, persisted, and mirrored into Orthanc's
  // DicomModalities. A refused change leaves the store and the modalities as they were.
  class ReceiverRegistry
  {
  public:
    // References are not owned and must outlive the registry.
    ReceiverRegistry(RegistryStore& store, ModalityGateway& modalities, const AetSettings& aets);

    // At plugin start, before Orthanc serves: stores the configuration's Receivers (a conflict
    // among them or with an Api Receiver throws ConflictError). Touches no modality.
    void Install(const std::vector<Receiver>& fromConfiguration);

    // Makes Orthanc's modalities match the Receivers: creates and updates the entries this
    // plugin owns, removes stale ones, never touches another. Returns one message per entry
    // left alone because a foreign modality has its name, for the log.
    std::vector<std::string> SyncModalities();

    std::vector<Receiver> List();
    Receiver Get(const std::string& id); // NotFoundError
    size_t Count();

    // Creates or replaces an Api Receiver; returns true when it was created. Throws
    // ForbiddenError (Configuration Receiver), ConflictError (other Receiver, foreign modality).
    bool Save(const Receiver& receiver);
    // Creates only; ConflictError when the Id exists.
    void Create(const Receiver& receiver);
    void Remove(const std::string& id);

    // Orthanc's modalities that the plugin does not manage, in Orthanc's order: the C-MOVE
    // fallback for destinations that are not Receivers.
    std::vector<KnownModality> ForeignModalities();

    bool IsStrictAetComparison() const { return aets_.strictAetComparison; }
    const AetSettings& GetAetSettings() const { return aets_; }

  private:
    Receiver GetLocked(const std::string& id);
    void CheckChangeable(const std::string& id);
    void CheckNoForeignModality(const Receiver& receiver);
    bool SaveLocked(const Receiver& receiver);
    std::vector<std::string> Sync();

    RegistryStore& store_;
    ModalityGateway& modalities_;
    AetSettings aets_;
    std::mutex mutex_;
  };
} // namespace XnatDqr
