#pragma once

#include <chrono>
#include <condition_variable>
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
    Periodic(std::chrono::milliseconds period, std::function<void()> step)
        : delay_([period] { return period; }), step_(std::move(step))
    {
    }
    Periodic(std::function<std::chrono::milliseconds()> delay, std::function<void()> step)
        : delay_(std::move(delay)), step_(std::move(step))
    {
    }
    ~Periodic() { Stop(); }
    Periodic(const Periodic&) = delete;
    Periodic& operator=(const Periodic&) = delete;

    void Start();
    void Stop(); // idempotent; returns once a step in progress has ended

  private:
    std::function<std::chrono::milliseconds()> delay_;
    std::function<void()> step_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
  };
} // namespace XnatDqr
