#include "Dicom/InstanceReader.h"

#include "Dicom/InstanceSender.h"

#include <stdexcept>

namespace XnatDqr
{
  InstanceReader::InstanceReader(std::vector<std::string> orthancIds, Prepare prepare)
      : ids_(std::move(orthancIds)), prepare_(std::move(prepare))
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

  InstanceFile InstanceReader::Read(size_t index) const
  {
    InstanceFile file;
    file.data = InstanceSender::Load(ids_.at(index));
    file.storedBytes = file.data->Size();
    if (prepare_)
    {
      std::unique_ptr<Sdk::MemoryBuffer> prepared = prepare_(*file.data);
      if (prepared)
      {
        file.data = std::move(prepared);
      }
    }
    return file;
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
      InstanceFile file;
      std::string error;
      try
      {
        file = Read(index);
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
      changed_.wait(lock, [&] { return stopping_ || !ready_.data || wanted_ > index; });
    }
  }

  InstanceFile InstanceReader::Take(size_t index)
  {
    if (!thread_.joinable())
    {
      return Read(index);
    }
    std::unique_lock<std::mutex> lock(mutex_);
    wanted_ = index;
    changed_.notify_all();
    changed_.wait(lock, [&] { return readying_ == index && done_; });
    InstanceFile file = std::move(ready_);
    ready_ = InstanceFile();
    const std::string error = error_;
    wanted_ = index + 1; // the thread may read the next one now
    changed_.notify_all();
    if (!file.data)
    {
      throw std::runtime_error(error);
    }
    return file;
  }
} // namespace XnatDqr
