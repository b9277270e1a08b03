#include "interop/pk_json.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "interop/json_fields.h"

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
  if (patient.contains("ethnicity")) {
    const auto& text = patient["ethnicity"];
    auto ethnicity = text.is_string() ? pk::parse_ethnicity(text.get<std::string>()) : std::nullopt;
    if (!ethnicity) refuse("patient/ethnicity", "must be \"not_asian\", \"asian\" or \"japanese\"");
    covariates.ethnicity = *ethnicity;
  }
  return covariates;
}

pk::Dose read_dose(const Json& json, const pk::ModelInfo& model, const pk::Covariates& patient,
                   const std::string& path) {
  if (!json.is_object()) refuse(path, "must be an object");
  pk::Dose dose;
  const std::string route = json.value("route", "");
  auto parsed = pk::parse_route(route);
  if (!parsed || !model.supports(*parsed)) {
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
  if (by_weight) dose.mg_per_kg = positive(json, "dose_mg_per_kg", path);
  dose.amount_mg =
      by_weight ? dose.mg_per_kg * patient.weight_kg : positive(json, "amount_mg", path);
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

std::optional<double> optional_positive(const Json& object, const std::string& key) {
  if (!object.contains(key)) return std::nullopt;
  return positive(object, key, "");
}

std::optional<double> read_ke0(const Json& request) {
  if (!request.contains("effect_site")) return std::nullopt;
  return positive(request["effect_site"], "ke0_per_min", "effect_site/");
}

const pk::PkModel& read_model(const Json& request) {
  if (!request.is_object()) refuse("(body)", "must be a JSON object");
  const std::string model_id = request.value("model", "");
  const pk::PkModel* model = pk::find_pk_model(model_id);
  if (!model) {
    std::string known;
    for (const auto& m : pk::pk_models()) known += (known.empty() ? "" : ", ") + m.info.id;
    refuse("model", "unknown model \"" + model_id + "\" (known: " + known + ")");
  }
  return *model;
}

std::vector<pk::Dose> read_doses(const Json& request, const pk::ModelInfo& model,
                                 const pk::Covariates& patient) {
  if (!request.contains("doses") || !request["doses"].is_array() || request["doses"].empty()) {
    refuse("doses", "must be a non-empty list");
  }
  std::vector<pk::Dose> doses;
  for (std::size_t i = 0; i < request["doses"].size(); ++i) {
    doses.push_back(
        read_dose(request["doses"][i], model, patient, "doses/" + std::to_string(i) + "/"));
  }
  return doses;
}

PkRequest read_request(const Json& request) {
  const pk::PkModel& model = read_model(request);
  PkRequest parsed;
  parsed.model_id = model.info.id;
  const pk::Covariates patient = read_patient(request);
  pk::PatientRegimen regimen = model.regimen(read_doses(request, model.info, patient), patient);
  parsed.simulation.parameters = std::move(regimen.parameters);
  parsed.simulation.inputs = std::move(regimen.inputs);
  parsed.simulation.ke0_per_min = read_ke0(request);
  parsed.simulation.times_min = read_times(request);
  parsed.threshold_ng_ml = optional_positive(request, "threshold_ng_ml");
  parsed.target_cmax_ng_ml = optional_positive(request, "target_cmax_ng_ml");
  if (parsed.target_cmax_ng_ml) {
    for (const auto& dose : request["doses"]) {
      if (dose.value("route", "") == "intranasal") {
        refuse("target_cmax_ng_ml", "nasal doses come in whole 28 mg devices and cannot be scaled");
      }
    }
  }
  return parsed;
}

pk::CovariateDistribution read_distribution(const Json& request, const pk::Covariates& patient) {
  pk::CovariateDistribution d;
  d.weight_mean_kg = patient.weight_kg;
  d.age_min_years = d.age_max_years = patient.age_years.value_or(40);
  d.ethnicity = patient.ethnicity;
  if (!request.contains("covariates")) return d;
  const Json& c = request["covariates"];
  if (c.contains("weight_kg")) {
    const Json& w = c["weight_kg"];
    d.weight_mean_kg = positive(w, "mean", "covariates/weight_kg/");
    d.weight_sd_kg = number(w, "sd", "covariates/weight_kg/").value_or(0);
    d.weight_min_kg = number(w, "min", "covariates/weight_kg/").value_or(40);
    d.weight_max_kg = number(w, "max", "covariates/weight_kg/").value_or(150);
    if (d.weight_sd_kg < 0) refuse("covariates/weight_kg/sd", "must be 0 or more");
    if (!(d.weight_min_kg <= d.weight_mean_kg && d.weight_mean_kg <= d.weight_max_kg)) {
      refuse("covariates/weight_kg", "needs min <= mean <= max");
    }
  }
  if (c.contains("age_years")) {
    d.age_min_years = number(c["age_years"], "min", "covariates/age_years/").value_or(18);
    d.age_max_years =
        number(c["age_years"], "max", "covariates/age_years/").value_or(d.age_min_years);
    if (d.age_min_years < 0 || d.age_max_years > 120 || d.age_min_years > d.age_max_years) {
      refuse("covariates/age_years", "needs 0 <= min <= max <= 120");
    }
  }
  return d;
}

std::vector<pk::Covariates> read_patient_list(const Json& request) {
  std::vector<pk::Covariates> patients;
  if (!request.contains("patients")) return patients;
  if (!request["patients"].is_array())
    refuse("patients", "must be a list of {weight_kg, age_years, ethnicity}");
  for (std::size_t i = 0; i < request["patients"].size(); ++i) {
    patients.push_back(read_patient(Json{{"patient", request["patients"][i]}}));
  }
  return patients;
}

pk::PopulationRequest read_population(const Json& request, std::size_t n, std::uint64_t seed,
                                      int threads) {
  pk::PopulationRequest population;
  const pk::PkModel& model = read_model(request);
  population.model = &model;
  const pk::Covariates patient = read_patient(request);
  population.doses = read_doses(request, model.info, patient);
  population.times_min = read_times(request);
  if (population.times_min.size() > pk::kMaxPopulationTimes) {
    refuse("times_min", "a population may ask for at most 2,000 times (one histogram per time)");
  }
  population.ke0_per_min = read_ke0(request);
  population.threshold_ng_per_ml = optional_positive(request, "threshold_ng_ml");
  population.covariates = read_distribution(request, patient);
  population.patients = read_patient_list(request);
  population.variability = request.value("variability", true);
  population.n = n;
  population.seed = seed;
  population.threads = threads;
  return population;
}

// Parses `json_text` and reads it with `read`, turning every refusal into one line of text.
template <class Reader>
auto parse_with(const std::string& json_text, Reader&& read)
    -> std::variant<decltype(read(Json{})), std::string> {
  Json request;
  try {
    request = json_fields::parse_text(json_text);
  } catch (const DefinitionError& error) {
    return std::string("input: ") + error.what();
  }
  try {
    return read(request);
  } catch (const Invalid& invalid) {
    return invalid.message;
  } catch (const Json::exception& error) {
    return std::string("input: wrong type: ") + error.what();
  }
}

OrderedJson percentiles_json(const pk::Percentiles& p) {
  return {{"p5", p[0]}, {"p25", p[1]}, {"p50", p[2]}, {"p75", p[3]}, {"p95", p[4]}};
}

OrderedJson bands_json(const std::vector<pk::Percentiles>& bands) {
  OrderedJson json = OrderedJson::object();
  const char* names[] = {"p5", "p25", "p50", "p75", "p95"};
  for (std::size_t level = 0; level < 5; ++level) {
    OrderedJson values = OrderedJson::array();
    for (const auto& band : bands) values.push_back(band[level]);
    json[names[level]] = values;
  }
  return json;
}

}  // namespace

std::variant<pk::PopulationRequest, std::string> parse_population_request(
    const std::string& json_text, std::size_t n, std::uint64_t seed, int threads) {
  return parse_with(
      json_text, [&](const Json& request) { return read_population(request, n, seed, threads); });
}

std::string population_result_json(const pk::PopulationRequest& request,
                                   const pk::PopulationResult& result) {
  OrderedJson variability = OrderedJson::array();
  if (request.variability) {
    for (const auto& block : request.model->variability) {
      for (const auto& name : block.parameters) variability.push_back(name);
    }
  }
  OrderedJson summary{{"cmax_ng_ml", percentiles_json(result.cmax_ng_per_ml)},
                      {"auc_0_inf_ng_h_ml", percentiles_json(result.auc_0_inf_ng_h_per_ml)}};
  if (result.time_above_threshold_min) {
    summary["time_above_threshold_min"] = percentiles_json(*result.time_above_threshold_min);
  }
  OrderedJson out{{"model", request.model->info.id},
                  {"n", request.n},
                  {"seed", request.seed},
                  {"variability", variability},
                  {"percentile_resolution", result.relative_resolution},
                  {"times_min", request.times_min},
                  {"plasma_ng_ml", bands_json(result.plasma_ng_per_ml)}};
  if (request.ke0_per_min) out["effect_site_ng_ml"] = bands_json(result.effect_site_ng_per_ml);
  out["summary"] = summary;
  return out.dump();
}

std::variant<PkRequest, std::string> parse_pk_request(const std::string& json_text) {
  return parse_with(json_text, read_request);
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
                      {"assumptions", i.all_assumptions()}});
  }
  return models.dump(2);
}

}  // namespace plasticity
