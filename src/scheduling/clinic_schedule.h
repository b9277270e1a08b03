// The clinic's schedule settings: its time zone and opening hours, the appointment types it books
// (with the chair time each needs and whether a prescriber must be on site), the instructions a
// patient receives before each type, and the induction courses a plan can start from. Data in
// definitions/clinic_schedule.json, replaced whole by DATA/scheduling/clinic_schedule.json.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/clinic_time.h"
#include "protocols/treatment_plan.h"

namespace plasticity {

struct OpenInterval {
  int open_minute = 0;  // local minutes after midnight
  int close_minute = 0;
};

// A message generated into the outbox for every booked appointment of the types that list it.
struct PatientInstruction {
  std::string id;
  std::string text;
  int send_hours_before = 24;
  std::string source;
};

struct AppointmentType {
  std::string id;  // "infusion", "esketamine_session", "kap_dosing", ...
  std::string name;
  int minutes = 60;           // the chair or room time it needs at least
  std::string resource_kind;  // "chair" or "room"
  std::string protocol_id;    // set for treatment sessions: booking one books the session
  bool needs_prescriber_on_site = false;
  std::vector<std::string> instructions;  // PatientInstruction ids
  std::string source;
};

struct CourseTemplate {
  std::string id;  // "iv_6_twice_weekly"
  std::string name;
  std::string protocol_id;
  std::vector<CoursePhase> phases;
  std::string source;
};

struct ClinicSchedule {
  std::string time_zone_name = "UTC";
  std::optional<ClinicTimeZone> time_zone;
  std::array<std::vector<OpenInterval>, 7> opening_hours;  // by weekday, 0 = Sunday
  std::vector<AppointmentType> appointment_types;
  std::vector<PatientInstruction> instructions;
  std::vector<CourseTemplate> course_templates;

  const AppointmentType* find_type(const std::string& id) const;
  const PatientInstruction* find_instruction(const std::string& id) const;
  const CourseTemplate* find_course(const std::string& id) const;
  // The appointment type that books sessions of this protocol, if any.
  const AppointmentType* type_for_protocol(const std::string& protocol_id) const;
  bool open_on(int weekday) const { return !opening_hours.at(weekday).empty(); }
};

}  // namespace plasticity
