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

  void SetDescription(const char* plugin, const std::string& description)
  {
#if ORTHANC_PLUGINS_VERSION_IS_ABOVE(1, 12, 4)
    OrthancPluginSetDescription2(GetContext(), plugin, description.c_str());
#else
    (void)plugin; // the old form reads OrthancPluginGetName(), which is the same name
    OrthancPluginSetDescription(GetContext(), description.c_str());
#endif
  }

  void ExtendOrthancExplorer(const char* plugin, const std::string& javascript)
  {
#if ORTHANC_PLUGINS_VERSION_IS_ABOVE(1, 12, 4)
    OrthancPluginExtendOrthancExplorer2(GetContext(), plugin, javascript.c_str());
#else
    (void)plugin;
    OrthancPluginExtendOrthancExplorer(GetContext(), javascript.c_str());
#endif
  }

  std::string ConfigurationPath()
  {
    // Deprecated since 1.12 in favour of GetConfiguration(), which has no path; the path is
    // still served, and nothing else tells a relative IndexDirectory's base.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    OwnedString path(OrthancPluginGetConfigurationPath(GetContext()));
#pragma GCC diagnostic pop
    return path.ToString();
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

  std::unique_ptr<MemoryBuffer> Transcode(const char* data, size_t size, const std::string& syntax)
  {
    OrthancPluginContext* context = GetContext();
    OrthancPluginDicomInstance* transcoded = OrthancPluginTranscodeDicomInstance(
      context, data, static_cast<uint32_t>(size), syntax.c_str());
    if (transcoded == nullptr)
    {
      throw std::runtime_error("Orthanc cannot transcode to " + syntax);
    }
    auto buffer = std::make_unique<MemoryBuffer>();
    const OrthancPluginErrorCode code =
      OrthancPluginSerializeDicomInstance(context, buffer->Target(), transcoded);
    OrthancPluginFreeDicomInstance(context, transcoded);
    if (code != OrthancPluginErrorCode_Success)
    {
      throw std::runtime_error("Orthanc cannot serialize a transcoded instance");
    }
    return buffer;
  }
} // namespace XnatDqr::Sdk
