#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

struct T_ASC_Network;
struct T_ASC_Association;

namespace XnatDqr
{
  // A DICOM network failure (cannot connect, association rejected, peer gone, timeout).
  class DicomNetworkError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  struct StoreEndpoint
  {
    static constexpr uint32_t DEFAULT_TIMEOUT = 10; // Orthanc's DicomScuTimeout default

    std::string localAet; // Orthanc's DicomAet, the calling AE Title of our associations
    std::string calledAet;
    std::string host;
    uint16_t port = 0;
    uint32_t timeout = DEFAULT_TIMEOUT; // seconds: connection, ACSE and DIMSE

    // The one way to build it, for the C-MOVE and the queue alike; timeout 0: the default.
    static StoreEndpoint For(const std::string& localAet, const std::string& aet,
                             const std::string& host, uint16_t port, uint32_t timeout);
  };

  // One association that the plugin controls, to C-STORE many instances with the Move
  // Originator set (Orthanc's REST SCU goes through its jobs engine or cannot set it).
  // Built on DCMTK, the toolkit Orthanc itself uses; released (or aborted) when destroyed.
  class StoreAssociation
  {
  public:
    // Proposes, for each SOP Class, its instances' transfer syntaxes plus Explicit and
    // Implicit VR Little Endian. Throws DicomNetworkError.
    StoreAssociation(const StoreEndpoint& endpoint,
                     const std::map<std::string, std::set<std::string>>& syntaxesBySopClass);
    ~StoreAssociation();
    StoreAssociation(const StoreAssociation&) = delete;
    StoreAssociation& operator=(const StoreAssociation&) = delete;

    enum class Outcome
    {
      Sent,                  // status holds the peer's DIMSE status
      SopClassNotNegotiated, // not proposed on this association: open another one
      NeedsTranscoding       // compressed, and the peer accepted acceptedSyntax instead
    };

    struct Result
    {
      Outcome outcome = Outcome::Sent;
      uint16_t status = 0;
      std::string sopClassUid;    // read from the file
      std::string sopInstanceUid; // idem
      std::string transferSyntax; // idem
      std::string acceptedSyntax;
    };

    // C-STORE of a DICOM file (part 10 bytes). Uncompressed syntaxes are converted into each
    // other on the fly. Throws DicomNetworkError when the association fails (it is then
    // aborted), std::runtime_error when the file cannot be parsed.
    // The bytes are not copied: large instances cost one parse, not three copies.
    Result Store(const char* dicomFile, size_t size, const std::string& moveOriginatorAet,
                 uint16_t moveOriginatorId);

    bool IsAlive() const { return association_ != nullptr; }
    // An idle association the peer has released, aborted or closed (something to read).
    bool PeerClosed() const;
    const StoreEndpoint& Endpoint() const { return endpoint_; }
    // What was proposed, for each SOP Class, besides the two fallback syntaxes.
    const std::map<std::string, std::set<std::string>>& Proposed() const { return proposed_; }

  private:
    void Connect(const std::map<std::string, std::set<std::string>>& syntaxesBySopClass);
    void Close(); // releases (or aborts) the association and drops the network
    void Abort();

    StoreEndpoint endpoint_;
    std::map<std::string, std::set<std::string>> proposed_;
    T_ASC_Network* network_ = nullptr;
    T_ASC_Association* association_ = nullptr;
    uint16_t nextMessageId_ = 1;
  };

  bool IsUncompressedSyntax(const std::string& transferSyntaxUid);
} // namespace XnatDqr
