#include "Core/DicomWeb/RetrieveAdmission.h"

#include "Core/Routing/Admission.h"

namespace XnatDqr
{
  const char* const DICOMWEB_CANNOT_QUEUE =
    "a DICOMweb retrieve cannot be queued (its answer is the data): outside the Windows it "
    "gets 503 with Retry-After, whatever OutsideWindow says";

  namespace
  {
    const int64_t HORIZON_MS = int64_t{8} * 24 * 3600 * 1000;

    int64_t SecondsUntil(int64_t thenMs, int64_t nowMs)
    {
      const int64_t ms = thenMs - nowMs;
      return ms <= 0 ? 1 : (ms + 999) / 1000;
    }
  } // namespace

  std::optional<int64_t> NextFit(const EffectiveState& state, uint64_t bytes, int64_t nowMs,
                                 const std::function<EffectiveState(int64_t)>& stateAt)
  {
    std::optional<int64_t> next = state.nextChange;
    for (int step = 0; step < 64 && next && *next > nowMs && *next - nowMs <= HORIZON_MS; step++)
    {
      const EffectiveState later = stateAt(*next);
      if (later.open && WhyItDoesNotFit(later, bytes, *next).empty())
      {
        return next;
      }
      if (!later.nextChange || *later.nextChange <= *next)
      {
        return std::nullopt;
      }
      next = later.nextChange;
    }
    return std::nullopt;
  }

  RetrieveVerdict AdmitRetrieve(const EffectiveState& state, uint32_t receiverRunning,
                                uint32_t totalRunning, uint32_t moveWaitSeconds, uint64_t bytes,
                                int64_t nowMs,
                                const std::function<EffectiveState(int64_t)>& stateAt)
  {
    const Admission admission = AdmitMove(state, OutsideWindow::Refuse, receiverRunning,
                                          totalRunning, moveWaitSeconds, bytes, nowMs);
    RetrieveVerdict verdict;
    verdict.reason = admission.reason;
    switch (admission.action)
    {
    case AdmissionAction::Send:
      verdict.action = RetrieveVerdict::Action::Send;
      return verdict;
    case AdmissionAction::Wait:
      verdict.action = RetrieveVerdict::Action::Wait;
      verdict.retryAfterSeconds = moveWaitSeconds;
      return verdict;
    default:
      break;
    }
    verdict.action = RetrieveVerdict::Action::Unavailable;
    const std::optional<int64_t> next = NextFit(state, bytes, nowMs, stateAt);
    if (next)
    {
      verdict.retryAfterSeconds = SecondsUntil(*next, nowMs);
    }
    return verdict;
  }
} // namespace XnatDqr
