#include "Core/Routing/MoveKeyRules.h"

#include <vector>

namespace XnatDqr
{
  namespace
  {
    // The values of a backslash-separated list, trimmed; "a\\" has two, the second empty.
    std::vector<std::string> Values(const std::string& list)
    {
      std::vector<std::string> values;
      size_t start = 0;
      while (true)
      {
        const size_t end = list.find('\\', start);
        const std::string item = list.substr(start, end == std::string::npos ? end : end - start);
        const size_t first = item.find_first_not_of(' ');
        values.push_back(first == std::string::npos
                           ? ""
                           : item.substr(first, item.find_last_not_of(' ') - first + 1));
        if (end == std::string::npos)
        {
          return values;
        }
        start = end + 1;
      }
    }

    bool IsBlank(const std::string& list)
    {
      return list.find_first_not_of(" \\") == std::string::npos;
    }

    std::string CheckValue(const std::string& keyword, const std::string& list, bool isUid)
    {
      if (IsBlank(list))
      {
        return keyword + " is empty: a C-MOVE names what it moves by unique keys";
      }
      for (const std::string& value : Values(list))
      {
        if (value.empty())
        {
          return keyword + " has an empty value in its list";
        }
        if (value.find_first_of("*?") != std::string::npos)
        {
          return keyword + " \"" + value + "\" has a wildcard: C-MOVE keys match exactly";
        }
        if (isUid &&
            (value.size() > 64 || value.find_first_not_of("0123456789.") != std::string::npos))
        {
          return keyword + " \"" + value + "\" is not a UID (digits and dots, at most 64)";
        }
      }
      return "";
    }
  } // namespace

  std::string CheckMoveKeys(const MoveRequest& request)
  {
    if (request.level == "Patient")
    {
      return CheckValue("PatientID", request.patientId, false);
    }
    if (request.level == "Study")
    {
      return IsBlank(request.studyInstanceUid) && !request.accessionNumber.empty()
               ? CheckValue("AccessionNumber", request.accessionNumber, false)
               : CheckValue("StudyInstanceUID", request.studyInstanceUid, true);
    }
    if (request.level == "Series")
    {
      return CheckValue("SeriesInstanceUID", request.seriesInstanceUid, true);
    }
    return CheckValue("SOPInstanceUID", request.sopInstanceUid, true);
  }
} // namespace XnatDqr
