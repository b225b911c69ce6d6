#pragma once

#include "Core/Receivers/Receiver.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace XnatDqr
{
  // Persistence of the Receivers registry. Every method is one transaction. Implemented on
  // SQLite (Store/SqliteStore); a server database can implement it without touching the routes.
  class RegistryStore
  {
  public:
    virtual ~RegistryStore() = default;

    virtual std::vector<Receiver> ListReceivers() = 0; // ordered by Id
    virtual std::optional<Receiver> FindReceiver(const std::string& id) = 0;
    virtual void SaveReceiver(const Receiver& receiver) = 0; // insert or replace
    virtual void DeleteReceiver(const std::string& id) = 0;
    // Drops every Configuration Receiver and stores these (replacing Api ones of the same Id).
    virtual void ReplaceConfigurationReceivers(const std::vector<Receiver>& receivers) = 0;
    // Grows with every committed change to the Receivers, by any Orthanc sharing the store: a
    // cheap question for "did another instance change them?".
    virtual int64_t RegistryVersion() = 0;

    // The modalities this plugin created in this Orthanc and must clean up; nothing else is
    // touched.
    virtual std::set<std::string> ListOwnedModalities() = 0;
    // Those of one Receiver: "<Id>" and "<Id>_caller-<n>".
    virtual std::set<std::string> ListOwnedModalitiesOf(const std::string& receiverId) = 0;
    virtual void AddOwnedModalities(const std::set<std::string>& names) = 0;
    virtual void ForgetOwnedModalities(const std::set<std::string>& names) = 0;
  };
} // namespace XnatDqr
