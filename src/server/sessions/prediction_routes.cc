// The predicted plasma and effect-site concentration of a session's dose, from the pharmacology
// engine with the protocol's model and the patient's weight and age: what the nurse station draws
// beside the vital signs. A typical-value prediction, labelled as such; not a measurement.
#include "pharmacology/simulation.h"
#include "server/api.h"
#include "server/http/problem.h"
#include "server/http/request_support.h"
#include "server/sessions/session_json.h"

namespace plasticity::server {
namespace {

// ke0 0.238 /min: Navarrete 2025 (J Clin Monit Comput, PMID 39546215; ANI endpoint, n = 20,
// preliminary), the value docs/pharmacology-sources.md lists in use; other endpoints differ.
constexpr double kKe0PerMin = 0.238;
constexpr const char* kKe0Source =
    "ke0 0.238/min, Navarrete 2025 (analgesia index, n = 20, preliminary): an indication only";
constexpr int kHorizonMinutes = 240;
constexpr int kStepMinutes = 2;

// What the model assumes about absorption by this route (an IM or oral ka nobody published), or
// null: the chair card shows it under the curve.
OrderedJson route_assumption(const pk::ModelInfo& model, pk::Route route) {
  const auto found = model.route_assumptions.find(route);
  return found == model.route_assumptions.end() ? OrderedJson() : OrderedJson(found->second);
}

http::Response prediction(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  const auto session = services.store.find_treatment_session(id);
  if (!session) return session_not_found(id);
  const Protocol* protocol = services.protocols.find(session->protocol_id);
  const pk::PkModel* model =
      protocol && !protocol->pk_model.empty() ? pk::find_pk_model(protocol->pk_model) : nullptr;
  const auto route = protocol ? pk::parse_route(protocol->route) : std::nullopt;
  if (!model || !route || !model->info.supports(*route)) {
    return problem(404, "no-pk-model", "No pharmacokinetic model",
                   "no published model in the engine fits this protocol's route");
  }
  const auto patient = services.store.find_patient(session->patient_id);
  pk::Covariates covariates;
  covariates.weight_kg =
      session->dose.weight_kg.value_or(patient->demographics.weight_kg.value_or(70));
  covariates.age_years =
      whole_years_between(patient->demographics.birth_date, utc_date_of(session->scheduled_at));
  pk::Dose dose;
  dose.route = *route;
  dose.amount_mg = session->dose.dose_mg;
  if (dose.route == pk::Route::intranasal) {
    dose.devices = session->dose.devices.value_or(0);
    dose.interval_min = session->dose.device_interval_minutes.value_or(5);
  } else if (dose.route == pk::Route::iv_infusion) {
    dose.duration_min = session->dose.infusion_minutes.value_or(40);
  }
  pk::PatientRegimen regimen = model->regimen({dose}, covariates);
  pk::SimulationRequest request{
      std::move(regimen.parameters), std::move(regimen.inputs), {}, kKe0PerMin};
  for (int t = 0; t <= kHorizonMinutes; t += kStepMinutes) request.times_min.push_back(t);
  const pk::SimulationResult result = pk::simulate(request);
  const UtcTime start = session->dosing_started_at.value_or(session->scheduled_at);
  services.store.append_audit(
      audit_entry(context, "prediction.read", "success", session->patient_id, "session " + id));
  return json_response(
      200, {{"model", model->info.id},
            {"citation", model->info.citation},
            {"route", pk::to_string(*route)},
            {"route_assumption", route_assumption(model->info, *route)},
            {"assumptions", model->info.all_assumptions()},
            {"start_at", to_iso8601(start)},
            {"started", session->dosing_started_at.has_value()},
            {"weight_kg", covariates.weight_kg},
            {"times_min", request.times_min},
            {"plasma_ng_ml", result.plasma_ng_per_ml},
            {"effect_site_ng_ml", result.effect_site_ng_per_ml},
            {"effect_site_source", kKe0Source},
            {"cmax_ng_ml", result.summary.cmax_ng_per_ml},
            {"tmax_min", result.summary.tmax_min},
            {"note", "typical-value prediction for this dose and patient; not a measurement"}});
}

}  // namespace

void add_prediction_routes(Router& router, ApiServices& services) {
  router.add("GET", "/api/v1/sessions/{id}/prediction", Access::needs(Permission::read_sessions),
             with_services(services, prediction));
}

}  // namespace plasticity::server
