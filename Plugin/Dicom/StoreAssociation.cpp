#include "Dicom/StoreAssociation.h"

#include <dcmtk/config/osconfig.h>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/assoc.h>
#include <dcmtk/dcmnet/dimse.h>
#include <dcmtk/dcmnet/diutil.h>

#include <cstring>

namespace XnatDqr
{
  namespace
  {
    const char* const EXPLICIT_LITTLE = UID_LittleEndianExplicitTransferSyntax;
    const char* const IMPLICIT_LITTLE = UID_LittleEndianImplicitTransferSyntax;

    void Check(const OFCondition& condition, const std::string& what)
    {
      if (condition.bad())
      {
        throw DicomNetworkError(what + ": " + condition.text());
      }
    }

    std::vector<std::string> WithFallbacks(const std::set<std::string>& syntaxes)
    {
      std::vector<std::string> result(syntaxes.begin(), syntaxes.end());
      for (const char* fallback : {EXPLICIT_LITTLE, IMPLICIT_LITTLE})
      {
        if (syntaxes.count(fallback) == 0)
        {
          result.push_back(fallback);
        }
      }
      return result;
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

  StoreEndpoint StoreEndpoint::For(const std::string& localAet, const std::string& aet,
                                   const std::string& host, uint16_t port, uint32_t timeout)
  {
    StoreEndpoint endpoint;
    endpoint.localAet = localAet;
    endpoint.calledAet = aet;
    endpoint.host = host;
    endpoint.port = port;
    endpoint.timeout = timeout == 0 ? DEFAULT_TIMEOUT : timeout;
    return endpoint;
  }

  bool IsUncompressedSyntax(const std::string& uid)
  {
    return uid == EXPLICIT_LITTLE || uid == IMPLICIT_LITTLE ||
           uid == UID_BigEndianExplicitTransferSyntax;
  }

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
    if (syntaxesBySopClass.size() > 128)
    {
      throw DicomNetworkError("More than 128 SOP Classes in one transfer to " + peer);
    }
    const int timeout = static_cast<int>(endpoint.timeout);
    Check(ASC_initializeNetwork(NET_REQUESTOR, 0, timeout, &network_), "DICOM network");

    ParametersGuard guard;
#if PACKAGE_VERSION_NUMBER >= 368
    // DCMTK 3.6.8 takes the connection timeout per association.
    Check(ASC_createAssociationParameters(&guard.parameters, ASC_DEFAULTMAXPDU, timeout),
          "association");
#else
    // DCMTK 3.6.7's connection timeout is a process-wide setting, as Orthanc's own SCU uses it.
    dcmConnectionTimeout.set(timeout);
    Check(ASC_createAssociationParameters(&guard.parameters, ASC_DEFAULTMAXPDU), "association");
#endif
    T_ASC_Parameters* parameters = guard.parameters;
    ASC_setAPTitles(parameters, endpoint.localAet.c_str(), endpoint.calledAet.c_str(), nullptr);
    const std::string address = endpoint.host + ":" + std::to_string(endpoint.port);
    ASC_setPresentationAddresses(parameters, "localhost", address.c_str());

    T_ASC_PresentationContextID id = 1;
    for (const auto& sopClass : syntaxesBySopClass)
    {
      const std::vector<std::string> syntaxes = WithFallbacks(sopClass.second);
      std::vector<const char*> pointers;
      for (const std::string& syntax : syntaxes)
      {
        pointers.push_back(syntax.c_str());
      }
      Check(ASC_addPresentationContext(parameters, id, sopClass.first.c_str(), pointers.data(),
                                       static_cast<int>(pointers.size())),
            "presentation context");
      id += 2;
    }

    const OFCondition requested = ASC_requestAssociation(network_, parameters, &association_);
    if (association_ != nullptr)
    {
      guard.parameters = nullptr; // the association owns them now
    }
    if (requested.bad())
    {
      Abort();
      throw DicomNetworkError("Cannot open an association with " + peer + ": " + requested.text());
    }
    if (ASC_countAcceptedPresentationContexts(association_->params) == 0)
    {
      Abort();
      throw DicomNetworkError(peer + " accepted none of the SOP Classes to send");
    }
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
    T_ASC_PresentationContextID id = ASC_findAcceptedPresentationContextID(
      association_, result.sopClassUid.c_str(), result.transferSyntax.c_str());
    if (id == 0)
    {
      id = ASC_findAcceptedPresentationContextID(association_, result.sopClassUid.c_str());
      T_ASC_PresentationContext context;
      if (id == 0 || ASC_findAcceptedPresentationContext(association_->params, id, &context).bad())
      {
        result.outcome = Outcome::SopClassNotNegotiated;
        return result;
      }
      result.acceptedSyntax = context.acceptedTransferSyntax;
      if (!IsUncompressedSyntax(result.transferSyntax))
      {
        result.outcome = Outcome::NeedsTranscoding;
        return result;
      }
    }

    T_DIMSE_C_StoreRQ request;
    std::memset(&request, 0, sizeof(request));
    request.MessageID = nextMessageId_++;
    OFStandard::strlcpy(request.AffectedSOPClassUID, sopClass.c_str(),
                        sizeof(request.AffectedSOPClassUID));
    OFStandard::strlcpy(request.AffectedSOPInstanceUID, sopInstance.c_str(),
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
      DIMSE_storeUser(association_, id, &request, nullptr, dataset, nullptr, nullptr,
                      DIMSE_NONBLOCKING, static_cast<int>(endpoint_.timeout), &response, &detail);
    delete detail;
    if (sent.bad())
    {
      Abort();
      throw DicomNetworkError("C-STORE of " + result.sopInstanceUid + " to " + endpoint_.calledAet +
                              " failed: " + sent.text());
    }
    result.status = response.DimseStatus;
    return result;
  }
} // namespace XnatDqr
