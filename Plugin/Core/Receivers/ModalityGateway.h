#pragma once

#include <json/value.h>
#include <map>
#include <string>

namespace XnatDqr
{
  // Orthanc's DicomModalities, as the registry needs them (implemented over Orthanc's REST
  // API in the plugin, by a fake in the unit tests).
  class ModalityGateway
  {
  public:
    virtual ~ModalityGateway() = default;
    // Every modality Orthanc knows, by symbolic name, expanded.
    virtual std::map<std::string, Json::Value> List() = 0;
    // Whether Orthanc has a modality of this name (one cheap call, whatever the count).
    virtual bool Exists(const std::string& name) = 0;
    virtual void Put(const std::string& name, const Json::Value& definition) = 0;
    // Removing a name Orthanc does not know is not an error.
    virtual void Remove(const std::string& name) = 0;
  };
} // namespace XnatDqr
