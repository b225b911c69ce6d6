#pragma once

#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"
#include "Core/Schedules/Schedule.h"

#include <string>

// Schedules written as JSON text in the tests.
namespace XnatDqr::Testing
{
  inline Schedule ParseSchedule(const std::string& text)
  {
    return Schedule::FromJson(JsonText::Parse(text), "Schedule");
  }

  // The field the refusal names, or "" when the schedule is accepted.
  inline std::string ScheduleRefusal(const std::string& text)
  {
    try
    {
      ParseSchedule(text);
      return "";
    }
    catch (const ValidationError& e)
    {
      return e.GetField();
    }
  }
} // namespace XnatDqr::Testing
