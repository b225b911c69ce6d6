// libFuzzer: the identifiers of a C-MOVE, as Orthanc hands them over. Properties: no crash; an
// accepted request's key of its level holds a value and no wildcard, and every UID is digits
// and dots.
#include "Core/Routing/MoveKeyRules.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  using namespace XnatDqr;
  if (size == 0)
  {
    return 0;
  }
  static const char* const LEVELS[] = {"Patient", "Study", "Series", "Instance"};
  std::vector<std::string> fields(5);
  size_t field = 0;
  for (size_t i = 1; i < size && field < fields.size(); i++)
  {
    data[i] == '\n' ? static_cast<void>(field++)
                    : fields[field].push_back(static_cast<char>(data[i]));
  }
  MoveRequest request;
  request.level = LEVELS[data[0] % 4];
  request.patientId = fields[0];
  request.accessionNumber = fields[1];
  request.studyInstanceUid = fields[2];
  request.seriesInstanceUid = fields[3];
  request.sopInstanceUid = fields[4];
  if (!CheckMoveKeys(request).empty())
  {
    return 0;
  }
  const std::string& key =
    request.level == "Patient"  ? request.patientId
    : request.level == "Series" ? request.seriesInstanceUid
    : request.level == "Instance"
      ? request.sopInstanceUid
      : (request.studyInstanceUid.find_first_not_of(" \\") == std::string::npos
           ? request.accessionNumber
           : request.studyInstanceUid);
  const bool isUid = request.level != "Patient" && &key != &request.accessionNumber;
  if (key.find_first_not_of(" \\") == std::string::npos ||
      key.find_first_of("*?") != std::string::npos ||
      (isUid && key.find_first_not_of("0123456789.\\ ") != std::string::npos))
  {
    std::abort();
  }
  return 0;
}
