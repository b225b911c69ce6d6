#pragma once

#include "Core/Schedules/Schedule.h"

#include <json/value.h>
#include <string>

// XNAT DQR's own PACS availability format: an array of
// {"dayOfWeek": "MONDAY", "availabilityStart": "08:00", "availabilityEnd": "17:00",
//  "threads": 2, "utilizationPercent": 100}. XNAT has no bandwidth cap, knows no "24:00"
// (it ends a day at "23:59") and reads an interval that runs past midnight backwards, so an
// overnight Window is exported as two intervals, one on each day.
namespace XnatDqr::XnatAvailability
{
  Json::Value Export(const Schedule& schedule);

  // Weekdays in any case; "23:59" as an end means the end of the day; MaxMBps is 0.
  // Errors name the field under path, e.g. "Availability[2].availabilityStart".
  Schedule Import(const Json::Value& intervals, const std::string& path);
} // namespace XnatDqr::XnatAvailability
