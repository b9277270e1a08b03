// Alerts for the care team: list (open ones on every page of the UI) and acknowledge with a note.
#include "server/api.h"
#include "server/assessments/assessment_support.h"
#include "server/http/problem.h"
#include "server/patients/patient_json.h"

namespace plasticity::server {
namespace {

constexpr std::size_t kMaxNoteLength = 2000;

http::Response list_alerts(ApiServices& services, RequestContext& context) {
  const std::string status = context.query.contains("status") ? context.query.at("status") : "open";
  if (status != "open" && status != "all") {
    return invalid_input("Unknown status", {{"status", "one_of", "status must be open or all"}});
  }
  std::optional<std::string> patient_id;
  if (context.query.contains("patient_id")) patient_id = context.query.at("patient_id");
  const auto alerts = services.store.alerts(status == "open", patient_id);
  OrderedJson items = OrderedJson::array();
  for (const auto& alert : alerts) {
    OrderedJson json = alert_to_json(alert);
    // Enough to act on from any page: who the alert is about.
    if (auto patient = services.store.find_patient(alert.patient_id)) {
      json["patient"] = patient_brief_to_json(*patient);
    }
    items.push_back(json);
  }
  if (!alerts.empty()) {
    std::vector<std::string> shown;
    for (const auto& alert : alerts) shown.push_back(alert.patient_id);
    services.store.append_audit(list_audit_entry(context, "alert.read", patient_id,
                                                 std::move(shown),
                                                 std::to_string(alerts.size()) + " alerts"));
  }
  return json_response(200, {{"items", items}});
}

http::Response acknowledge(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  const Json note = body.is_object() ? body.value("note", Json()) : Json();
  if (!note.is_string() ||
      note.get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos ||
      note.get<std::string>().size() > kMaxNoteLength) {
    return invalid_input(
        "A note is required",
        {{"note", "required", "note must say what was done (1 to 2000 characters)"}});
  }
  const auto alert = services.store.find_alert(id);
  if (!alert) return problem(404, "alert-not-found", "No such alert", "no alert has the id " + id);
  const auto status = services.store.acknowledge_alert(
      id, context.staff->id, note.get<std::string>(), context.now,
      audit_entry(context, "alert.acknowledge", "success", alert->patient_id, "alert " + id));
  if (status == AcknowledgeStatus::already_acknowledged) {
    return problem(409, "alert-acknowledged", "Already acknowledged",
                   "this alert was acknowledged already");
  }
  return json_response(200, alert_to_json(*services.store.find_alert(id)));
}

}  // namespace

void add_alert_routes(Router& router, ApiServices& services) {
  router.add("GET", "/api/v1/alerts", Access::needs(Permission::manage_alerts),
             with_services(services, list_alerts));
  router.add("POST", "/api/v1/alerts/{id}/acknowledgement",
             Access::needs(Permission::manage_alerts), with_services(services, acknowledge));
}

}  // namespace plasticity::server
