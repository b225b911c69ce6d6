#include "Core/Scu/StoreSyntax.h"

#include <stdexcept>

namespace XnatDqr
{
  namespace StoreSyntax
  {
    const char* const IMPLICIT_LITTLE = "1.2.840.10008.1.2";
    const char* const EXPLICIT_LITTLE = "1.2.840.10008.1.2.1";
    const char* const EXPLICIT_BIG = "1.2.840.10008.1.2.2";

    bool IsUncompressed(const std::string& syntax)
    {
      return syntax == IMPLICIT_LITTLE || syntax == EXPLICIT_LITTLE || syntax == EXPLICIT_BIG;
    }
  } // namespace StoreSyntax

  namespace
  {
    const size_t MAX_CONTEXTS = 128; // DICOM's limit: odd ids 1..255

    const char* const UNCOMPRESSED[] = {StoreSyntax::IMPLICIT_LITTLE, StoreSyntax::EXPLICIT_LITTLE,
                                        StoreSyntax::EXPLICIT_BIG};

    std::string FirstUncompressed(const std::set<std::string>& accepted)
    {
      for (const char* syntax : UNCOMPRESSED)
      {
        if (accepted.count(syntax) > 0)
        {
          return syntax;
        }
      }
      return "";
    }
  } // namespace

  std::vector<ProposedContext>
  ProposeContexts(const std::map<std::string, std::set<std::string>>& syntaxesBySopClass,
                  const SyntaxPolicy& policy)
  {
    // Without transcoding Orthanc still proposes Explicit VR LE as its preferred syntax.
    const std::string preferred =
      policy.transcode ? policy.preferred : std::string(StoreSyntax::EXPLICIT_LITTLE);
    std::vector<ProposedContext> contexts;
    for (const auto& sopClass : syntaxesBySopClass)
    {
      const std::set<std::string>& own = sopClass.second;
      for (const std::string& syntax : own)
      {
        contexts.push_back({sopClass.first, {syntax}});
      }
      if (!preferred.empty() && own.count(preferred) == 0)
      {
        contexts.push_back({sopClass.first, {preferred}});
      }
      ProposedContext others{sopClass.first, {}};
      for (const char* syntax : UNCOMPRESSED)
      {
        if (own.count(syntax) == 0 && preferred != syntax)
        {
          others.syntaxes.push_back(syntax);
        }
      }
      if (!others.syntaxes.empty())
      {
        contexts.push_back(others);
      }
    }
    if (contexts.size() > MAX_CONTEXTS)
    {
      throw std::invalid_argument(std::to_string(contexts.size()) +
                                  " presentation contexts needed, DICOM allows " +
                                  std::to_string(MAX_CONTEXTS) + " in one association");
    }
    return contexts;
  }

  SyntaxChoice ChooseSyntax(const std::string& source, const std::set<std::string>& accepted,
                            const SyntaxPolicy& policy)
  {
    SyntaxChoice choice;
    if (accepted.count(source) > 0)
    {
      choice.action = SyntaxAction::AsIs;
      choice.target = source;
      return choice;
    }
    if (!policy.transcode)
    {
      choice.reason = "the peer did not accept transfer syntax " + source +
                      " and transcoding is off for this destination";
      return choice;
    }
    const std::string uncompressed = FirstUncompressed(accepted);
    if (!policy.preferred.empty() && accepted.count(policy.preferred) > 0)
    {
      choice.target = policy.preferred;
      if (uncompressed != policy.preferred)
      {
        choice.fallback = uncompressed;
      }
    }
    else if (!uncompressed.empty())
    {
      choice.target = uncompressed;
    }
    else
    {
      choice.reason = "the peer accepted neither transfer syntax " + source +
                      " nor one Orthanc can transcode it to";
      return choice;
    }
    choice.action =
      StoreSyntax::IsUncompressed(source) && StoreSyntax::IsUncompressed(choice.target)
        ? SyntaxAction::Convert
        : SyntaxAction::Transcode;
    return choice;
  }
} // namespace XnatDqr
