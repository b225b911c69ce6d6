#pragma once

#include "Orthanc/Sdk.h"

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace XnatDqr
{
  // One instance as it will be sent: the file (transcoded ahead, when that was needed), and
  // the size Orthanc stores it in, which is what a Transfer counts.
  struct InstanceFile
  {
    std::unique_ptr<Sdk::MemoryBuffer> data;
    size_t storedBytes = 0;
  };

  // The files of the instances to send, in order, one read ahead on a thread of its own: the
  // read from Orthanc's storage (and the SDK's copy of it), and the transcoding the peer needs,
  // overlap the C-STORE of the one before, which stock Orthanc does one after the other. Short
  // lists (fewer than AHEAD_FROM) are read in the caller's thread: a thread costs more than it
  // saves there.
  class InstanceReader
  {
  public:
    static constexpr size_t AHEAD_FROM = 8;
    // Turns a file into what is sent (InstanceSender::Prepare); runs on the reading thread.
    using Prepare = std::function<std::unique_ptr<Sdk::MemoryBuffer>(const Sdk::MemoryBuffer&)>;

    explicit InstanceReader(std::vector<std::string> orthancIds, Prepare prepare = nullptr);
    ~InstanceReader(); // waits for the read in progress
    InstanceReader(const InstanceReader&) = delete;
    InstanceReader& operator=(const InstanceReader&) = delete;

    // The file of the index-th instance; indexes come in order, each once. Throws
    // std::runtime_error when Orthanc cannot read it.
    InstanceFile Take(size_t index);

  private:
    void ReadAhead();
    InstanceFile Read(size_t index) const;

    const std::vector<std::string> ids_;
    const Prepare prepare_;
    std::mutex mutex_;
    std::condition_variable changed_;
    size_t wanted_ = 0;   // the next index Take will ask for
    size_t readying_ = 0; // the index the thread reads, or has read
    InstanceFile ready_;  // the file of readying_, once read
    std::string error_;   // why readying_ could not be read
    bool done_ = false;   // readying_ is read (or failed)
    bool stopping_ = false;
    std::thread thread_;
  };
} // namespace XnatDqr
