#pragma once

#include "Core/Common/Clock.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace XnatDqr
{
  // A thread that runs one step every period until stopped (the registry's look at the shared
  // store, the leases), or after each delay that delay() gives (the history, on the minute).
  // The step's exceptions are the step's to catch.
  class Periodic
  {
  public:
    Periodic(Clock& clock, int64_t periodMs, std::function<void()> step)
        : clock_(clock), delayMs_([periodMs] { return periodMs; }), step_(std::move(step))
    {
    }
    Periodic(Clock& clock, std::function<int64_t()> delayMs, std::function<void()> step)
        : clock_(clock), delayMs_(std::move(delayMs)), step_(std::move(step))
    {
    }
    ~Periodic() { Stop(); }
    Periodic(const Periodic&) = delete;
    Periodic& operator=(const Periodic&) = delete;

    void Start();
    void Stop(); // idempotent; returns once a step in progress has ended

  private:
    Clock& clock_;
    std::function<int64_t()> delayMs_;
    std::function<void()> step_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
  };
} // namespace XnatDqr
