#include "Orthanc/BuiltInRoutes.h"

#include "Core/Common/Errors.h"
#include "Orthanc/OrthancApi.h"

namespace XnatDqr
{
  RestReply PostToBuiltInRoute(const std::string& uri, const std::string& body)
  {
    const RestAnswer answer = OrthancApi::Post(uri, body);
    if (answer.IsSuccess())
    {
      return RestReply::Raw(answer.body, "application/json");
    }
    return RestReply::OrthancError(answer.errorCode, answer.status);
  }

  std::string StoreInOrthanc(const std::string& dicom)
  {
    const RestAnswer answer = OrthancApi::Post("/instances", dicom);
    if (!answer.IsSuccess())
    {
      throw ValidationError("body",
                            "Orthanc cannot store the body as a DICOM file: " + answer.body);
    }
    return answer.ToJson("/instances")["ID"].asString();
  }
} // namespace XnatDqr
