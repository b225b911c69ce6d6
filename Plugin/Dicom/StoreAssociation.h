#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "Core/Scu/ScuSettings.h"

class DcmDataset;
class DcmTLSTransportLayer;
struct T_ASC_Network;
struct T_ASC_Parameters;
struct T_ASC_Association;

namespace XnatDqr
{
  // A DICOM network failure (cannot connect, association rejected, peer gone, timeout).
  class DicomNetworkError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  // The peer did not answer within the endpoint's timeout: it is silent, not gone, so the
  // instance in flight may have been stored and is not sent again.
  class DicomTimeoutError : public DicomNetworkError
  {
  public:
    using DicomNetworkError::DicomNetworkError;
  };

  // One association that the plugin controls, to C-STORE many instances with the Move
  // Originator set (Orthanc's REST SCU goes through its jobs engine or cannot set it).
  // Built on DCMTK, the toolkit Orthanc itself uses, and negotiated as Orthanc's own SCU
  // negotiates (StoreSyntax): calling AE Title, DICOM TLS, timeouts and transfer syntaxes.
  // Released (or aborted) when destroyed.
  class StoreAssociation
  {
  public:
    // Proposes the contexts of ProposeContexts() for these SOP Classes. Throws
    // DicomNetworkError (TLS that cannot be set up included: nothing is then sent).
    StoreAssociation(const StoreEndpoint& endpoint,
                     const std::map<std::string, std::set<std::string>>& syntaxesBySopClass);
    ~StoreAssociation();
    StoreAssociation(const StoreAssociation&) = delete;
    StoreAssociation& operator=(const StoreAssociation&) = delete;

    enum class Outcome
    {
      Sent,                  // status holds the peer's DIMSE status
      SopClassNotNegotiated, // not proposed on this association: open another one
      NeedsTranscoding,      // Orthanc's transcoder must make acceptedSyntax (else fallback)
      Unsendable             // no syntax the peer accepted will do: reason says why
    };

    struct Result
    {
      Outcome outcome = Outcome::Sent;
      uint16_t status = 0;
      std::string sopClassUid;    // read from the file
      std::string sopInstanceUid; // idem
      std::string transferSyntax; // idem
      std::string acceptedSyntax;
      std::string fallbackSyntax;
      std::string reason;
    };

    // C-STORE of a DICOM file (part 10 bytes), in the syntax ChooseSyntax() picks; uncompressed
    // syntaxes are converted into each other on the wire. Throws DicomTimeoutError when the
    // peer is silent, DicomNetworkError when the association fails (it is then aborted either
    // way), std::runtime_error when the file cannot be parsed.
    // The bytes are not copied: large instances cost one parse, not three copies.
    Result Store(const char* dicomFile, size_t size, const std::string& moveOriginatorAet,
                 uint16_t moveOriginatorId);

    bool IsAlive() const { return association_ != nullptr; }
    // An idle association the peer has released, aborted or closed (something to read).
    bool PeerClosed() const;
    const StoreEndpoint& Endpoint() const { return endpoint_; }
    // The syntaxes the peer accepted for each SOP Class, read once when it was opened.
    std::map<std::string, std::set<std::string>> AcceptedSyntaxes() const;
    // The SOP Class and transfer syntax of a DICOM file, from its meta header only.
    static bool ReadMeta(const char* dicomFile, size_t size, std::string& sopClass,
                         std::string& transferSyntax);
    // The instances' syntaxes proposed for each SOP Class (besides the uncompressed ones).
    const std::map<std::string, std::set<std::string>>& Proposed() const { return proposed_; }

  private:
    void Connect(const std::map<std::string, std::set<std::string>>& syntaxesBySopClass);
    void SetUpTls(); // throws DicomNetworkError naming the setting or file at fault
    // The A-ASSOCIATE-RQ: AE Titles, address, transport and presentation contexts.
    T_ASC_Parameters* NewParameters(const std::vector<ProposedContext>& contexts,
                                    int connectTimeout);
    void ReadAccepted(); // fills accepted_ once the association is open
    // The context to send result's instance on, 0 with result's outcome saying why not.
    unsigned char Choose(Result& result) const;
    // One C-STORE request and its answer: the peer's DIMSE status.
    uint16_t Send(unsigned char id, DcmDataset& dataset, const Result& instance,
                  const std::string& moveOriginatorAet, uint16_t moveOriginatorId);
    void Close(); // releases (or aborts) the association and drops the network
    void Abort();

    StoreEndpoint endpoint_;
    std::map<std::string, std::set<std::string>> proposed_;
    std::unique_ptr<DcmTLSTransportLayer> tls_; // outlives network_
    T_ASC_Network* network_ = nullptr;
    T_ASC_Association* association_ = nullptr;
    uint16_t nextMessageId_ = 1;
    // SOP Class -> accepted syntax -> presentation context id
    std::map<std::string, std::map<std::string, unsigned char>> accepted_;
  };

} // namespace XnatDqr
