#include "server/planning/plan_json.h"

#include "server/schedule/schedule_support.h"

namespace plasticity::server {
namespace {

constexpr std::size_t kMaxNotes = 4000;

std::string text_of(const Json& body, const std::string& key, FieldErrors& errors,
                    bool required = true) {
  const Json value = body.value(key, Json());
  if (value.is_string()) return value.get<std::string>();
  if (required || !value.is_null()) errors.push_back({key, "text", key + " must be text"});
  return "";
}

std::optional<double> number_of(const Json& body, const std::string& key, FieldErrors& errors) {
  const Json value = body.value(key, Json());
  if (value.is_null()) return std::nullopt;
  if (!value.is_number()) {
    errors.push_back({key, "number", key + " must be a number"});
    return std::nullopt;
  }
  return value.get<double>();
}

int integer_of(const Json& body, const std::string& key, int fallback, FieldErrors& errors) {
  const Json value = body.value(key, Json());
  if (value.is_null()) return fallback;
  if (!value.is_number_integer()) {
    errors.push_back({key, "integer", key + " must be a whole number"});
    return fallback;
  }
  return value.get<int>();
}

void read_course(const Json& body, const ClinicSchedule& schedule, TreatmentPlan& plan,
                 FieldErrors& errors) {
  if (body.contains("course")) {
    const std::string id = text_of(body, "course", errors);
    const CourseTemplate* course = schedule.find_course(id);
    if (!course) {
      errors.push_back({"course", "known_course", "no course template " + id});
    } else if (course->protocol_id != plan.protocol_id) {
      errors.push_back({"course", "same_protocol", id + " is a course of " + course->protocol_id});
    } else {
      plan.induction = course->phases;
    }
    return;
  }
  const Json phases = body.value("induction", Json());
  if (!phases.is_array()) {
    errors.push_back(
        {"induction", "required",
         "give a course template (course) or induction phases [{sessions, per_week}]"});
    return;
  }
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const Json& p = phases[i];
    if (!p.is_object() || !p.value("sessions", Json()).is_number_integer() ||
        !p.value("per_week", Json()).is_number_integer()) {
      errors.push_back({"induction/" + std::to_string(i), "phase",
                        "each phase is {sessions, per_week} in whole numbers"});
      continue;
    }
    plan.induction.push_back({p["sessions"].get<int>(), p["per_week"].get<int>()});
  }
}

void read_measurements(const Json& body, TreatmentPlan& plan, FieldErrors& errors) {
  const Json items = body.value("measurements", Json::array());
  if (!items.is_array()) {
    errors.push_back({"measurements", "list", "measurements must be a list"});
    return;
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Json& m = items[i];
    if (!m.is_object() || !m.value("instrument", Json()).is_string() ||
        !m.value("when", Json()).is_string()) {
      errors.push_back({"measurements/" + std::to_string(i), "measurement",
                        "each measurement is {instrument, when}"});
      continue;
    }
    plan.measurements.push_back({m["instrument"].get<std::string>(), m["when"].get<std::string>()});
  }
}

}  // namespace

TreatmentPlan read_plan(const Json& body, const ClinicSchedule& schedule, FieldErrors& errors) {
  TreatmentPlan plan;
  if (!body.is_object()) {
    errors.push_back({"", "object", "the plan must be a JSON object"});
    return plan;
  }
  plan.screening_id = text_of(body, "screening_id", errors);
  plan.indication = text_of(body, "indication", errors);
  plan.protocol_id = text_of(body, "protocol", errors);
  plan.dose_mg_per_kg = number_of(body, "dose_mg_per_kg", errors);
  plan.dose_mg = number_of(body, "dose_mg", errors);
  plan.concentration_mg_per_ml = number_of(body, "concentration_mg_per_ml", errors);
  const Json titration = body.value("titration", Json::object());
  if (!titration.is_object()) {
    errors.push_back(
        {"titration", "object", "titration must be {rule, step_mg_per_kg, max_mg_per_kg}"});
  } else {
    plan.titration.rule = titration.value("rule", Json("fixed")).is_string()
                              ? titration.value("rule", std::string("fixed"))
                              : "";
    plan.titration.step_mg_per_kg = number_of(titration, "step_mg_per_kg", errors).value_or(0);
    plan.titration.max_mg_per_kg = number_of(titration, "max_mg_per_kg", errors).value_or(0);
  }
  read_course(body, schedule, plan, errors);
  const std::string first = text_of(body, "first_date", errors);
  if (auto date = parse_iso_date(first)) {
    plan.first_date = *date;
  } else {
    errors.push_back({"first_date", "date", "first_date must be a date, YYYY-MM-DD"});
  }
  const std::string start =
      body.contains("start_time") ? text_of(body, "start_time", errors) : "09:00";
  if (auto minutes = parse_clock(start)) {
    plan.start_minute = *minutes;
  } else {
    errors.push_back({"start_time", "time_of_day", "start_time must be HH:MM"});
  }
  plan.resource_id = text_of(body, "resource_id", errors);
  const Json staff = body.value("staff_ids", Json::array());
  if (!staff.is_array()) {
    errors.push_back({"staff_ids", "list", "staff_ids must be a list of staff ids"});
  } else {
    for (const auto& id : staff) {
      if (id.is_number_integer())
        plan.staff_ids.push_back(id.get<std::int64_t>());
      else
        errors.push_back({"staff_ids", "list", "staff_ids must be whole numbers"});
    }
  }
  read_measurements(body, plan, errors);
  plan.primary_instrument = text_of(body, "primary_instrument", errors, false);
  if (plan.primary_instrument.empty() && !plan.measurements.empty()) {
    plan.primary_instrument = plan.measurements.front().instrument_id;
  }
  plan.futility_review_after = integer_of(body, "futility_review_after", 3, errors);
  plan.maintenance_every_weeks = integer_of(body, "maintenance_every_weeks", 0, errors);
  plan.notes = text_of(body, "notes", errors, false);
  if (plan.notes.size() > kMaxNotes) {
    errors.push_back({"notes", "length", "notes must be at most 4000 characters"});
  }
  return plan;
}

OrderedJson plan_to_json(const TreatmentPlan& plan) {
  OrderedJson induction = OrderedJson::array();
  for (const auto& p : plan.induction) {
    induction.push_back({{"sessions", p.sessions}, {"per_week", p.per_week}});
  }
  OrderedJson measurements = OrderedJson::array();
  for (const auto& m : plan.measurements) {
    measurements.push_back({{"instrument", m.instrument_id}, {"when", m.when}});
  }
  return {{"screening_id", plan.screening_id},
          {"indication", plan.indication},
          {"protocol", plan.protocol_id},
          {"dose_mg_per_kg", optional_json(plan.dose_mg_per_kg)},
          {"dose_mg", optional_json(plan.dose_mg)},
          {"concentration_mg_per_ml", optional_json(plan.concentration_mg_per_ml)},
          {"titration",
           {{"rule", plan.titration.rule},
            {"step_mg_per_kg", plan.titration.step_mg_per_kg},
            {"max_mg_per_kg", plan.titration.max_mg_per_kg}}},
          {"induction", induction},
          {"first_date", to_iso_string(plan.first_date)},
          {"start_time", clock_text(plan.start_minute)},
          {"resource_id", plan.resource_id},
          {"staff_ids", plan.staff_ids},
          {"measurements", measurements},
          {"primary_instrument", plan.primary_instrument},
          {"futility_review_after", plan.futility_review_after},
          {"maintenance_every_weeks", plan.maintenance_every_weeks},
          {"notes", plan.notes}};
}

}  // namespace plasticity::server
