#pragma once

#include "Core/Common/JsonText.h"
#include "Core/Receivers/ModalityGateway.h"
#include "Core/Receivers/Receiver.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace XnatDqr::Testing
{
  inline Receiver MakeReceiver(const std::string& id, const std::string& aet, uint16_t port,
                               const std::vector<std::string>& callers = {})
  {
    Receiver receiver;
    receiver.id = id;
    receiver.label = id;
    receiver.aet = aet;
    receiver.host = "127.0.0.1";
    receiver.port = port;
    receiver.callingAets = callers;
    return receiver;
  }

  // Orthanc's DicomModalities in memory; can be told to refuse the next Put.
  class FakeModalities : public ModalityGateway
  {
  public:
    std::map<std::string, Json::Value> entries;
    bool failNextPut = false;
    int puts = 0;
    int lists = 0;

    std::map<std::string, Json::Value> List() override
    {
      lists++;
      return entries;
    }

    bool Exists(const std::string& name) override { return entries.count(name) > 0; }

    void Put(const std::string& name, const Json::Value& definition) override
    {
      if (failNextPut)
      {
        failNextPut = false;
        throw std::runtime_error("Orthanc refused");
      }
      puts++;
      entries[name] = definition;
    }

    void Remove(const std::string& name) override { entries.erase(name); }
  };
} // namespace XnatDqr::Testing
