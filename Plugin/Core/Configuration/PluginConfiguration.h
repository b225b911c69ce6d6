#pragma once

#include "Core/Configuration/DatabaseSettings.h"
#include "Core/Receivers/Receiver.h"
#include "Core/Schedules/Schedule.h"

#include <json/value.h>
#include <string>
#include <vector>

namespace XnatDqr
{
  // The "XnatDqr" section of Orthanc's configuration. Empty strings mean "the default", which
  // the plugin resolves at start (ResolveDefaults) so that /xnat-dqr/status shows real values.
  struct PluginConfiguration
  {
    // Set TCP_NODELAY=1 before Orthanc's DICOM server starts: Debian's DCMTK reads it for
    // every association, and loopback transfers are ~100x slower without it.
    bool tcpNoDelay = true;

    PluginConfiguration();
    std::string databasePath;            // SQLite; default: xnat-dqr.db in Orthanc's IndexDirectory
    DatabaseSettings database;           // "Database": the backend (SQLite or PostgreSQL)
    uint32_t leaseSeconds = 20;          // PostgreSQL: a Running Transfer of an Orthanc that
                                         // stopped renewing it is queued again after this
    std::string instanceId;              // this Orthanc among those sharing a PostgreSQL
                                         // database; default: "<host name>:<DicomPort>"
    std::string publicHost;              // default: this machine's host name
    bool publicHostIsDefault = false;    // PublicHost was not set
    std::vector<Receiver> receivers;     // "Receivers": {"<Id>": {...}}, read-only through REST
    std::optional<Schedule> schedule;    // the global schedule; read-only through REST when set
    Window defaults;                     // "Threads", "Utilization", "MaxMBps" for Receivers
                                         // without a Schedule (always open)
    uint32_t moveWaitSeconds = 30;       // a C-MOVE waits this long for a free thread
    uint32_t keepAssociationSeconds = 2; // an association stays open this long after its
                                         // C-MOVE or Transfer, for the next one to the same
                                         // destination; 0: released at once
    uint32_t maxAttempts = 5;            // a queued Transfer is tried this often
    uint32_t retryDelaySeconds = 60;     // first retry delay, doubled each attempt
    bool fallbackToModalities = true;    // a C-MOVE to a non-Receiver goes to Orthanc's modality
    bool guardHttpIdentities = true;     // a Receiver's HttpUsers / HttpAddresses are refused
                                         // Orthanc's own DICOMweb root and bulk downloads

    // Parses the section (null or absent means all defaults). Throws ValidationError naming
    // the key (e.g. "XnatDqr.TcpNoDelay", "XnatDqr.Receivers.xnat-a.AET") on an unknown key, a
    // wrong type or an invalid Receiver.
    static PluginConfiguration Parse(const Json::Value& section);

    void ResolveDefaults(const std::string& indexDirectory, const std::string& hostName,
                         uint16_t dicomPort = 4242);

    Json::Value ToJson() const;
  };
} // namespace XnatDqr
