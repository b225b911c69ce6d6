#pragma once

#include <orthanc/OrthancCPlugin.h>

// The SDK's second move callback, with the DICOM connection (the caller's IP address): in the
// headers of Orthanc 1.12.10 and later.
#if ORTHANC_PLUGINS_VERSION_IS_ABOVE(1, 12, 10)
#define XNATDQR_MOVE_CALLBACK_2 1
#else
#define XNATDQR_MOVE_CALLBACK_2 0
#endif

// The streamed HTTP answer (OrthancPluginStartStreamAnswer): in the headers of 1.12.6 and later.
#if ORTHANC_PLUGINS_VERSION_IS_ABOVE(1, 12, 6)
#define XNATDQR_STREAM_ANSWER 1
#else
#define XNATDQR_STREAM_ANSWER 0
#endif

#include <memory>
#include <string>

// Our own thin RAII layer over OrthancCPlugin.h: every buffer and string that the SDK hands
// back is freed by a destructor, never by hand.
namespace XnatDqr::Sdk
{
  // The context Orthanc gave OrthancPluginInitialize(); set once, before anything else runs.
  void SetContext(OrthancPluginContext* context);
  OrthancPluginContext* GetContext();

  // The calls whose names changed between SDK headers: Orthanc 1.12.4 deprecated the forms that
  // take the plugin's name from OrthancPluginGetName(). Both forms use the same service, so a
  // plugin built on either header runs on every Orthanc from 1.10.1 on.
  void SetDescription(const char* plugin, const std::string& description);
  void ExtendOrthancExplorer(const char* plugin, const std::string& javascript);
  // The path Orthanc was started with (a file or a folder), for relative IndexDirectory values.
  std::string ConfigurationPath();

  class MemoryBuffer;

  // Orthanc's transcoding of a DICOM file to syntax; throws std::runtime_error naming it.
  std::unique_ptr<MemoryBuffer> Transcode(const char* data, size_t size, const std::string& syntax);

  class MemoryBuffer
  {
  public:
    MemoryBuffer();
    ~MemoryBuffer();
    MemoryBuffer(const MemoryBuffer&) = delete;
    MemoryBuffer& operator=(const MemoryBuffer&) = delete;

    // For the SDK call that fills the buffer; any previous content is freed first.
    OrthancPluginMemoryBuffer* Target();
    std::string ToString() const;
    const char* Data() const { return static_cast<const char*>(buffer_.data); }
    size_t Size() const { return buffer_.data == nullptr ? 0 : buffer_.size; }

  private:
    void Clear();
    OrthancPluginMemoryBuffer buffer_;
  };

  // A char* allocated by Orthanc (GetConfiguration, GetGlobalProperty...).
  class OwnedString
  {
  public:
    // Takes ownership of value, which may be NULL.
    explicit OwnedString(char* value);
    ~OwnedString();
    OwnedString(const OwnedString&) = delete;
    OwnedString& operator=(const OwnedString&) = delete;

    bool IsNull() const { return value_ == nullptr; }
    std::string ToString() const { return value_ == nullptr ? std::string() : value_; }

  private:
    char* value_;
  };
} // namespace XnatDqr::Sdk
