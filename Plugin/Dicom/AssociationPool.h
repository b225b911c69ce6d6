#pragma once

#include "Dicom/StoreAssociation.h"

#include "Core/Common/Clock.h"

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace XnatDqr
{
  // Associations kept open for a short idle time after a C-MOVE or a Transfer, so that the next
  // one to the same destination skips the TCP connection and the negotiation: XNAT DQR sends a
  // request's series as consecutive C-MOVEs. Kept per owner (a Receiver, or an Orthanc
  // modality), never shared between owners, and used by one sender at a time.
  //
  // The open associations to an owner never outnumber the senders it had at once: a sender
  // that finds no kept association it can use releases one before it opens its own. A thread
  // of our own releases the associations idle for longer than the idle time.
  class AssociationPool
  {
  public:
    using Syntaxes = std::map<std::string, std::set<std::string>>;

    AssociationPool(Clock& clock, int64_t idleMs); // idleMs 0: keep none
    ~AssociationPool();                            // releases them all
    AssociationPool(const AssociationPool&) = delete;
    AssociationPool& operator=(const AssociationPool&) = delete;

    // A kept association of owner to endpoint that proposed at least these SOP Classes and
    // syntaxes, and that the peer has not closed; null if there is none.
    std::unique_ptr<StoreAssociation> Take(const std::string& owner, const StoreEndpoint& endpoint,
                                           const Syntaxes& needed);
    // Keeps an association that is alive, as owner's; releases it instead while another sender
    // is opening one to the same owner, since a receiver that serves one association at a time
    // would make that sender wait for this one to expire.
    void Keep(const std::string& owner, std::unique_ptr<StoreAssociation> association);

    // A new association to owner, opened while the guard lives (throws what it throws).
    std::unique_ptr<StoreAssociation> Open(const std::string& owner, const StoreEndpoint& endpoint,
                                           const Syntaxes& syntaxes);

    size_t Kept(); // how many are open and idle now
    void Clear();  // releases them all now (Orthanc stops)

  private:
    struct Idle
    {
      std::unique_ptr<StoreAssociation> association;
      int64_t untilMs; // steady
    };
    void Reap();

    Clock& clock_;
    const int64_t idleMs_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::string, std::vector<Idle>> kept_;
    std::map<std::string, int> opening_; // senders opening an association, per owner
    bool stopping_ = false;
    std::thread reaper_;
  };
} // namespace XnatDqr
