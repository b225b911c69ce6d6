// libFuzzer: what reaches a Receiver's DICOMweb root and the guard from the network: the path
// under the root, an Accept header, an Authorization header, a request URI and a Retrieve URL.
// Properties: no crash; a retrieve names its study; a readable Accept has no complaint and an
// unreadable one says why; a Basic user has no ':'; an unbound identity is never refused, and
// a bound one never on its own root (unless a "." or ".." segment climbs); a moved Retrieve URL
// keeps its "/studies/..." tail.
#include "Core/DicomWeb/AcceptedMedia.h"
#include "Core/DicomWeb/DicomWebPath.h"
#include "Core/DicomWeb/HttpGuard.h"
#include "Core/DicomWeb/RetrieveUrls.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  using namespace XnatDqr;
  std::vector<std::string> fields(4);
  size_t field = 0;
  for (size_t i = 0; i < size && field < fields.size(); i++)
  {
    data[i] == '\n' ? static_cast<void>(field++)
                    : fields[field].push_back(static_cast<char>(data[i]));
  }
  const DicomWebPath path = DicomWebPath::Parse(fields[0]);
  if (path.kind == DicomWebPath::Kind::Retrieve && (path.study.empty() || path.level.empty()))
  {
    std::abort();
  }
  const AcceptedMedia media = AcceptedMedia::Parse(fields[1]);
  if (media.acceptable == !media.why.empty())
  {
    std::abort();
  }
  if (BasicUser(fields[2]).find(':') != std::string::npos)
  {
    std::abort();
  }
  Receiver bound;
  bound.id = "xnat-b";
  bound.httpUsers = {"xnatb"};
  bound.httpAddresses = {"10.0.0.0/24"};
  const std::vector<Receiver> receivers{bound};
  const bool climbs = fields[3].find("/.") != std::string::npos ||
                      fields[3].find("%2") != std::string::npos || fields[3].rfind(".", 0) == 0;
  if (GuardHttp(receivers, "other", "192.168.0.1", fields[3], "/dicom-web/").refuse ||
      (!climbs &&
       GuardHttp(receivers, "xnatb", "", "/xnat-dqr/dicom-web/xnat-b/" + fields[3], "/dicom-web/")
         .refuse))
  {
    std::abort();
  }
  const std::string url = fields[3];
  const size_t tail = url.rfind("/studies/");
  const std::string moved = MoveRetrieveUrl(url, fields[0], "/xnat-dqr/dicom-web/xnat-b");
  if (tail != std::string::npos &&
      moved.compare(moved.size() - (url.size() - tail), std::string::npos, url.substr(tail)) != 0)
  {
    std::abort();
  }
  return 0;
}
