#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace XnatDqr
{
  // Where a served C-MOVE's time goes, in the order the steps happen. The metrics give the
  // totals (xnatdqr_cmove_step_seconds_total), so that a mean per C-MOVE is a division.
  enum class MoveStep
  {
    Route,  // keys checked, the destination chosen among Receivers and modalities
    Match,  // the instances the keys identify, from Orthanc's index
    Admit,  // the schedule and a free thread
    Record, // the Transfer written to the store
    Open,   // the association to the destination (or one kept open, taken again)
    Read,   // the instances' files, from Orthanc's storage
    Store,  // the C-STOREs, up to the destination's responses
    Finish, // the association released or kept, the Transfer's last write
  };
  constexpr size_t MOVE_STEPS = 8;
  const char* ToString(MoveStep step); // "route", "match", ...

  // Totals since Orthanc started. Lock-free: one atomic add per step of a C-MOVE.
  class MoveStepTimes
  {
  public:
    void Add(MoveStep step, int64_t micros)
    {
      micros_[static_cast<size_t>(step)].fetch_add(static_cast<uint64_t>(micros),
                                                   std::memory_order_relaxed);
    }
    void Served() { served_.fetch_add(1, std::memory_order_relaxed); }

    struct Snapshot
    {
      uint64_t served = 0; // C-MOVEs that sent (or tried to send) instances
      std::array<uint64_t, MOVE_STEPS> micros{};
    };
    Snapshot Read() const;

  private:
    std::atomic<uint64_t> served_{0};
    std::array<std::atomic<uint64_t>, MOVE_STEPS> micros_{};
  };
} // namespace XnatDqr
