#include "Core/ReceiverRegistry.h"

#include "Core/Errors.h"
#include "Core/ModalityEntries.h"
#include "Core/ReceiverRules.h"

#include <map>

namespace XnatDqr
{
  ReceiverRegistry::ReceiverRegistry(RegistryStore& store, ModalityGateway& modalities,
                                     const AetSettings& aets)
      : store_(store), modalities_(modalities), aets_(aets)
  {
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
      CheckNoConflict(receiver, kept, aets_);
      kept.push_back(receiver);
    }
    store_.ReplaceConfigurationReceivers(fromConfiguration);
  }

  std::vector<std::string> ReceiverRegistry::SyncModalities()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return Sync();
  }

  std::vector<Receiver> ReceiverRegistry::List()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return store_.ListReceivers();
  }

  size_t ReceiverRegistry::Count()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return store_.ListReceivers().size();
  }

  Receiver ReceiverRegistry::Get(const std::string& id)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    return GetLocked(id);
  }

  Receiver ReceiverRegistry::GetLocked(const std::string& id)
  {
    std::optional<Receiver> receiver = store_.FindReceiver(id);
    if (!receiver)
    {
      throw NotFoundError("There is no Receiver \"" + id + "\"");
    }
    return *receiver;
  }

  void ReceiverRegistry::CheckChangeable(const std::string& id)
  {
    std::optional<Receiver> existing = store_.FindReceiver(id);
    if (existing && existing->source == ReceiverSource::Configuration)
    {
      throw ForbiddenError("Receiver \"" + id +
                           "\" comes from Orthanc's configuration file "
                           "(XnatDqr.Receivers): edit the file and restart Orthanc to change it");
    }
  }

  void ReceiverRegistry::CheckNoForeignModality(const Receiver& receiver)
  {
    const std::map<std::string, Json::Value> current = modalities_.List();
    const std::set<std::string> owned = store_.ListOwnedModalities();
    for (const auto& entry : ModalityEntriesFor(receiver, aets_.strictAetComparison))
    {
      if (current.count(entry.first) > 0 && owned.count(entry.first) == 0)
      {
        throw ConflictError(entry.first, "Orthanc already has a modality \"" + entry.first +
                                           "\" that this plugin does not manage; choose "
                                           "another Id for the Receiver");
      }
    }
  }

  bool ReceiverRegistry::SaveLocked(const Receiver& receiver)
  {
    CheckChangeable(receiver.id);
    CheckPacsAet(receiver, aets_);
    CheckNoConflict(receiver, store_.ListReceivers(), aets_);
    CheckNoForeignModality(receiver);
    const std::optional<Receiver> previous = store_.FindReceiver(receiver.id);
    store_.SaveReceiver(receiver);
    try
    {
      Sync();
    }
    catch (...)
    {
      // Put back what was there, so that a failed change changes nothing.
      previous ? store_.SaveReceiver(*previous) : store_.DeleteReceiver(receiver.id);
      Sync();
      throw;
    }
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
                          "Receiver \"" + receiver.id + "\" already exists; use PUT to replace it");
    }
    SaveLocked(receiver);
  }

  void ReceiverRegistry::Remove(const std::string& id)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    GetLocked(id);
    CheckChangeable(id);
    store_.DeleteReceiver(id);
    Sync();
  }

  std::vector<KnownModality> ReceiverRegistry::ForeignModalities()
  {
    std::lock_guard<std::mutex> lock(mutex_);
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
      modality.aet = definition["AET"].asString();
      modality.host = definition["Host"].asString();
      modality.port = static_cast<uint16_t>(definition["Port"].asUInt());
      modality.timeout = definition["Timeout"].isUInt() ? definition["Timeout"].asUInt() : 0;
      result.push_back(modality);
    }
    return result;
  }

  std::vector<std::string> ReceiverRegistry::Sync()
  {
    std::map<std::string, Json::Value> wanted;
    for (const Receiver& receiver : store_.ListReceivers())
    {
      for (auto& entry : ModalityEntriesFor(receiver, aets_.strictAetComparison))
      {
        wanted.insert(entry);
      }
    }
    const std::map<std::string, Json::Value> current = modalities_.List();
    std::set<std::string> owned = store_.ListOwnedModalities();

    std::vector<std::string> problems;
    std::set<std::string> toOwn;
    for (const auto& entry : wanted)
    {
      if (current.count(entry.first) > 0 && owned.count(entry.first) == 0)
      {
        problems.push_back("Orthanc modality \"" + entry.first +
                           "\" exists and is not managed by this plugin; left untouched");
      }
      else
      {
        toOwn.insert(entry.first);
      }
    }
    // Recorded before Orthanc is changed, so that a crash in between leaves nothing unowned.
    store_.AddOwnedModalities(toOwn);
    for (const std::string& name : toOwn)
    {
      auto found = current.find(name);
      if (found == current.end() || !ModalityEntryMatches(found->second, wanted[name]))
      {
        modalities_.Put(name, wanted[name]);
      }
    }
    std::set<std::string> stale;
    for (const std::string& name : owned)
    {
      if (toOwn.count(name) == 0)
      {
        modalities_.Remove(name);
        stale.insert(name);
      }
    }
    store_.ForgetOwnedModalities(stale);
    return problems;
  }
} // namespace XnatDqr
