#pragma once

#include "Dicom/AssociationPool.h"
#include "Dicom/StoreAssociation.h"
#include "Orthanc/Sdk.h"

#include <json/value.h>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace XnatDqr
{
  // Sends Orthanc's instances over one association to one destination, with the Move
  // Originator set: opens another association for a SOP Class that was not proposed, and has
  // Orthanc's transcoder make a syntax the peer accepted, as Orthanc's own SCU does. Used by
  // the C-MOVE driver and by the queue alike.
  class InstanceSender
  {
  public:
    // syntaxesBySopClass: what to propose ({"<SOP Class>": ["<syntax>", ...]}).
    InstanceSender(const StoreEndpoint& endpoint, const Json::Value& syntaxesBySopClass,
                   const std::string& moveOriginatorAet, uint16_t moveOriginatorId);

    // Takes associations from the pool (not owned) and gives them back on Done(), as owner's.
    void KeepIn(AssociationPool* pool, const std::string& owner);

    void Open();                           // throws DicomNetworkError
    void Close() { association_.reset(); } // released (after a failure: nothing kept)
    void Done();                           // every instance sent: kept for the next one

    bool Reused() const { return reused_; } // the last Open() took a kept association

    // The DICOM file of an instance, from Orthanc's storage.
    static std::unique_ptr<Sdk::MemoryBuffer> Load(const std::string& orthancId);

    struct Sent
    {
      uint16_t status = 0;
      std::string sopInstanceUid;
    };

    // One C-STORE. Throws DicomNetworkError (association lost), std::runtime_error.
    Sent Store(const Sdk::MemoryBuffer& file);

    // The file transcoded as the peer needs it, by Orthanc's transcoder, judged from what the
    // last association opened accepted; null when it goes as it is (or the choice is left to
    // Store(), which checks again). Safe from another thread than the one that stores.
    std::unique_ptr<Sdk::MemoryBuffer> Prepare(const Sdk::MemoryBuffer& file);

    const std::string& CalledAet() const { return endpoint_.calledAet; }
    uint32_t Timeout() const { return endpoint_.timeout; }

  private:
    std::unique_ptr<Sdk::MemoryBuffer> TranscodeFor(const Sdk::MemoryBuffer& file,
                                                    const StoreAssociation::Result& result);
    void Opened(); // the association changed: what it accepted, for Prepare()

    StoreEndpoint endpoint_;
    std::map<std::string, std::set<std::string>> syntaxes_;
    std::string moveOriginatorAet_;
    uint16_t moveOriginatorId_;
    std::unique_ptr<StoreAssociation> association_;
    AssociationPool* pool_ = nullptr;
    std::string owner_;
    bool reused_ = false;
    bool storedOnIt_ = false; // a kept association has carried a C-STORE since it was taken
    std::mutex acceptedMutex_;
    std::map<std::string, std::set<std::string>> accepted_; // by the association now open
    bool transcoding_ = true; // some instance of the Transfer may need it (until Opened())
  };

  // DIMSE C-STORE statuses: 0x0000 success; 0xB000, 0xB006, 0xB007 warnings (stored).
  bool IsDelivered(uint16_t status);
  std::string StatusText(uint16_t status); // "0xA700"
} // namespace XnatDqr
