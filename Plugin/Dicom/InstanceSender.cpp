#include "Dicom/InstanceSender.h"

#include <cstdio>
#include <stdexcept>

namespace XnatDqr
{
  std::unique_ptr<Sdk::MemoryBuffer>
  InstanceSender::TranscodeFor(const Sdk::MemoryBuffer& file,
                               const StoreAssociation::Result& result)
  {
    // As Orthanc's SCU: the preferred syntax first; if Orthanc cannot make it, an uncompressed one.
    try
    {
      return Sdk::Transcode(file.Data(), file.Size(), result.acceptedSyntax);
    }
    catch (const std::runtime_error&)
    {
      if (result.fallbackSyntax.empty())
      {
        throw std::runtime_error("Cannot send " + result.sopInstanceUid + " to " +
                                 endpoint_.calledAet + ": Orthanc cannot transcode it from " +
                                 result.transferSyntax + " to " + result.acceptedSyntax);
      }
      return Sdk::Transcode(file.Data(), file.Size(), result.fallbackSyntax);
    }
  }

  bool IsDelivered(uint16_t status)
  {
    return status == 0x0000 || status == 0xB000 || status == 0xB006 || status == 0xB007;
  }

  std::string StatusText(uint16_t status)
  {
    char hex[8];
    std::snprintf(hex, sizeof(hex), "0x%04X", status);
    return hex;
  }

  InstanceSender::InstanceSender(const StoreEndpoint& endpoint,
                                 const Json::Value& syntaxesBySopClass,
                                 const std::string& moveOriginatorAet, uint16_t moveOriginatorId)
      : endpoint_(endpoint), moveOriginatorAet_(moveOriginatorAet),
        moveOriginatorId_(moveOriginatorId)
  {
    if (syntaxesBySopClass.isObject())
    {
      for (const std::string& sopClass : syntaxesBySopClass.getMemberNames())
      {
        for (const Json::Value& syntax : syntaxesBySopClass[sopClass])
        {
          syntaxes_[sopClass].insert(syntax.asString());
        }
      }
    }
  }

  void InstanceSender::KeepIn(AssociationPool* pool, const std::string& owner)
  {
    pool_ = pool;
    owner_ = owner;
  }

  void InstanceSender::Open()
  {
    association_.reset();
    reused_ = false;
    storedOnIt_ = false;
    if (pool_ != nullptr)
    {
      association_ = pool_->Take(owner_, endpoint_, syntaxes_);
      reused_ = association_ != nullptr;
    }
    if (!association_)
    {
      association_ = pool_ != nullptr ? pool_->Open(owner_, endpoint_, syntaxes_)
                                      : std::make_unique<StoreAssociation>(endpoint_, syntaxes_);
    }
    Opened();
  }

  void InstanceSender::Opened()
  {
    auto accepted = association_->AcceptedSyntaxes();
    // Most transfers need no transcoding: then Prepare() does not even read the meta header.
    bool transcoding = false;
    for (const auto& sopClass : syntaxes_)
    {
      for (const std::string& syntax : sopClass.second)
      {
        const auto found = accepted.find(sopClass.first);
        transcoding =
          transcoding || found == accepted.end() ||
          ChooseSyntax(syntax, found->second, endpoint_.syntax).action == SyntaxAction::Transcode;
      }
    }
    std::lock_guard<std::mutex> lock(acceptedMutex_);
    accepted_ = std::move(accepted);
    transcoding_ = transcoding;
  }

  std::unique_ptr<Sdk::MemoryBuffer> InstanceSender::Prepare(const Sdk::MemoryBuffer& file)
  {
    {
      std::lock_guard<std::mutex> lock(acceptedMutex_);
      if (!transcoding_)
      {
        return nullptr;
      }
    }
    std::string sopClass, syntax;
    if (!StoreAssociation::ReadMeta(file.Data(), file.Size(), sopClass, syntax))
    {
      return nullptr;
    }
    std::set<std::string> accepted;
    {
      std::lock_guard<std::mutex> lock(acceptedMutex_);
      const auto found = accepted_.find(sopClass);
      if (found == accepted_.end())
      {
        return nullptr; // not negotiated yet: Store() decides
      }
      accepted = found->second;
    }
    const SyntaxChoice choice = ChooseSyntax(syntax, accepted, endpoint_.syntax);
    if (choice.action != SyntaxAction::Transcode)
    {
      return nullptr;
    }
    try
    {
      StoreAssociation::Result wanted;
      wanted.transferSyntax = syntax;
      wanted.acceptedSyntax = choice.target;
      wanted.fallbackSyntax = choice.fallback;
      return TranscodeFor(file, wanted);
    }
    catch (const std::runtime_error&)
    {
      return nullptr; // Store() tries again, and says why it cannot
    }
  }

  void InstanceSender::Done()
  {
    if (pool_ != nullptr && association_)
    {
      pool_->Keep(owner_, std::move(association_));
    }
    association_.reset();
  }

  std::unique_ptr<Sdk::MemoryBuffer> InstanceSender::Load(const std::string& orthancId)
  {
    auto buffer = std::make_unique<Sdk::MemoryBuffer>();
    if (OrthancPluginGetDicomForInstance(Sdk::GetContext(), buffer->Target(), orthancId.c_str()) !=
        OrthancPluginErrorCode_Success)
    {
      throw std::runtime_error("Orthanc cannot read instance " + orthancId);
    }
    return buffer;
  }

  InstanceSender::Sent InstanceSender::Store(const Sdk::MemoryBuffer& file)
  {
    if (!association_)
    {
      Open();
    }
    StoreAssociation::Result result;
    try
    {
      result = association_->Store(file.Data(), file.Size(), moveOriginatorAet_, moveOriginatorId_);
    }
    catch (const DicomNetworkError&)
    {
      if (!reused_ || storedOnIt_)
      {
        throw;
      }
      // A kept association that the peer dropped while it was idle: not a lost one.
      association_ = pool_->Open(owner_, endpoint_, syntaxes_);
      reused_ = false;
      Opened();
      result = association_->Store(file.Data(), file.Size(), moveOriginatorAet_, moveOriginatorId_);
    }
    storedOnIt_ = true;
    if (result.outcome == StoreAssociation::Outcome::SopClassNotNegotiated &&
        syntaxes_.count(result.sopClassUid) == 0)
    {
      // A SOP Class that the first instances of the series did not announce.
      syntaxes_[result.sopClassUid].insert(result.transferSyntax);
      Open();
      result = association_->Store(file.Data(), file.Size(), moveOriginatorAet_, moveOriginatorId_);
    }
    if (result.outcome == StoreAssociation::Outcome::NeedsTranscoding)
    {
      const std::unique_ptr<Sdk::MemoryBuffer> transcoded = TranscodeFor(file, result);
      result = association_->Store(transcoded->Data(), transcoded->Size(), moveOriginatorAet_,
                                   moveOriginatorId_);
    }
    if (result.outcome != StoreAssociation::Outcome::Sent)
    {
      throw std::runtime_error("Cannot send " + result.sopInstanceUid + " to " +
                               endpoint_.calledAet + ": " + result.reason);
    }
    return Sent{result.status, result.sopInstanceUid};
  }
} // namespace XnatDqr
