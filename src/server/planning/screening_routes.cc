// Eligibility screening: the intake questions and rules, a screening taken for a protocol, its
// history, and the prescriber's sign-off (with overrides of relative contraindications).
#include "server/api.h"
#include "server/http/credentials.h"
#include "server/http/problem.h"
#include "server/http/request_support.h"
#include "server/planning/screening_json.h"

namespace plasticity::server {
namespace {

constexpr std::size_t kMaxReasonLength = 2000;

std::string_view type_name(IntakeFieldType type) {
  switch (type) {
    case IntakeFieldType::yes_no:
      return "yes_no";
    case IntakeFieldType::number:
      return "number";
    case IntakeFieldType::choice:
      return "choice";
  }
  return "";
}

OrderedJson screening_to_json(const ScreeningRecord& r) {
  const Json overrides = Json::parse(r.overrides_json);
  return {{"id", r.id},
          {"patient_id", r.patient_id},
          {"protocol", r.protocol_id},
          {"eligibility", r.eligibility},
          {"fired", OrderedJson::parse(r.fired_json)},
          {"intake", OrderedJson::parse(r.intake_json)},
          {"screened_at", to_iso8601(r.screened_at)},
          {"screened_by", r.screened_by_username},
          {"status", r.decision ? *r.decision : "awaiting_sign_off"},
          {"overrides", overrides},
          {"sign_off_note", r.sign_off_note},
          {"signed_by", r.signed_by ? OrderedJson(r.signed_by_username) : OrderedJson()},
          {"signed_at", optional_time(r.signed_at)}};
}

// The answers as the domain reads them; a value of no answer type is named at once.
Intake read_intake(const Json& json, FieldErrors& errors) {
  Intake intake;
  if (!json.is_object()) {
    errors.push_back({"intake", "object", "intake must be an object of answers"});
    return intake;
  }
  for (const auto& [id, value] : json.items()) {
    if (value.is_boolean()) {
      intake[id] = value.get<bool>();
    } else if (value.is_number()) {
      intake[id] = value.get<double>();
    } else if (value.is_string()) {
      intake[id] = value.get<std::string>();
    } else if (!value.is_null()) {  // null: not answered
      errors.push_back({"intake/" + id, "valid_answer",
                        id + " must be true/false, a number or a "
                             "choice"});
    }
  }
  return intake;
}

http::Response intake_questions(ApiServices& services, RequestContext&) {
  OrderedJson questions = OrderedJson::array();
  for (const auto& field : intake_fields()) {
    if (field.derived) continue;
    OrderedJson q{{"id", field.id},
                  {"group", field.group},
                  {"label", field.label},
                  {"type", type_name(field.type)},
                  {"required", field.required}};
    if (field.type == IntakeFieldType::number) {
      q["min"] = field.min;
      q["max"] = field.max;
      q["unit"] = field.unit;
    }
    if (field.type == IntakeFieldType::choice) q["choices"] = field.choices;
    questions.push_back(q);
  }
  OrderedJson rules = OrderedJson::array();
  const auto clinic = services.settings.get();
  for (const auto& rule : clinic->screening_rules) {
    rules.push_back({{"id", rule.id},
                     {"protocols", rule.protocols},
                     {"kind", to_string(rule.kind)},
                     {"kind_is_clinic_default", rule.kind_is_clinic_default},
                     {"message", rule.message},
                     {"source", rule.source}});
  }
  return json_response(200, {{"questions", questions}, {"rules", rules}});
}

http::Response create_screening(ApiServices& services, RequestContext& context) {
  const std::string& patient_id = context.params.at("id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  FieldErrors errors;
  const std::string protocol_id = body.is_object() && body.value("protocol", Json()).is_string()
                                      ? body["protocol"].get<std::string>()
                                      : "";
  if (!services.protocols.find(protocol_id)) {
    errors.push_back({"protocol", "one_of", "protocol must name a protocol, e.g. iv_ketamine"});
  }
  Intake intake = read_intake(body.is_object() ? body.value("intake", Json()) : Json(), errors);
  const FieldErrors intake_errors = validate_intake(intake);
  errors.insert(errors.end(), intake_errors.begin(), intake_errors.end());
  if (!errors.empty()) return invalid_input("The screening is not complete", errors);
  const auto patient = services.store.find_patient(patient_id);
  if (!patient) {
    return patient_not_found(patient_id);
  }
  // Age on the day of screening, from the chart, so no one types it twice.
  intake["age_years"] = static_cast<double>(
      whole_years_between(patient->demographics.birth_date, utc_date_of(context.now)));
  const ScreeningResult result =
      screen(services.settings.get()->screening_rules, protocol_id, intake);

  ScreeningRecord record;
  record.id = new_random_id();
  record.patient_id = patient_id;
  record.protocol_id = protocol_id;
  record.intake_json = intake_to_json(intake).dump();
  record.eligibility = std::string(to_string(result.eligibility));
  record.fired_json = fired_to_json(result.fired).dump();
  record.screened_at = context.now;
  record.screened_by = context.staff->id;
  record.screened_by_username = context.staff->username;
  services.store.create_screening(
      record, audit_entry(context, "screening.create", "success", patient_id,
                          protocol_id + ": " + record.eligibility + ", " +
                              std::to_string(result.fired.size()) + " rules fired"));
  return json_response(201, screening_to_json(record))
      .with_header("Location", "/api/v1/screenings/" + record.id);
}

http::Response list_screenings(ApiServices& services, RequestContext& context) {
  const std::string& patient_id = context.params.at("id");
  if (!services.store.find_patient(patient_id)) {
    return patient_not_found(patient_id);
  }
  OrderedJson items = OrderedJson::array();
  for (const auto& s : services.store.patient_screenings(patient_id)) {
    items.push_back(screening_to_json(s));
  }
  services.store.append_audit(audit_entry(context, "screening.list", "success", patient_id));
  return json_response(200, {{"items", items}});
}

// The screening as the domain judged it, read back from the stored fired rules.
ScreeningResult stored_result(const ScreeningRecord& r) {
  ScreeningResult result;
  result.eligibility = r.eligibility == "not_eligible"   ? Eligibility::not_eligible
                       : r.eligibility == "needs_review" ? Eligibility::needs_review
                                                         : Eligibility::eligible;
  for (const auto& rule : Json::parse(r.fired_json)) {
    result.fired.push_back({rule["id"], parse_rule_kind(rule["kind"].get<std::string>()).value(),
                            rule["message"], rule["source"]});
  }
  return result;
}

SignOff read_sign_off(const Json& body, FieldErrors& errors) {
  SignOff sign_off;
  const Json decision = body.is_object() ? body.value("decision", Json()) : Json();
  if (decision != "approve" && decision != "decline") {
    errors.push_back({"decision", "one_of", "decision must be approve or decline"});
  }
  sign_off.approve = decision == "approve";
  const Json overrides = body.is_object() ? body.value("overrides", Json::array()) : Json();
  if (!overrides.is_array()) {
    errors.push_back({"overrides", "list", "overrides must be a list of {rule_id, reason}"});
  } else {
    for (std::size_t i = 0; i < overrides.size(); ++i) {
      const Json& o = overrides[i];
      const Json rule = o.is_object() ? o.value("rule_id", Json()) : Json();
      const Json reason = o.is_object() ? o.value("reason", Json("")) : Json();
      if (!rule.is_string() || !reason.is_string() ||
          reason.get<std::string>().size() > kMaxReasonLength) {
        errors.push_back({"overrides/" + std::to_string(i), "override",
                          "each override is {rule_id, reason} with a reason of at most 2000 "
                          "characters"});
        continue;
      }
      sign_off.overrides.push_back({rule.get<std::string>(), reason.get<std::string>()});
    }
  }
  const Json note = body.is_object() ? body.value("note", Json("")) : Json();
  if (!note.is_string() || note.get<std::string>().size() > kMaxReasonLength) {
    errors.push_back({"note", "text", "note must be text of at most 2000 characters"});
  } else {
    sign_off.note = note.get<std::string>();
  }
  return sign_off;
}

http::Response sign_off(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  FieldErrors errors;
  const SignOff decision = read_sign_off(body, errors);
  if (!errors.empty()) return invalid_input("The sign-off is not valid", errors);
  const auto screening = services.store.find_screening(id);
  if (!screening)
    return problem(404, "screening-not-found", "No such screening", "no screening " + id);
  for (const auto& later : services.store.patient_screenings(screening->patient_id)) {
    if (later.protocol_id == screening->protocol_id && later.screened_at > screening->screened_at) {
      return problem(409, "screening-superseded", "A newer screening exists",
                     "the intake was screened again on " + to_iso8601(later.screened_at) +
                         "; sign off that screening instead");
    }
  }
  errors = check_sign_off(stored_result(*screening), decision);
  if (!errors.empty()) {
    services.store.append_audit(audit_entry(context, "screening.sign_off", "failure",
                                            screening->patient_id, errors.front().message));
    return problem(422, "sign-off-refused", "The sign-off cannot be recorded",
                   errors.front().message, errors);
  }
  OrderedJson overrides = OrderedJson::array();
  for (const auto& o : decision.overrides) {
    overrides.push_back({{"rule_id", o.rule_id}, {"reason", o.reason}});
  }
  const std::string verdict = decision.approve ? "approved" : "declined";
  const auto status = services.store.sign_off_screening(
      {id, verdict, overrides.dump(), decision.note, context.staff->id, context.now},
      audit_entry(context, "screening.sign_off", "success", screening->patient_id,
                  verdict + " with " + std::to_string(decision.overrides.size()) + " overrides"));
  if (status == AcknowledgeStatus::already_acknowledged) {
    return problem(409, "screening-signed", "Already signed off",
                   "this screening was signed off already; screen again to change the decision");
  }
  return json_response(200, screening_to_json(*services.store.find_screening(id)));
}

}  // namespace

void add_screening_routes(Router& router, ApiServices& services) {
  router.add("GET", "/api/v1/screening/questions", Access::needs(Permission::read_sessions),
             with_services(services, intake_questions));
  router.add("POST", "/api/v1/patients/{id}/screenings", Access::needs(Permission::screen_patients),
             with_services(services, create_screening));
  router.add("GET", "/api/v1/patients/{id}/screenings", Access::needs(Permission::read_sessions),
             with_services(services, list_screenings));
  router.add("POST", "/api/v1/screenings/{id}/sign-off", Access::needs(Permission::prescribe_doses),
             with_services(services, sign_off));
}

}  // namespace plasticity::server
