#pragma once

#include <cstdint>
#include <mutex>
#include <string>

namespace XnatDqr
{
  // A bandwidth timeline that several Orthancs sharing one database reserve on together, so
  // that a cap is a total: the same arithmetic as TokenBucket, kept in the database by key.
  class SharedBandwidth
  {
  public:
    virtual ~SharedBandwidth() = default;
    virtual int64_t ReserveBandwidth(const std::string& key, uint64_t bytes,
                                     double megabytesPerSecond, int64_t nowMs) = 0;
  };

  // A bandwidth cap. Each send reserves its bytes on a virtual timeline running at the rate;
  // the caller waits until its reservation starts. Thread-safe; time is passed in.
  class TokenBucket
  {
  public:
    // Milliseconds to wait before sending these bytes at this rate (MB/s, 0: no cap).
    int64_t Reserve(uint64_t bytes, double megabytesPerSecond, int64_t nowMs);
    // The timeline is the database's, under this key (not owned; set before the first use).
    void SetShared(SharedBandwidth* shared, std::string key)
    {
      shared_ = shared;
      key_ = std::move(key);
    }

  private:
    std::mutex mutex_;
    double availableMs_ = 0; // when the timeline is free again
    SharedBandwidth* shared_ = nullptr;
    std::string key_;
  };

  // The duty cycle: after a batch that kept the link busy for busyMs, stay idle
  // busyMs x (100 / utilization - 1), so that busy / (busy + idle) = utilization %.
  int64_t IdleAfter(int64_t busyMs, uint32_t utilization);
} // namespace XnatDqr
