#pragma once

#include "Core/Common/Clock.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace XnatDqr
{
  // Threads counted across every Orthanc sharing one database, so that the caps are totals:
  // a taken thread is a leased row there. Thread-safe.
  class SharedThreads
  {
  public:
    virtual ~SharedThreads() = default;
    // A thread, if the Receiver has fewer than receiverCap taken by all Orthancs and all of
    // them fewer than totalCap (0: no total cap): its token; nullopt otherwise.
    virtual std::optional<int64_t> TakeThread(const std::string& receiverId, uint32_t receiverCap,
                                              uint32_t totalCap) = 0;
    virtual void ReturnThread(int64_t token) = 0;
  };

  // Concurrent Transfers, per Receiver and in total. Thread-safe.
  class Threads
  {
  public:
    explicit Threads(Clock& clock) : clock_(clock) {}
    // With several Orthancs on one database: every take also takes a shared thread (not owned;
    // set once at start). Without: the caps count this Orthanc only.
    void SetShared(SharedThreads* shared) { shared_ = shared; }
    // Takes a thread when the Receiver runs fewer than receiverCap and everybody fewer than
    // totalCap (0: no total cap).
    bool TryAcquire(const std::string& receiverId, uint32_t receiverCap, uint32_t totalCap);
    // The same, waiting up to timeoutMs for a thread to be released.
    bool Acquire(const std::string& receiverId, uint32_t receiverCap, uint32_t totalCap,
                 int64_t timeoutMs);
    void Release(const std::string& receiverId);
    // Called after every Release, outside the lock (the queue looks again); set once at start.
    void SetOnRelease(std::function<void()> onRelease) { onRelease_ = std::move(onRelease); }
    uint32_t Running(const std::string& receiverId);
    uint32_t Total();

  private:
    bool Free(const std::string& receiverId, uint32_t receiverCap, uint32_t totalCap) const;
    // Under mutex_, once Free: takes the thread (and the shared one); false when the other
    // Orthancs have them all.
    bool Take(const std::string& receiverId, uint32_t receiverCap, uint32_t totalCap);

    Clock& clock_;
    std::mutex mutex_;
    std::condition_variable released_;
    std::map<std::string, uint32_t> running_;
    uint32_t total_ = 0;
    std::function<void()> onRelease_;
    SharedThreads* shared_ = nullptr;
    std::map<std::string, std::vector<int64_t>> tokens_; // shared threads held, per Receiver
  };

  // The Transfers running in this Orthanc now: the ones whose leases it renews (a runner that
  // ended without writing its end, e.g. with the database away, lets its lease run out).
  // Thread-safe.
  class LocalRuns
  {
  public:
    void Add(int64_t id)
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ids_.insert(id);
    }
    void Remove(int64_t id)
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ids_.erase(id);
    }
    std::vector<int64_t> Ids()
    {
      std::lock_guard<std::mutex> lock(mutex_);
      return std::vector<int64_t>(ids_.begin(), ids_.end());
    }

  private:
    std::mutex mutex_;
    std::set<int64_t> ids_;
  };

  // One Transfer running here, while this lives.
  class LocalRun
  {
  public:
    LocalRun(LocalRuns& runs, int64_t id) : runs_(runs), id_(id) { runs_.Add(id_); }
    ~LocalRun() { runs_.Remove(id_); }
    LocalRun(const LocalRun&) = delete;
    LocalRun& operator=(const LocalRun&) = delete;

  private:
    LocalRuns& runs_;
    int64_t id_;
  };

  // A taken thread, released when destroyed.
  class ThreadLease
  {
  public:
    ThreadLease(Threads& threads, const std::string& receiverId)
        : threads_(threads), receiverId_(receiverId)
    {
    }
    ~ThreadLease() { threads_.Release(receiverId_); }
    ThreadLease(const ThreadLease&) = delete;
    ThreadLease& operator=(const ThreadLease&) = delete;

  private:
    Threads& threads_;
    std::string receiverId_;
  };
} // namespace XnatDqr
