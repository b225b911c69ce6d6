#include "Web/MultipartWriter.h"

#include <random>

namespace XnatDqr
{
  namespace
  {
    std::string NewBoundary()
    {
      static const char* const HEX = "0123456789abcdef";
      std::random_device random;
      std::string boundary = "xnat-dqr-";
      for (int i = 0; i < 32; i++)
      {
        boundary += HEX[random() % 16];
      }
      return boundary;
    }
  } // namespace

  MultipartWriter::MultipartWriter(OrthancPluginRestOutput* output)
      : output_(output), streamed_(Streams()), boundary_(NewBoundary())
  {
  }

  bool MultipartWriter::Streams()
  {
#if XNATDQR_STREAM_ANSWER
    return OrthancPluginCheckVersionAdvanced(Sdk::GetContext(), 1, 12, 6) == 1;
#else
    return false;
#endif
  }

  bool MultipartWriter::Start()
  {
    OrthancPluginContext* context = Sdk::GetContext();
#if XNATDQR_STREAM_ANSWER
    if (streamed_)
    {
      const std::string type =
        "multipart/related; type=\"application/dicom\"; boundary=" + boundary_;
      return OrthancPluginStartStreamAnswer(context, output_, type.c_str()) ==
             OrthancPluginErrorCode_Success;
    }
#endif
    return OrthancPluginStartMultipartAnswer(context, output_, "related", "application/dicom") ==
           OrthancPluginErrorCode_Success;
  }

  bool MultipartWriter::Part(const void* data, size_t size)
  {
    OrthancPluginContext* context = Sdk::GetContext();
#if XNATDQR_STREAM_ANSWER
    if (streamed_)
    {
      const std::string head =
        "--" + boundary_ +
        "\r\nContent-Type: application/dicom\r\nContent-Length: " + std::to_string(size) +
        "\r\n\r\n";
      return OrthancPluginSendStreamChunk(context, output_, head.data(),
                                          static_cast<uint32_t>(head.size())) ==
               OrthancPluginErrorCode_Success &&
             OrthancPluginSendStreamChunk(context, output_, data, static_cast<uint32_t>(size)) ==
               OrthancPluginErrorCode_Success &&
             OrthancPluginSendStreamChunk(context, output_, "\r\n", 2) ==
               OrthancPluginErrorCode_Success;
    }
#endif
    return OrthancPluginSendMultipartItem(context, output_, data, static_cast<uint32_t>(size)) ==
           OrthancPluginErrorCode_Success;
  }

  void MultipartWriter::End()
  {
#if XNATDQR_STREAM_ANSWER
    if (streamed_)
    {
      const std::string tail = "--" + boundary_ + "--\r\n";
      OrthancPluginSendStreamChunk(Sdk::GetContext(), output_, tail.data(),
                                   static_cast<uint32_t>(tail.size()));
    }
#endif
  }
} // namespace XnatDqr
