#include "interop/planning_json.h"

#include <array>
#include <optional>

namespace plasticity {
namespace {

using namespace json_fields;

constexpr const char* kRulesFile = "screening_rules.json";
constexpr const char* kScheduleFile = "clinic_schedule.json";
constexpr std::array<const char*, 7> kWeekdays{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

void check_protocol(const ProtocolCatalog& protocols, const std::string& id,
                    const std::string& path) {
  if (!protocols.find(id)) fail(path, "no protocol '" + id + "'");
}

const IntakeField& intake_field(const Json& json, const std::string& path,
                                IntakeFieldType expected) {
  const std::string id = text(json, "field", path);
  const IntakeField* field = find_intake_field(id);
  if (!field) fail(path + "/field", "no intake question '" + id + "'");
  if (field->type != expected) fail(path, "this test does not fit the answer type of " + id);
  return *field;
}

Condition condition(const Json& json, const std::string& path) {
  if (!json.is_object()) fail(path, "must be an object");
  Condition c;
  using Test = Condition::Test;
  if (json.contains("all") || json.contains("any")) {
    c.test = json.contains("all") ? Test::all : Test::any;
    const std::string key = c.test == Test::all ? "all" : "any";
    for (std::size_t i = 0; const Json& part : list(json, key, path)) {
      c.parts.push_back(condition(part, path + "/" + key + "/" + std::to_string(i++)));
    }
    if (c.parts.empty()) fail(path + "/" + key, "needs at least one condition");
    return c;
  }
  c.field = text(json, "field", path);
  if (!find_intake_field(c.field)) fail(path + "/field", "no intake question '" + c.field + "'");
  if (json.contains("missing")) {
    c.test = Test::missing;
  } else if (json.contains("is")) {
    intake_field(json, path, IntakeFieldType::yes_no);
    c.test = Test::is;
    c.yes = boolean(json, "is", path);
  } else if (json.contains("equals")) {
    const IntakeField& field = intake_field(json, path, IntakeFieldType::choice);
    c.test = Test::equals;
    c.choice = text(json, "equals", path);
    if (std::find(field.choices.begin(), field.choices.end(), c.choice) == field.choices.end()) {
      fail(path + "/equals", "'" + c.choice + "' is not a choice of " + field.id);
    }
  } else {
    intake_field(json, path, IntakeFieldType::number);
    for (auto [key, test] : {std::pair{"at_least", Test::at_least}, std::pair{"above", Test::above},
                             std::pair{"below", Test::below}}) {
      if (json.contains(key)) {
        c.test = test;
        c.number = number(json, key, path);
        return c;
      }
    }
    fail(path, "needs is, equals, at_least, above, below, missing, all or any");
  }
  return c;
}

int clock_minutes(const Json& json, const std::string& path) {
  const std::string value = json.is_string() ? json.get<std::string>() : "";
  if (value.size() != 5 || value[2] != ':') fail(path, "must be a time \"HH:MM\"");
  const int hours = std::atoi(value.substr(0, 2).c_str());
  const int minutes = std::atoi(value.substr(3, 2).c_str());
  if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0)) fail(path, "not a time");
  return hours * 60 + minutes;
}

AppointmentType appointment_type(const Json& json, const std::string& path,
                                 const ProtocolCatalog& protocols) {
  AppointmentType type;
  type.id = text(json, "id", path);
  type.name = text(json, "name", path);
  type.minutes = integer(json, "minutes", path);
  if (type.minutes < 5 || type.minutes > 12 * 60) fail(path + "/minutes", "must be 5 to 720");
  type.resource_kind = text(json, "resource_kind", path);
  if (type.resource_kind != "chair" && type.resource_kind != "room") {
    fail(path + "/resource_kind", "must be chair or room");
  }
  type.protocol_id = text(json, "protocol", path, false);
  if (!type.protocol_id.empty()) check_protocol(protocols, type.protocol_id, path + "/protocol");
  type.needs_prescriber_on_site =
      json.contains("needs_prescriber_on_site") && boolean(json, "needs_prescriber_on_site", path);
  type.instructions = strings(json, "instructions", path);
  type.source = text(json, "source", path);
  return type;
}

CourseTemplate course_template(const Json& json, const std::string& path,
                               const ProtocolCatalog& protocols) {
  CourseTemplate course;
  course.id = text(json, "id", path);
  course.name = text(json, "name", path);
  course.protocol_id = text(json, "protocol", path);
  check_protocol(protocols, course.protocol_id, path + "/protocol");
  for (std::size_t i = 0; const Json& phase : list(json, "phases", path)) {
    const std::string phase_path = path + "/phases/" + std::to_string(i++);
    course.phases.push_back(
        {integer(phase, "sessions", phase_path), integer(phase, "per_week", phase_path)});
    if (course.phases.back().per_week < 1 || course.phases.back().per_week > 3) {
      fail(phase_path + "/per_week", "must be 1, 2 or 3");
    }
  }
  if (course.phases.empty()) fail(path + "/phases", "needs at least one phase");
  course.source = text(json, "source", path);
  return course;
}

}  // namespace

std::vector<ScreeningRule> parse_screening_rules(const std::string& json_text,
                                                 const ProtocolCatalog& protocols) {
  const Json json = parse_text(json_text);
  std::vector<ScreeningRule> rules;
  for (std::size_t i = 0; const Json& item : list(json, "rules", "")) {
    const std::string path = "/rules/" + std::to_string(i++);
    ScreeningRule rule;
    rule.id = text(item, "id", path);
    for (const auto& id : strings(item, "protocols", path)) {
      check_protocol(protocols, id, path + "/protocols");
      rule.protocols.push_back(id);
    }
    const auto kind = parse_rule_kind(text(item, "kind", path));
    if (!kind) fail(path + "/kind", "must be absolute, relative or caution");
    rule.kind = *kind;
    if (!item.contains("when")) fail(path + "/when", "is required");
    rule.when = condition(item["when"], path + "/when");
    rule.message = text(item, "message", path);
    rule.source = text(item, "source", path);
    rule.kind_is_clinic_default =
        item.contains("kind_is_clinic_default") && boolean(item, "kind_is_clinic_default", path);
    for (const auto& earlier : rules) {
      if (earlier.id == rule.id) fail(path + "/id", "'" + rule.id + "' is used twice");
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

ClinicSchedule parse_clinic_schedule(const std::string& json_text,
                                     const ProtocolCatalog& protocols) {
  const Json json = parse_text(json_text);
  ClinicSchedule schedule;
  schedule.time_zone_name = text(json, "time_zone", "");
  schedule.time_zone = ClinicTimeZone::locate(schedule.time_zone_name);
  if (!schedule.time_zone) fail("/time_zone", "no time zone '" + schedule.time_zone_name + "'");
  if (!json.contains("opening_hours") || !json["opening_hours"].is_object()) {
    fail("/opening_hours", "must be an object with mon..sun");
  }
  for (std::size_t day = 0; day < kWeekdays.size(); ++day) {
    const std::string path = std::string("/opening_hours/") + kWeekdays[day];
    for (std::size_t i = 0; const Json& span : list(json["opening_hours"], kWeekdays[day], "")) {
      const std::string span_path = path + "/" + std::to_string(i++);
      if (!span.is_array() || span.size() != 2) fail(span_path, "must be [\"HH:MM\", \"HH:MM\"]");
      const OpenInterval interval{clock_minutes(span[0], span_path + "/0"),
                                  clock_minutes(span[1], span_path + "/1")};
      if (interval.close_minute <= interval.open_minute) fail(span_path, "closes before it opens");
      schedule.opening_hours[day].push_back(interval);
    }
  }
  for (std::size_t i = 0; const Json& item : list(json, "instructions", "")) {
    const std::string path = "/instructions/" + std::to_string(i++);
    schedule.instructions.push_back({text(item, "id", path), text(item, "text", path),
                                     integer(item, "send_hours_before", path),
                                     text(item, "source", path)});
  }
  for (std::size_t i = 0; const Json& item : list(json, "appointment_types", "")) {
    const std::string path = "/appointment_types/" + std::to_string(i++);
    schedule.appointment_types.push_back(appointment_type(item, path, protocols));
    for (const auto& id : schedule.appointment_types.back().instructions) {
      if (!schedule.find_instruction(id))
        fail(path + "/instructions", "no instruction '" + id + "'");
    }
  }
  for (std::size_t i = 0; const Json& item : list(json, "course_templates", "")) {
    schedule.course_templates.push_back(
        course_template(item, "/course_templates/" + std::to_string(i++), protocols));
  }
  return schedule;
}

std::vector<ScreeningRule> load_screening_rules(
    const std::vector<std::filesystem::path>& directories, const ProtocolCatalog& protocols) {
  std::vector<ScreeningRule> rules;
  load_named(directories, kRulesFile, [&](const std::string& content) {
    rules = parse_screening_rules(content, protocols);
  });
  return rules;
}

ClinicSchedule load_clinic_schedule(const std::vector<std::filesystem::path>& directories,
                                    const ProtocolCatalog& protocols) {
  ClinicSchedule schedule;
  load_named(directories, kScheduleFile, [&](const std::string& content) {
    schedule = parse_clinic_schedule(content, protocols);
  });
  return schedule;
}

}  // namespace plasticity
