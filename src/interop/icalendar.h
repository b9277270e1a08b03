// iCalendar (RFC 5545) feeds of appointments, written with libical so that escaping, line folding
// and UTC times are what calendar programs expect.
//
//   std::string ics = to_icalendar("Plasticity: dr_pat", {{uid, start, end, "Infusion", ...}},
//   now);
#pragma once

#include <string>
#include <vector>

#include "core/utc_time.h"

namespace plasticity {

struct CalendarEvent {
  std::string uid;  // stable across feeds: the appointment id
  UtcTime start;
  UtcTime end;
  std::string summary;
  std::string location;
  std::string description;
  bool tentative = false;  // proposed, not yet confirmed
};

std::string to_icalendar(const std::string& calendar_name, const std::vector<CalendarEvent>& events,
                         UtcTime stamp);

}  // namespace plasticity
