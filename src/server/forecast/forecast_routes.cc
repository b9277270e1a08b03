// The early-response forecast (outcomes/forecast.h): a patient's, for the care team, each read
// audited on the patient; the clinic model behind it, for those who read outcomes; and a refit on
// demand.
#include "server/api.h"
#include "server/forecast/forecast_json.h"
#include "server/forecast/forecast_models.h"
#include "server/http/problem.h"
#include "server/reports/outcome_json.h"

namespace plasticity::server {
namespace {

http::Response patient_forecast(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  FieldErrors errors;
  const std::string instrument =
      read_outcome_instrument(context.query, services.instruments, errors);
  if (!errors.empty()) return invalid_input("The forecast cannot be made", errors);
  const auto result = services.forecasts.for_patient(id, instrument, context.now);
  services.store.append_audit(
      audit_entry(context, "forecast.read", result ? "success" : "not_found", id, instrument));
  if (!result) return patient_not_found(id);
  return json_response(
      200, forecast_to_json(result->forecast, result->comparison ? &*result->comparison : nullptr,
                            *result->fitted, services.forecasts.evidence()));
}

http::Response model_report(ApiServices& services, RequestContext& context, bool refit) {
  FieldErrors errors;
  const std::string instrument =
      read_outcome_instrument(context.query, services.instruments, errors);
  if (!errors.empty()) return invalid_input("The forecast model cannot be shown", errors);
  ForecastModels& models = services.forecasts;
  const auto fitted =
      refit ? models.refit(instrument, context.now) : models.current(instrument, context.now);
  if (refit) services.store.announce(kForecastRefittedTopic, instrument);
  // An aggregate: no patient is named, so the entry names none.
  services.store.append_audit(audit_entry(context, refit ? "forecast.refit" : "report.forecast",
                                          "success", std::nullopt, "instrument=" + instrument));
  return json_response(200, forecast_model_to_json(instrument, *fitted, models.evidence(),
                                                   context.staff->role == Role::researcher));
}

http::Response forecast_model(ApiServices& services, RequestContext& context) {
  return model_report(services, context, false);
}

http::Response refit_forecast_model(ApiServices& services, RequestContext& context) {
  return model_report(services, context, true);
}

}  // namespace

void add_forecast_routes(Router& router, ApiServices& services) {
  router.add("GET", "/api/v1/patients/{id}/forecast", Access::needs(Permission::read_forecast),
             with_services(services, patient_forecast));
  router.add("GET", "/api/v1/reports/forecast", Access::needs(Permission::read_outcomes),
             with_services(services, forecast_model));
  router.add("POST", "/api/v1/reports/forecast/refit", Access::needs(Permission::refit_forecast),
             with_services(services, refit_forecast_model));
}

}  // namespace plasticity::server
