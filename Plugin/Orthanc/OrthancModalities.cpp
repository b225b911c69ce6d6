#include "Orthanc/OrthancModalities.h"

#include "Core/Common/JsonText.h"
#include "Orthanc/OrthancApi.h"

#include <stdexcept>

namespace XnatDqr
{
  std::map<std::string, Json::Value> OrthancModalities::List()
  {
    const Json::Value all = OrthancApi::GetJson("/modalities?expand");
    std::map<std::string, Json::Value> result;
    for (const std::string& name : all.getMemberNames())
    {
      result[name] = all[name];
    }
    return result;
  }

  bool OrthancModalities::Exists(const std::string& name)
  {
    return OrthancApi::Get("/modalities/" + name).IsSuccess();
  }

  void OrthancModalities::Put(const std::string& name, const Json::Value& definition)
  {
    const RestAnswer answer = OrthancApi::Put("/modalities/" + name, JsonText::Write(definition));
    if (!answer.IsSuccess())
    {
      throw std::runtime_error("Orthanc refused modality \"" + name + "\": " + answer.body);
    }
  }

  void OrthancModalities::Remove(const std::string& name)
  {
    const RestAnswer answer = OrthancApi::Delete("/modalities/" + name);
    if (!answer.IsSuccess() && answer.status != 404)
    {
      throw std::runtime_error("Orthanc could not remove modality \"" + name +
                               "\": " + answer.body);
    }
  }
} // namespace XnatDqr
