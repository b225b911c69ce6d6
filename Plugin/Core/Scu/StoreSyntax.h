#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace XnatDqr
{
  // How Orthanc's own C-STORE SCU proposes and picks transfer syntaxes, so that every C-STORE
  // the plugin makes delivers what stock Orthanc would (docs/DICOM.md, "What it keeps").
  namespace StoreSyntax
  {
    extern const char* const IMPLICIT_LITTLE; // 1.2.840.10008.1.2
    extern const char* const EXPLICIT_LITTLE; // 1.2.840.10008.1.2.1
    extern const char* const EXPLICIT_BIG;    // 1.2.840.10008.1.2.2 (retired)

    bool IsUncompressed(const std::string& syntax);
  } // namespace StoreSyntax

  // One destination's transcoding settings: Orthanc's TranscodeDicomProtocol and the
  // modality's AllowTranscoding (both must be true), DicomScuPreferredTransferSyntax.
  struct SyntaxPolicy
  {
    bool transcode = true;
    std::string preferred = StoreSyntax::EXPLICIT_LITTLE;
  };

  struct ProposedContext
  {
    std::string sopClass;
    std::vector<std::string> syntaxes;
  };

  // For each SOP Class, as Orthanc does: one context per syntax of its instances, one with the
  // preferred syntax, and one with the other uncompressed syntaxes (Implicit VR LE, Explicit VR
  // LE, Explicit VR BE). Throws std::invalid_argument past DICOM's 128 contexts.
  std::vector<ProposedContext>
  ProposeContexts(const std::map<std::string, std::set<std::string>>& syntaxesBySopClass,
                  const SyntaxPolicy& policy);

  enum class SyntaxAction
  {
    AsIs,      // the peer accepted the instance's own syntax
    Convert,   // uncompressed to uncompressed, written in the target syntax on the wire
    Transcode, // through Orthanc's transcoder
    None       // cannot be sent: reason says why
  };

  struct SyntaxChoice
  {
    SyntaxAction action = SyntaxAction::None;
    std::string target;
    std::string fallback; // Transcode to a compressed preferred syntax: where to go if it fails
    std::string reason;
  };

  // The syntax one instance goes out in, given what the peer accepted for its SOP Class: its
  // own if accepted; else, when transcoding is allowed, the preferred syntax if accepted, else
  // the first accepted of Implicit VR LE, Explicit VR LE, Explicit VR BE (Orthanc's order).
  SyntaxChoice ChooseSyntax(const std::string& source, const std::set<std::string>& accepted,
                            const SyntaxPolicy& policy);
} // namespace XnatDqr
