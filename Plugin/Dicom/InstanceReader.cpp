#include "Dicom/InstanceReader.h"

#include "Dicom/InstanceSender.h"

#include <stdexcept>

namespace XnatDqr
{
  InstanceReader::InstanceReader(std::vector<std::string> orthancIds) : ids_(std::move(orthancIds))
  {
    if (ids_.size() >= AHEAD_FROM)
    {
      thread_ = std::thread([this] { ReadAhead(); });
    }
  }

  InstanceReader::~InstanceReader()
  {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable())
    {
      thread_.join();
    }
  }

  void InstanceReader::ReadAhead()
  {
    std::unique_lock<std::mutex> lock(mutex_);
    for (size_t index = 0; index < ids_.size() && !stopping_; index++)
    {
      // At most one file ahead of the one being sent: memory stays two instances.
      changed_.wait(lock, [&] { return stopping_ || wanted_ >= index; });
      if (stopping_)
      {
        return;
      }
      readying_ = index;
      done_ = false;
      lock.unlock();
      std::unique_ptr<Sdk::MemoryBuffer> file;
      std::string error;
      try
      {
        file = InstanceSender::Load(ids_[index]);
      }
      catch (const std::exception& e)
      {
        error = e.what();
      }
      lock.lock();
      ready_ = std::move(file);
      error_ = error;
      done_ = true;
      changed_.notify_all();
      // Wait until it is taken before reading the next one.
      changed_.wait(lock, [&] { return stopping_ || !ready_ || wanted_ > index; });
    }
  }

  std::unique_ptr<Sdk::MemoryBuffer> InstanceReader::Take(size_t index)
  {
    if (!thread_.joinable())
    {
      return InstanceSender::Load(ids_.at(index));
    }
    std::unique_lock<std::mutex> lock(mutex_);
    wanted_ = index;
    changed_.notify_all();
    changed_.wait(lock, [&] { return readying_ == index && done_; });
    std::unique_ptr<Sdk::MemoryBuffer> file = std::move(ready_);
    const std::string error = error_;
    wanted_ = index + 1; // the thread may read the next one now
    changed_.notify_all();
    if (!file)
    {
      throw std::runtime_error(error);
    }
    return file;
  }
} // namespace XnatDqr
