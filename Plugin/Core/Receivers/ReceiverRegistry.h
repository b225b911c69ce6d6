#pragma once

#include "Core/Receivers/KnownModality.h"
#include "Core/Receivers/ModalityGateway.h"
#include "Core/Receivers/ModalitySync.h"
#include "Core/Receivers/Receiver.h"
#include "Core/Receivers/ReceiverRules.h"
#include "Core/Receivers/RegistryStore.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace XnatDqr
{
  // The Receivers, validated against each other, persisted, and mirrored into Orthanc's
  // DicomModalities. A refused change leaves the store and the modalities as they were.
  // Changes are serialized; reads (List, Get, the C-MOVE path) use an in-memory snapshot of
  // the committed Receivers and never wait for a change in progress.
  class ReceiverRegistry
  {
  public:
    // How long Orthanc's own modalities (the C-MOVE fallback) are kept in memory before they
    // are read again.
    static constexpr int64_t FOREIGN_MODALITIES_TTL_MS = 5000;

    // References are not owned and must outlive the registry.
    ReceiverRegistry(RegistryStore& store, ModalityGateway& modalities, const AetSettings& aets);

    // At plugin start, before Orthanc serves: stores the configuration's Receivers (a conflict
    // among them or with an Api Receiver throws ConflictError). Touches no modality.
    void Install(const std::vector<Receiver>& fromConfiguration);

    // Makes Orthanc's modalities match the Receivers: creates and updates the entries this
    // plugin owns, removes stale ones, never touches another. Returns one message per entry
    // left alone because a foreign modality has its name, for the log.
    std::vector<std::string> SyncModalities();

    std::shared_ptr<const std::vector<Receiver>> Snapshot() const;
    std::vector<Receiver> List() const { return *Snapshot(); }
    Receiver Get(const std::string& id) const; // NotFoundError
    size_t Count() const { return Snapshot()->size(); }

    // Creates or replaces an Api Receiver; returns true when it was created. Throws
    // ForbiddenError (Configuration Receiver), ConflictError (other Receiver, foreign modality).
    // Touches only this Receiver's modality entries.
    bool Save(const Receiver& receiver);
    // Creates only; ConflictError when the Id exists.
    void Create(const Receiver& receiver);
    void Remove(const std::string& id);

    // Another Orthanc sharing the store changed the Receivers (RegistryVersion grew): the
    // snapshot and this Orthanc's DicomModalities follow, for the Receivers that differ only.
    // Returns one message per entry that could not be synced, for the log; cheap when nothing
    // changed (one read of the version).
    std::vector<std::string> Refresh();

    // Orthanc's modalities that the plugin does not manage, in Orthanc's order: the C-MOVE
    // fallback for destinations that are not Receivers. Read from Orthanc at most every
    // FOREIGN_MODALITIES_TTL_MS, and at once when fresh is true (an unknown destination).
    std::vector<KnownModality> ForeignModalities(int64_t nowMs, bool fresh = false);

    // False: only Receivers are reachable through C-MOVE ("XnatDqr.FallbackToModalities");
    // Routing reads it (RouteMove).
    void SetFallbackToModalities(bool fallback) { fallbackToModalities_ = fallback; }
    bool IsFallbackToModalities() const { return fallbackToModalities_; }

    // Called after every committed change (the queue looks again); set once at start.
    void SetOnChange(std::function<void()> onChange) { onChange_ = std::move(onChange); }

    bool IsStrictAetComparison() const { return aets_.strictAetComparison; }
    const AetSettings& GetAetSettings() const { return aets_; }

  private:
    void CheckChangeable(const std::string& id) const;
    bool SaveLocked(const Receiver& receiver);
    void Publish(); // the store's Receivers become the snapshot
    // One Receiver changed (none: removed); the snapshot stays sorted by Id, as the store.
    void PublishOne(const std::string& id, const std::optional<Receiver>& receiver);

    RegistryStore& store_;
    ModalityGateway& modalities_;
    AetSettings aets_;
    ModalitySync sync_;
    std::mutex mutex_; // serializes changes
    std::function<void()> onChange_;
    bool fallbackToModalities_ = true;

    int64_t knownVersion_ = 0; // the store's RegistryVersion the snapshot was read at; under mutex_

    mutable std::mutex snapshotMutex_;
    std::shared_ptr<const std::vector<Receiver>> snapshot_;

    std::mutex foreignMutex_;
    std::vector<KnownModality> foreign_;
    int64_t foreignReadMs_ = -1; // never
  };
} // namespace XnatDqr
