#include "Orthanc/Sdk.h"

#include <stdexcept>

namespace XnatDqr::Sdk
{
  namespace
  {
    OrthancPluginContext* context_ = nullptr;
  }

  void SetContext(OrthancPluginContext* context)
  {
    context_ = context;
  }

  OrthancPluginContext* GetContext()
  {
    if (context_ == nullptr)
    {
      throw std::logic_error("The Orthanc plugin context is not set");
    }
    return context_;
  }

  MemoryBuffer::MemoryBuffer()
  {
    buffer_.data = nullptr;
    buffer_.size = 0;
  }

  MemoryBuffer::~MemoryBuffer()
  {
    Clear();
  }

  void MemoryBuffer::Clear()
  {
    if (buffer_.data != nullptr)
    {
      OrthancPluginFreeMemoryBuffer(GetContext(), &buffer_);
      buffer_.data = nullptr;
      buffer_.size = 0;
    }
  }

  OrthancPluginMemoryBuffer* MemoryBuffer::Target()
  {
    Clear();
    return &buffer_;
  }

  std::string MemoryBuffer::ToString() const
  {
    if (buffer_.data == nullptr)
    {
      return std::string();
    }
    return std::string(static_cast<const char*>(buffer_.data), buffer_.size);
  }

  OwnedString::OwnedString(char* value) : value_(value) {}

  OwnedString::~OwnedString()
  {
    if (value_ != nullptr)
    {
      OrthancPluginFreeString(GetContext(), value_);
    }
  }
} // namespace XnatDqr::Sdk
