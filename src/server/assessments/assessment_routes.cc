// The instrument catalog and a patient's assessments: record one (clinician entry or kiosk),
// read the history with change from baseline and response/remission/relapse.
#include <set>

#include "server/api.h"
#include "server/assessments/assessment_support.h"
#include "server/http/problem.h"

namespace plasticity::server {
namespace {

// Assessments may be entered a little after the fact, never ahead of the server's clock.
constexpr std::int64_t kClockSkewMs = 5 * kMillisPerMinute;

http::Response list_instruments(ApiServices& services, RequestContext&) {
  OrderedJson items = OrderedJson::array();
  for (const auto& [id, entry] : services.instruments.all()) {
    const Instrument& i = entry.instrument;
    items.push_back({{"id", id},
                     {"name", i.name},
                     {"version", i.version},
                     {"rater", i.rater},
                     {"full_text", i.full_text},
                     {"items", i.items.size()},
                     {"max_total", i.method == ScoringMethod::triage ? OrderedJson()
                                                                     : OrderedJson(i.max_total())},
                     // Outcomes and the early-response forecast need a response rule.
                     {"response_rule", i.outcomes.response_min_reduction.has_value()}});
  }
  return json_response(200, {{"items", items}});
}

http::Response get_instrument(ApiServices& services, RequestContext& context) {
  const auto* entry = services.instruments.find(context.params.at("id"));
  if (!entry) {
    return problem(404, "instrument-not-found", "No such instrument",
                   "no instrument has the id " + context.params.at("id"));
  }
  return http::Response{200, "application/json", {}, entry->definition_json};
}

http::Response record_assessment(ApiServices& services, RequestContext& context) {
  const std::string& patient_id = context.params.at("id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  if (!body.is_object())
    return invalid_input("Not an assessment", {{"", "object", "body must be a JSON object"}});
  FieldErrors errors;
  for (const auto& [key, value] : body.items()) {
    static const std::set<std::string> known{"instrument", "answers", "administered_at", "source"};
    if (!known.contains(key))
      errors.push_back({key, "unknown_field", key + " is not an assessment field"});
  }
  const InstrumentCatalog::Entry* entry = nullptr;
  if (!body.contains("instrument") || !body["instrument"].is_string()) {
    errors.push_back(
        {"instrument", "required", "instrument must name an instrument, e.g. \"phq9\""});
  } else if (!(entry = services.instruments.find(body["instrument"].get<std::string>()))) {
    errors.push_back({"instrument", "unknown_instrument",
                      body["instrument"].get<std::string>() + " is not a known instrument"});
  }
  Submission submission{patient_id, {}, context.now, "clinician", context.staff->id, std::nullopt};
  if (!body.contains("answers")) {
    errors.push_back({"answers", "required", "answers must map item ids to scores"});
  } else {
    auto answer_errors = read_answers(body["answers"], "answers", submission.answers);
    errors.insert(errors.end(), answer_errors.begin(), answer_errors.end());
  }
  if (body.contains("administered_at")) {
    auto at = body["administered_at"].is_string()
                  ? parse_iso8601(body["administered_at"].get<std::string>())
                  : std::nullopt;
    if (!at) {
      errors.push_back({"administered_at", "datetime", "administered_at must be an ISO 8601 time"});
    } else if (at->epoch_ms > context.now.epoch_ms + kClockSkewMs) {
      errors.push_back(
          {"administered_at", "not_in_future", "administered_at must not be in the future"});
    } else {
      submission.administered_at = *at;
    }
  }
  if (body.contains("source")) {
    const Json& source = body["source"];
    if (!source.is_string() || (source != "clinician" && source != "kiosk")) {
      errors.push_back(
          {"source", "one_of",
           "source must be clinician or kiosk (patient_link is set by the link itself)"});
    } else {
      submission.source = source.get<std::string>();
    }
  }
  if (entry && errors.empty()) errors = check_answers(entry->instrument, submission.answers);
  if (!errors.empty()) return invalid_input("The assessment is not valid", errors);

  ScoredSubmission scored =
      score_submission(services.store, entry->instrument, std::move(submission), context.now);
  const auto status = services.store.record_assessments(
      {scored.record}, scored.alerts, std::nullopt, context.now,
      audit_entry(context, "assessment.create", "success", patient_id,
                  entry->instrument.id + (scored.alerts.empty() ? "" : " raised alerts")));
  if (status == AssessmentWriteStatus::patient_not_found) {
    return patient_not_found(patient_id);
  }
  OrderedJson json = assessment_to_json(scored.record);
  json["missing_items"] = scored.record.score.missing_items;
  OrderedJson alerts = OrderedJson::array();
  for (const auto& alert : scored.alerts) alerts.push_back(alert_to_json(alert));
  json["alerts"] = alerts;
  return json_response(201, json).with_header(
      "Location", "/api/v1/patients/" + patient_id + "/assessments/" + scored.record.id);
}

http::Response assessment_history(ApiServices& services, RequestContext& context) {
  const std::string& patient_id = context.params.at("id");
  const std::string instrument =
      context.query.contains("instrument") ? context.query.at("instrument") : "";
  if (!instrument.empty() && !services.instruments.find(instrument)) {
    return invalid_input("Unknown instrument", {{"instrument", "unknown_instrument",
                                                 instrument + " is not a known instrument"}});
  }
  if (!services.store.find_patient(patient_id)) {
    return patient_not_found(patient_id);
  }
  const auto records = services.store.patient_assessments(patient_id, instrument);
  services.store.append_audit(
      audit_entry(context, "assessment.read", "success", patient_id, instrument));
  // Each instrument is its own series, with its own baseline.
  std::map<std::string, std::vector<std::size_t>> series;
  for (std::size_t i = 0; i < records.size(); ++i) series[records[i].instrument_id].push_back(i);
  std::vector<OrderedJson> items(records.size());
  OrderedJson rules = OrderedJson::object();
  const auto dosed = first_dose(services.store, patient_id);
  for (const auto& [id, indexes] : series) {
    const auto* entry = services.instruments.find(id);
    const OutcomeRules outcome = entry ? entry->instrument.outcomes : OutcomeRules{};
    std::vector<AssessmentRecord> one;
    for (auto i : indexes) one.push_back(records[i]);
    const auto points = classify_series(outcome, one, dosed);
    for (std::size_t k = 0; k < indexes.size(); ++k) {
      items[indexes[k]] = assessment_to_json(records[indexes[k]], points[k]);
    }
    rules[id] = {{"response", outcome.response_source},
                 {"remission", outcome.remission_source},
                 {"meaningful_change", outcome.meaningful_change_source},
                 {"relapse", outcome.relapse_source}};
  }
  return json_response(200, {{"items", items}, {"rules", rules}});
}

}  // namespace

void add_assessment_routes(Router& router, ApiServices& services) {
  router.add("GET", "/api/v1/instruments", Access::signed_in(),
             with_services(services, list_instruments));
  router.add("GET", "/api/v1/instruments/{id}", Access::signed_in(),
             with_services(services, get_instrument));
  router.add("POST", "/api/v1/patients/{id}/assessments",
             Access::needs(Permission::record_assessments),
             with_services(services, record_assessment));
  router.add("GET", "/api/v1/patients/{id}/assessments",
             Access::needs(Permission::read_assessments),
             with_services(services, assessment_history));
}

}  // namespace plasticity::server
