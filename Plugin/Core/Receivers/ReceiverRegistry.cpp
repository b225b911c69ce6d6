#include "Core/Receivers/ReceiverRegistry.h"

#include "Core/Common/Errors.h"

#include <algorithm>
#include <map>
#include <set>

namespace XnatDqr
{
  ReceiverRegistry::ReceiverRegistry(RegistryStore& store, ModalityGateway& modalities,
                                     const AetSettings& aets)
      : store_(store), modalities_(modalities), aets_(aets),
        sync_(store, modalities, aets.strictAetComparison), knownVersion_(store.RegistryVersion()),
        snapshot_(std::make_shared<const std::vector<Receiver>>(store.ListReceivers()))
  {
  }

  std::vector<std::string> ReceiverRegistry::Refresh()
  {
    std::vector<std::string> problems;
    std::lock_guard<std::mutex> lock(mutex_);
    const int64_t version = store_.RegistryVersion();
    if (version == knownVersion_)
    {
      return problems;
    }
    std::vector<Receiver> current = store_.ListReceivers();
    std::map<std::string, Json::Value> before;
    for (const Receiver& receiver : *Snapshot())
    {
      before[receiver.id] = receiver.ToJson();
    }
    bool changed = false;
    const auto sync = [&](const std::string& id, const std::optional<Receiver>& receiver)
    {
      changed = true;
      try
      {
        sync_.SyncOne(id, receiver);
      }
      catch (const std::exception& e)
      {
        problems.push_back("Receiver \"" + id + "\" changed on another Orthanc; " +
                           "this Orthanc's DicomModalities could not follow: " + e.what());
      }
    };
    for (const Receiver& receiver : current)
    {
      const auto found = before.find(receiver.id);
      if (found == before.end() || found->second != receiver.ToJson())
      {
        sync(receiver.id, receiver);
      }
      if (found != before.end())
      {
        before.erase(found);
      }
    }
    for (const auto& [id, gone] : before)
    {
      sync(id, std::nullopt);
    }
    knownVersion_ = version;
    if (changed)
    {
      {
        std::lock_guard<std::mutex> snapshotLock(snapshotMutex_);
        snapshot_ = std::make_shared<const std::vector<Receiver>>(std::move(current));
      }
      if (onChange_)
      {
        onChange_();
      }
    }
    return problems;
  }

  void ReceiverRegistry::Publish()
  {
    auto snapshot = std::make_shared<const std::vector<Receiver>>(store_.ListReceivers());
    {
      std::lock_guard<std::mutex> lock(snapshotMutex_);
      snapshot_ = std::move(snapshot);
    }
    if (onChange_)
    {
      onChange_();
    }
  }

  void ReceiverRegistry::PublishOne(const std::string& id, const std::optional<Receiver>& receiver)
  {
    // A copy with one Receiver replaced: no re-reading of every Receiver for one change.
    auto next = std::make_shared<std::vector<Receiver>>(*Snapshot());
    auto at =
      std::lower_bound(next->begin(), next->end(), id,
                       [](const Receiver& r, const std::string& key) { return r.id < key; });
    const bool present = at != next->end() && at->id == id;
    if (receiver)
    {
      present ? (void)(*at = *receiver) : (void)next->insert(at, *receiver);
    }
    else if (present)
    {
      next->erase(at);
    }
    {
      std::lock_guard<std::mutex> lock(snapshotMutex_);
      snapshot_ = std::move(next);
    }
    if (onChange_)
    {
      onChange_();
    }
  }

  std::shared_ptr<const std::vector<Receiver>> ReceiverRegistry::Snapshot() const
  {
    std::lock_guard<std::mutex> lock(snapshotMutex_);
    return snapshot_;
  }

  void ReceiverRegistry::Install(const std::vector<Receiver>& fromConfiguration)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::set<std::string> configured;
    for (const Receiver& receiver : fromConfiguration)
    {
      configured.insert(receiver.id);
    }
    // A configuration Receiver replaces an Api one of the same Id: the file has the last word.
    std::vector<Receiver> kept;
    for (const Receiver& receiver : store_.ListReceivers())
    {
      if (receiver.source == ReceiverSource::Api && configured.count(receiver.id) == 0)
      {
        kept.push_back(receiver);
      }
    }
    for (const Receiver& receiver : fromConfiguration)
    {
      CheckPacsAet(receiver, aets_);
      CheckTls(receiver, aets_);
      CheckNoConflict(receiver, kept, aets_);
      kept.push_back(receiver);
    }
    store_.ReplaceConfigurationReceivers(fromConfiguration);
    Publish();
  }

  std::vector<std::string> ReceiverRegistry::SyncModalities()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Publish(); // from the store, as it is at start
    return sync_.SyncAll(*Snapshot());
  }

  Receiver ReceiverRegistry::Get(const std::string& id) const
  {
    for (const Receiver& receiver : *Snapshot())
    {
      if (receiver.id == id)
      {
        return receiver;
      }
    }
    throw NotFoundError("There is no Receiver \"" + id + "\"");
  }

  void ReceiverRegistry::CheckChangeable(const std::string& id) const
  {
    std::optional<Receiver> existing = store_.FindReceiver(id);
    if (existing && existing->source == ReceiverSource::Configuration)
    {
      throw ForbiddenError("Receiver \"" + id +
                           "\" comes from Orthanc's configuration file "
                           "(XnatDqr.Receivers): edit the file and restart Orthanc to change it");
    }
  }

  bool ReceiverRegistry::SaveLocked(const Receiver& receiver)
  {
    CheckChangeable(receiver.id);
    CheckPacsAet(receiver, aets_);
    CheckTls(receiver, aets_);
    CheckNoConflict(receiver, *Snapshot(), aets_);
    sync_.CheckNoForeign(receiver);
    const std::optional<Receiver> previous = store_.FindReceiver(receiver.id);
    store_.SaveReceiver(receiver);
    try
    {
      sync_.SyncOne(receiver.id, receiver, previous);
    }
    catch (...)
    {
      // Put back what was there, so that a failed change changes nothing.
      previous ? store_.SaveReceiver(*previous) : store_.DeleteReceiver(receiver.id);
      sync_.SyncOne(receiver.id, previous);
      throw;
    }
    PublishOne(receiver.id, receiver);
    return !previous.has_value();
  }

  bool ReceiverRegistry::Save(const Receiver& receiver)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return SaveLocked(receiver);
  }

  void ReceiverRegistry::Create(const Receiver& receiver)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (store_.FindReceiver(receiver.id))
    {
      throw ConflictError(receiver.id,
                          "Receiver \"" + receiver.id + "\" already exists; use PUT to replace it")
        .ForField("Id");
    }
    SaveLocked(receiver);
  }

  void ReceiverRegistry::Remove(const std::string& id)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!store_.FindReceiver(id))
    {
      throw NotFoundError("There is no Receiver \"" + id + "\"");
    }
    CheckChangeable(id);
    store_.DeleteReceiver(id);
    sync_.SyncOne(id, std::nullopt);
    PublishOne(id, std::nullopt);
  }

  std::vector<KnownModality> ReceiverRegistry::ForeignModalities(int64_t nowMs, bool fresh)
  {
    {
      std::lock_guard<std::mutex> lock(foreignMutex_);
      if (!fresh && foreignReadMs_ >= 0 && nowMs - foreignReadMs_ < FOREIGN_MODALITIES_TTL_MS)
      {
        return foreign_;
      }
    }
    // Read outside every lock: a C-MOVE never waits on Orthanc's REST API behind another one.
    const std::set<std::string> owned = store_.ListOwnedModalities();
    std::vector<KnownModality> result;
    for (const auto& entry : modalities_.List()) // sorted by name, as Orthanc iterates
    {
      const Json::Value& definition = entry.second;
      if (owned.count(entry.first) > 0 || !definition["AET"].isString())
      {
        continue;
      }
      KnownModality modality;
      modality.name = entry.first;
      modality.destination = StoreDestination::FromModality(definition);
      result.push_back(modality);
    }
    std::lock_guard<std::mutex> lock(foreignMutex_);
    foreign_ = result;
    foreignReadMs_ = nowMs;
    return result;
  }
} // namespace XnatDqr
