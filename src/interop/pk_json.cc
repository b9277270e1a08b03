#include "interop/pk_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace plasticity {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

constexpr std::size_t kMaxTimes = 1'000'000;

struct Invalid {
  std::string message;
};

[[noreturn]] void refuse(const std::string& field, const std::string& rule) {
  throw Invalid{field + ": " + rule};
}

// A finite number at `key` of `object`, or std::nullopt when absent; refuses anything else.
std::optional<double> number(const Json& object, const std::string& key, const std::string& path) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_number() || !std::isfinite(it->get<double>())) refuse(path + key, "must be a number");
  return it->get<double>();
}

double positive(const Json& object, const std::string& key, const std::string& path) {
  auto value = number(object, key, path);
  if (!value) refuse(path + key, "is required");
  if (*value <= 0) refuse(path + key, "must be greater than 0");
  return *value;
}

pk::Covariates read_patient(const Json& request) {
  if (!request.contains("patient") || !request["patient"].is_object()) {
    refuse("patient", "is required: {\"weight_kg\": ...}");
  }
  const Json& patient = request["patient"];
  pk::Covariates covariates;
  covariates.weight_kg = positive(patient, "weight_kg", "patient/");
  if (covariates.weight_kg > 500) refuse("patient/weight_kg", "must be at most 500");
  if (auto age = number(patient, "age_years", "patient/")) {
    if (*age < 0 || *age > 120) refuse("patient/age_years", "must be from 0 to 120");
    covariates.age_years = age;
  }
  return covariates;
}

pk::Dose read_dose(const Json& json, const pk::ModelInfo& model, const pk::Covariates& patient,
                   const std::string& path) {
  if (!json.is_object()) refuse(path, "must be an object");
  pk::Dose dose;
  const std::string route = json.value("route", "");
  auto parsed = pk::parse_route(route);
  if (!parsed ||
      std::find(model.routes.begin(), model.routes.end(), *parsed) == model.routes.end()) {
    std::string supported;
    for (auto r : model.routes) supported += (supported.empty() ? "" : ", ") + pk::to_string(r);
    refuse(path + "route",
           model.id + " does not support \"" + route + "\" (supported: " + supported + ")");
  }
  dose.route = *parsed;
  const auto start = number(json, "start_min", path);
  if (start && *start < 0) refuse(path + "start_min", "must be 0 or later");
  dose.start_min = start.value_or(0);
  if (dose.route == pk::Route::intranasal) {
    // 28 mg devices: 1 (28 mg), 2 (56 mg) or 3 (84 mg) per session on the Spravato label.
    auto devices = json.find("devices");
    if (devices == json.end() || !devices->is_number_integer() || devices->get<int>() < 1 ||
        devices->get<int>() > 3) {
      refuse(path + "devices", "must be 1, 2 or 3 (28 mg devices)");
    }
    dose.devices = devices->get<int>();
    if (json.contains("interval_min")) dose.interval_min = positive(json, "interval_min", path);
    return dose;
  }
  const bool by_weight = json.contains("dose_mg_per_kg"), absolute = json.contains("amount_mg");
  if (by_weight == absolute)
    refuse(path + "amount_mg", "give exactly one of amount_mg and dose_mg_per_kg");
  dose.amount_mg = by_weight ? positive(json, "dose_mg_per_kg", path) * patient.weight_kg
                             : positive(json, "amount_mg", path);
  if (dose.route == pk::Route::iv_infusion) {
    dose.duration_min = positive(json, "duration_min", path);
  } else if (json.contains("duration_min")) {
    refuse(path + "duration_min", "only infusions have a duration");
  }
  return dose;
}

std::vector<double> read_times(const Json& request) {
  if (!request.contains("times_min") || !request["times_min"].is_array() ||
      request["times_min"].empty()) {
    refuse("times_min", "must be a non-empty list of minutes");
  }
  const Json& list = request["times_min"];
  if (list.size() > kMaxTimes) refuse("times_min", "may list at most 1,000,000 times");
  std::vector<double> times;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string field = "times_min/" + std::to_string(i);
    if (!list[i].is_number() || !std::isfinite(list[i].get<double>()))
      refuse(field, "must be a number");
    const double t = list[i].get<double>();
    if (t < 0) refuse(field, "must be 0 or later");
    if (!times.empty() && t <= times.back()) refuse(field, "times must be in increasing order");
    times.push_back(t);
  }
  return times;
}

PkRequest read_request(const Json& request) {
  if (!request.is_object()) refuse("(body)", "must be a JSON object");
  const std::string model_id = request.value("model", "");
  const pk::PkModel* model = pk::find_pk_model(model_id);
  if (!model) {
    std::string known;
    for (const auto& m : pk::pk_models()) known += (known.empty() ? "" : ", ") + m.info.id;
    refuse("model", "unknown model \"" + model_id + "\" (known: " + known + ")");
  }
  PkRequest parsed;
  parsed.model_id = model_id;
  const pk::Covariates patient = read_patient(request);
  parsed.simulation.parameters = model->parameters(patient);
  if (!request.contains("doses") || !request["doses"].is_array() || request["doses"].empty()) {
    refuse("doses", "must be a non-empty list");
  }
  for (std::size_t i = 0; i < request["doses"].size(); ++i) {
    const pk::Dose dose =
        read_dose(request["doses"][i], model->info, patient, "doses/" + std::to_string(i) + "/");
    for (const auto& input : model->inputs(dose)) parsed.simulation.inputs.push_back(input);
  }
  if (request.contains("effect_site")) {
    parsed.simulation.ke0_per_min = positive(request["effect_site"], "ke0_per_min", "effect_site/");
  }
  parsed.simulation.times_min = read_times(request);
  if (request.contains("threshold_ng_ml"))
    parsed.threshold_ng_ml = positive(request, "threshold_ng_ml", "");
  if (request.contains("target_cmax_ng_ml")) {
    parsed.target_cmax_ng_ml = positive(request, "target_cmax_ng_ml", "");
    for (const auto& dose : request["doses"]) {
      if (dose.value("route", "") == "intranasal") {
        refuse("target_cmax_ng_ml", "nasal doses come in whole 28 mg devices and cannot be scaled");
      }
    }
  }
  return parsed;
}

}  // namespace

std::variant<PkRequest, std::string> parse_pk_request(const std::string& json_text) {
  Json request;
  try {
    request = Json::parse(json_text);
  } catch (const Json::parse_error& error) {
    return "input: not valid JSON (at byte " + std::to_string(error.byte) + ")";
  }
  try {
    return read_request(request);
  } catch (const Invalid& invalid) {
    return invalid.message;
  } catch (const Json::exception& error) {
    return std::string("input: wrong type: ") + error.what();
  }
}

std::string pk_result_json(const PkRequest& request, const pk::SimulationResult& result) {
  const auto& s = result.summary;
  OrderedJson summary{
      {"cmax_ng_ml", s.cmax_ng_per_ml},
      {"tmax_min", s.tmax_min},
      {"auc_0_t_ng_h_ml", s.auc_0_t_ng_h_per_ml},
      {"auc_0_inf_ng_h_ml", s.auc_0_inf_ng_h_per_ml},
      {"end_of_infusion_ng_ml",
       s.end_of_infusion_ng_per_ml ? OrderedJson(*s.end_of_infusion_ng_per_ml) : OrderedJson()}};
  OrderedJson out{{"model", request.model_id},
                  {"times_min", request.simulation.times_min},
                  {"plasma_ng_ml", result.plasma_ng_per_ml}};
  if (request.simulation.ke0_per_min) out["effect_site_ng_ml"] = result.effect_site_ng_per_ml;
  if (request.threshold_ng_ml) {
    summary["threshold_ng_ml"] = *request.threshold_ng_ml;
    summary["time_above_threshold_min"] = pk::time_above(
        request.simulation.times_min, result.plasma_ng_per_ml, *request.threshold_ng_ml);
  }
  if (request.target_cmax_ng_ml && s.cmax_ng_per_ml > 0) {
    summary["target_cmax_ng_ml"] = *request.target_cmax_ng_ml;
    summary["dose_scale_for_target"] = pk::dose_scale_for_peak(s, *request.target_cmax_ng_ml);
  }
  if (const auto& metabolite = request.simulation.parameters.metabolite) {
    out["metabolite"] = metabolite->name;
    out["metabolite_ng_ml"] = result.metabolite_ng_per_ml;
    summary["metabolite_cmax_ng_ml"] = *s.metabolite_cmax_ng_per_ml;
  }
  out["summary"] = summary;
  return out.dump();
}

std::string pk_models_json() {
  OrderedJson models = OrderedJson::array();
  for (const auto& model : pk::pk_models()) {
    const pk::ModelInfo& i = model.info;
    OrderedJson routes = OrderedJson::array();
    for (auto r : i.routes) routes.push_back(pk::to_string(r));
    models.push_back({{"id", i.id},
                      {"name", i.name},
                      {"drug", i.drug},
                      {"citation", i.citation},
                      {"sampling_site", i.sampling_site},
                      {"routes", routes},
                      {"assumptions", i.assumptions}});
  }
  return models.dump(2);
}

}  // namespace plasticity
