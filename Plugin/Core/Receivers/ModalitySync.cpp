#include "Core/Receivers/ModalitySync.h"

#include "Core/Common/Errors.h"
#include "Core/Receivers/ModalityEntries.h"

#include <map>
#include <set>

namespace XnatDqr
{
  ModalitySync::ModalitySync(RegistryStore& store, ModalityGateway& modalities,
                             bool strictAetComparison)
      : store_(store), modalities_(modalities), strict_(strictAetComparison)
  {
  }

  void ModalitySync::CheckNoForeign(const Receiver& receiver)
  {
    const std::set<std::string> owned = store_.ListOwnedModalitiesOf(receiver.id);
    for (const auto& entry : ModalityEntriesFor(receiver, strict_))
    {
      if (owned.count(entry.first) == 0 && modalities_.Exists(entry.first))
      {
        throw ConflictError(entry.first, "Orthanc already has a modality \"" + entry.first +
                                           "\" that this plugin does not manage; choose "
                                           "another Id for the Receiver");
      }
    }
  }

  void ModalitySync::SyncOne(const std::string& receiverId, const std::optional<Receiver>& receiver,
                             const std::optional<Receiver>& written)
  {
    std::map<std::string, Json::Value> wanted;
    if (receiver)
    {
      wanted = ModalityEntriesFor(*receiver, strict_);
    }
    std::map<std::string, Json::Value> already;
    if (written)
    {
      already = ModalityEntriesFor(*written, strict_);
    }
    std::set<std::string> names;
    for (const auto& entry : wanted)
    {
      names.insert(entry.first);
    }
    // Recorded before Orthanc is changed, so that a crash in between leaves nothing unowned.
    store_.AddOwnedModalities(names);
    for (const auto& entry : wanted)
    {
      auto same = already.find(entry.first);
      if (same == already.end() || same->second != entry.second)
      {
        modalities_.Put(entry.first, entry.second);
      }
    }
    std::set<std::string> stale;
    for (const std::string& name : store_.ListOwnedModalitiesOf(receiverId))
    {
      if (names.count(name) == 0)
      {
        modalities_.Remove(name);
        stale.insert(name);
      }
    }
    store_.ForgetOwnedModalities(stale);
  }

  std::vector<std::string> ModalitySync::SyncAll(const std::vector<Receiver>& receivers)
  {
    std::map<std::string, Json::Value> wanted;
    for (const Receiver& receiver : receivers)
    {
      for (auto& entry : ModalityEntriesFor(receiver, strict_))
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
