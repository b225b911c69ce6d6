#pragma once

#include "Core/Receivers/ModalityGateway.h"

namespace XnatDqr
{
  // Orthanc's DicomModalities through its own REST API (/modalities), so that the same code
  // works with DicomModalitiesInDatabase true (stored) and false (in memory, re-synced at start).
  class OrthancModalities : public ModalityGateway
  {
  public:
    std::map<std::string, Json::Value> List() override;
    bool Exists(const std::string& name) override;
    void Put(const std::string& name, const Json::Value& definition) override;
    void Remove(const std::string& name) override;
  };
} // namespace XnatDqr
