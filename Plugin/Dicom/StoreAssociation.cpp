#include "Dicom/StoreAssociation.h"

#include "Dicom/TcpProbe.h"

#include "Dicom/TlsLayer.h"

#include <dcmtk/config/osconfig.h>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/assoc.h>
#include <dcmtk/dcmnet/dimse.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/dcmtls/tlslayer.h>

#include <cstring>

namespace XnatDqr
{
  namespace
  {
    // DCMTK 3.7.0 says "Operation now in progress" for any connection that failed: the cause.
    std::string WhyTcpFailed(const OFCondition& condition, const StoreEndpoint& endpoint)
    {
      if (std::string(condition.text()).find("Operation now in progress") == std::string::npos)
      {
        return "";
      }
      const std::string why = WhyNoConnection(endpoint.host, endpoint.port, 2);
      return why.empty() ? "" : " (the TCP connection: " + why + ")";
    }

    void Check(const OFCondition& condition, const std::string& what)
    {
      if (condition.bad())
      {
        throw DicomNetworkError(what + ": " + condition.text());
      }
    }

    // Frees association parameters unless an association took them over.
    struct ParametersGuard
    {
      T_ASC_Parameters* parameters = nullptr;
      ~ParametersGuard()
      {
        if (parameters != nullptr)
        {
          ASC_destroyAssociationParameters(&parameters);
        }
      }
    };
  } // namespace

  StoreAssociation::StoreAssociation(
    const StoreEndpoint& endpoint,
    const std::map<std::string, std::set<std::string>>& syntaxesBySopClass)
      : endpoint_(endpoint), proposed_(syntaxesBySopClass)
  {
    try
    {
      Connect(syntaxesBySopClass);
    }
    catch (...)
    {
      Close(); // a constructor that throws runs no destructor: give DCMTK's resources back
      throw;
    }
  }

  void
  StoreAssociation::Connect(const std::map<std::string, std::set<std::string>>& syntaxesBySopClass)
  {
    const StoreEndpoint& endpoint = endpoint_;
    const std::string peer =
      endpoint.calledAet + " at " + endpoint.host + ":" + std::to_string(endpoint.port);
    std::vector<ProposedContext> contexts;
    try
    {
      contexts = ProposeContexts(syntaxesBySopClass, endpoint.syntax);
    }
    catch (const std::invalid_argument& e)
    {
      throw DicomNetworkError("Cannot send to " + peer + ": " + e.what());
    }
    // As Orthanc's SCU: a timeout of 0 waits for the connection without end and gives the
    // association's negotiation and release 10 s.
    const int timeout = static_cast<int>(endpoint.timeout);
    Check(ASC_initializeNetwork(NET_REQUESTOR, 0, timeout == 0 ? 10 : timeout, &network_),
          "DICOM network");
    if (endpoint.useTls)
    {
      SetUpTls();
    }
    ParametersGuard guard;
    guard.parameters = NewParameters(contexts, timeout == 0 ? -1 : timeout);
    const OFCondition requested = ASC_requestAssociation(network_, guard.parameters, &association_);
    if (association_ != nullptr)
    {
      guard.parameters = nullptr; // the association owns them now
    }
    if (requested.bad())
    {
      Abort();
      throw DicomNetworkError("Cannot open an association" +
                              std::string(endpoint.useTls ? " over DICOM TLS" : "") + " from " +
                              endpoint.localAet + " with " + peer + ": " + requested.text() +
                              WhyTcpFailed(requested, endpoint));
    }
    if (ASC_countAcceptedPresentationContexts(association_->params) == 0)
    {
      Abort();
      throw DicomNetworkError(peer + " accepted none of the SOP Classes to send");
    }
    ReadAccepted();
  }

  T_ASC_Parameters* StoreAssociation::NewParameters(const std::vector<ProposedContext>& contexts,
                                                    int connectTimeout)
  {
    ParametersGuard guard;
#if PACKAGE_VERSION_NUMBER >= 368
    // DCMTK 3.6.8 takes the connection timeout per association.
    Check(ASC_createAssociationParameters(&guard.parameters, ASC_DEFAULTMAXPDU, connectTimeout),
          "association");
#else
    // DCMTK 3.6.7's connection timeout is a process-wide setting, as Orthanc's own SCU uses it.
    dcmConnectionTimeout.set(connectTimeout);
    Check(ASC_createAssociationParameters(&guard.parameters, ASC_DEFAULTMAXPDU), "association");
#endif
    T_ASC_Parameters* parameters = guard.parameters;
    ASC_setAPTitles(parameters, endpoint_.localAet.c_str(), endpoint_.calledAet.c_str(), nullptr);
    const std::string address = endpoint_.host + ":" + std::to_string(endpoint_.port);
    ASC_setPresentationAddresses(parameters, "localhost", address.c_str());
    Check(ASC_setTransportLayerType(parameters, endpoint_.useTls ? OFTrue : OFFalse),
          "transport layer");
    T_ASC_PresentationContextID id = 1;
    for (const ProposedContext& context : contexts)
    {
      std::vector<const char*> pointers;
      for (const std::string& syntax : context.syntaxes)
      {
        pointers.push_back(syntax.c_str());
      }
      Check(ASC_addPresentationContext(parameters, id, context.sopClass.c_str(), pointers.data(),
                                       static_cast<int>(pointers.size())),
            "presentation context");
      id += 2;
    }
    guard.parameters = nullptr;
    return parameters;
  }

  void StoreAssociation::SetUpTls()
  {
    tls_ = MakeTlsLayer(endpoint_.tls, endpoint_.calledAet);
    Check(ASC_setTransportLayer(network_, tls_.get(), 0), "DICOM TLS");
  }

  void StoreAssociation::ReadAccepted()
  {
    const int count = ASC_countPresentationContexts(association_->params);
    for (int i = 0; i < count; i++)
    {
      T_ASC_PresentationContext context;
      if (ASC_getPresentationContext(association_->params, i, &context).good() &&
          context.resultReason == ASC_P_ACCEPTANCE)
      {
        accepted_[context.abstractSyntax].emplace(context.acceptedTransferSyntax,
                                                  context.presentationContextID);
      }
    }
  }

  std::map<std::string, std::set<std::string>> StoreAssociation::AcceptedSyntaxes() const
  {
    std::map<std::string, std::set<std::string>> result;
    for (const auto& sopClass : accepted_)
    {
      for (const auto& syntax : sopClass.second)
      {
        result[sopClass.first].insert(syntax.first);
      }
    }
    return result;
  }

  bool StoreAssociation::ReadMeta(const char* dicomFile, size_t size, std::string& sopClass,
                                  std::string& transferSyntax)
  {
    DcmInputBufferStream stream;
    stream.setBuffer(dicomFile, static_cast<offile_off_t>(size));
    stream.setEos();
    DcmMetaInfo meta; // the preamble and group 0002 only: the pixels are not read
    meta.transferInit();
    const OFCondition read = meta.read(stream, EXS_Unknown, EGL_noChange, DCM_MaxReadLength);
    meta.transferEnd();
    OFString sop, syntax;
    if (read.bad() || meta.findAndGetOFString(DCM_MediaStorageSOPClassUID, sop).bad() ||
        meta.findAndGetOFString(DCM_TransferSyntaxUID, syntax).bad())
    {
      return false;
    }
    sopClass = sop.c_str();
    transferSyntax = syntax.c_str();
    return true;
  }

  bool StoreAssociation::PeerClosed() const
  {
    return association_ == nullptr || ASC_dataWaiting(association_, 0);
  }

  StoreAssociation::~StoreAssociation()
  {
    Close();
  }

  void StoreAssociation::Close()
  {
    if (association_ != nullptr)
    {
      if (ASC_releaseAssociation(association_).bad())
      {
        ASC_abortAssociation(association_);
      }
      ASC_destroyAssociation(&association_);
      association_ = nullptr;
    }
    if (network_ != nullptr)
    {
      ASC_dropNetwork(&network_);
    }
    tls_.reset();
  }

  void StoreAssociation::Abort()
  {
    if (association_ != nullptr)
    {
      ASC_abortAssociation(association_);
      ASC_destroyAssociation(&association_);
      association_ = nullptr;
    }
  }

  StoreAssociation::Result StoreAssociation::Store(const char* dicomFile, size_t size,
                                                   const std::string& moveOriginatorAet,
                                                   uint16_t moveOriginatorId)
  {
    if (association_ == nullptr)
    {
      throw DicomNetworkError("The association with " + endpoint_.calledAet + " is closed");
    }
    DcmInputBufferStream stream;
    stream.setBuffer(dicomFile, static_cast<offile_off_t>(size));
    stream.setEos();
    DcmFileFormat file;
    file.transferInit();
    const OFCondition read = file.read(stream, EXS_Unknown, EGL_noChange, DCM_MaxReadLength);
    file.transferEnd();
    DcmDataset* dataset = file.getDataset();
    OFString sopClass, sopInstance;
    if (read.bad() || dataset->findAndGetOFString(DCM_SOPClassUID, sopClass).bad() ||
        dataset->findAndGetOFString(DCM_SOPInstanceUID, sopInstance).bad())
    {
      throw std::runtime_error("Cannot parse a DICOM instance: " + std::string(read.text()));
    }
    Result result;
    result.sopClassUid = sopClass.c_str();
    result.sopInstanceUid = sopInstance.c_str();
    result.transferSyntax = DcmXfer(dataset->getOriginalXfer()).getXferID();
    const T_ASC_PresentationContextID id = Choose(result);
    if (result.outcome == Outcome::Sent)
    {
      result.status = Send(id, *dataset, result, moveOriginatorAet, moveOriginatorId);
    }
    return result;
  }

  T_ASC_PresentationContextID StoreAssociation::Choose(Result& result) const
  {
    static const std::map<std::string, T_ASC_PresentationContextID> NONE;
    const auto found = accepted_.find(result.sopClassUid);
    const auto& accepted = found == accepted_.end() ? NONE : found->second;
    if (accepted.empty())
    {
      result.outcome = proposed_.count(result.sopClassUid) == 0 ? Outcome::SopClassNotNegotiated
                                                                : Outcome::Unsendable;
      result.reason = endpoint_.calledAet + " accepted no presentation context for SOP Class " +
                      result.sopClassUid;
      return 0;
    }
    std::set<std::string> syntaxes;
    for (const auto& syntax : accepted)
    {
      syntaxes.insert(syntax.first);
    }
    const SyntaxChoice choice = ChooseSyntax(result.transferSyntax, syntaxes, endpoint_.syntax);
    if (choice.action == SyntaxAction::None || choice.action == SyntaxAction::Transcode)
    {
      result.outcome =
        choice.action == SyntaxAction::None ? Outcome::Unsendable : Outcome::NeedsTranscoding;
      result.acceptedSyntax = choice.target;
      result.fallbackSyntax = choice.fallback;
      result.reason = choice.reason;
      return 0;
    }
    result.outcome = Outcome::Sent;
    return accepted.at(choice.target);
  }

  uint16_t StoreAssociation::Send(T_ASC_PresentationContextID id, DcmDataset& dataset,
                                  const Result& instance, const std::string& moveOriginatorAet,
                                  uint16_t moveOriginatorId)
  {
    T_DIMSE_C_StoreRQ request;
    std::memset(&request, 0, sizeof(request));
    request.MessageID = nextMessageId_++;
    OFStandard::strlcpy(request.AffectedSOPClassUID, instance.sopClassUid.c_str(),
                        sizeof(request.AffectedSOPClassUID));
    OFStandard::strlcpy(request.AffectedSOPInstanceUID, instance.sopInstanceUid.c_str(),
                        sizeof(request.AffectedSOPInstanceUID));
    request.DataSetType = DIMSE_DATASET_PRESENT;
    request.Priority = DIMSE_PRIORITY_MEDIUM;
    if (!moveOriginatorAet.empty())
    {
      OFStandard::strlcpy(request.MoveOriginatorApplicationEntityTitle, moveOriginatorAet.c_str(),
                          sizeof(request.MoveOriginatorApplicationEntityTitle));
      request.MoveOriginatorID = moveOriginatorId;
      request.opts = O_STORE_MOVEORIGINATORAETITLE | O_STORE_MOVEORIGINATORID;
    }
    T_DIMSE_C_StoreRSP response;
    std::memset(&response, 0, sizeof(response));
    DcmDataset* detail = nullptr;
    const OFCondition sent =
      DIMSE_storeUser(association_, id, &request, nullptr, &dataset, nullptr, nullptr,
                      endpoint_.timeout == 0 ? DIMSE_BLOCKING : DIMSE_NONBLOCKING,
                      static_cast<int>(endpoint_.timeout), &response, &detail);
    delete detail;
    if (sent == DIMSE_NODATAAVAILABLE)
    {
      // Closed at once: an A-ABORT would wait one more Timeout for a peer that is not reading.
      ASC_dropAssociation(association_);
      ASC_destroyAssociation(&association_);
      association_ = nullptr;
      throw DicomTimeoutError("C-STORE of " + instance.sopInstanceUid + " to " +
                              endpoint_.calledAet + ": no answer within " +
                              std::to_string(endpoint_.timeout) + " s");
    }
    if (sent.bad())
    {
      Abort();
      throw DicomNetworkError("C-STORE of " + instance.sopInstanceUid + " to " +
                              endpoint_.calledAet + " failed: " + sent.text());
    }
    return response.DimseStatus;
  }
} // namespace XnatDqr
