#include "interop/icalendar.h"

#include <libical/ical.h>

#include <cstdlib>
#include <memory>

namespace plasticity {
namespace {

icaltimetype utc(UtcTime time) {
  return icaltime_from_timet_with_zone(static_cast<time_t>(time.epoch_ms / 1000), 0,
                                       icaltimezone_get_utc_timezone());
}

}  // namespace

std::string to_icalendar(const std::string& calendar_name, const std::vector<CalendarEvent>& events,
                         UtcTime stamp) {
  std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> calendar{
      icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
                          icalproperty_new_prodid("-//Plasticity//Schedule//EN"),
                          icalproperty_new_calscale("GREGORIAN"), nullptr),
      icalcomponent_free};
  icalproperty* name = icalproperty_new_x(calendar_name.c_str());
  icalproperty_set_x_name(name, "X-WR-CALNAME");
  icalcomponent_add_property(calendar.get(), name);
  for (const auto& e : events) {
    icalcomponent* event = icalcomponent_vanew(
        ICAL_VEVENT_COMPONENT, icalproperty_new_uid(e.uid.c_str()),
        icalproperty_new_dtstamp(utc(stamp)), icalproperty_new_dtstart(utc(e.start)),
        icalproperty_new_dtend(utc(e.end)), icalproperty_new_summary(e.summary.c_str()),
        icalproperty_new_status(e.tentative ? ICAL_STATUS_TENTATIVE : ICAL_STATUS_CONFIRMED),
        nullptr);
    if (!e.location.empty()) {
      icalcomponent_add_property(event, icalproperty_new_location(e.location.c_str()));
    }
    if (!e.description.empty()) {
      icalcomponent_add_property(event, icalproperty_new_description(e.description.c_str()));
    }
    icalcomponent_add_component(calendar.get(), event);
  }
  char* text = icalcomponent_as_ical_string_r(calendar.get());
  std::string result(text);
  std::free(text);
  return result;
}

}  // namespace plasticity
