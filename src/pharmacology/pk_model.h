// Linear compartment models of ketamine pharmacokinetics, as data with their sources.
//
// A model turns a patient's covariates into a rate matrix K (per minute) over drug amounts in mg:
// dA/dt = K·A + inputs. Column j of K holds the flows out of compartment j (negative on the
// diagonal: everything leaving j, including elimination). Compartment 0 is the central one,
// where concentration is sampled (arterial or venous: each model says which).
//
//   const PkModel* kamp = find_pk_model("kamp2020");
//   PkParameters p = kamp->parameters({.weight_kg = 70});
#pragma once

#include <Eigen/Dense>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace plasticity::pk {

enum class Route { iv_bolus, iv_infusion, intranasal, intramuscular, sublingual, oral };

std::string to_string(Route route);
std::optional<Route> parse_route(const std::string& text);

// Ancestry as perez_ruixo2021 uses it: Asian subjects clear esketamine by the liver and
// noresketamine more slowly; Japanese subjects (who are Asian too) absorb more through the nose.
enum class Ethnicity { not_asian, asian, japanese };

std::string to_string(Ethnicity ethnicity);
std::optional<Ethnicity> parse_ethnicity(const std::string& text);

struct Covariates {
  double weight_kg = 70;
  std::optional<double> age_years;
  Ethnicity ethnicity = Ethnicity::not_asian;  // the models' reference group
};

// A dose as the clinic gives it.
struct Dose {
  Route route = Route::iv_bolus;
  double amount_mg = 0;  // given (before bioavailability); intranasal doses are devices
  double start_min = 0;
  double duration_min = 0;  // infusions only
  int devices = 0;          // intranasal: 28 mg devices
  double interval_min = 5;  // intranasal: between devices (the label's 5 minutes)
  double mg_per_kg = 0;     // > 0: prescribed by weight, so the amount follows each patient's
};

// Drug entering one compartment: at once (duration 0) or at a constant rate over the duration.
struct Input {
  Eigen::Index compartment = 0;
  double amount_mg = 0;
  double start_min = 0;
  double duration_min = 0;
};

struct Metabolite {
  std::string name;
  Eigen::Index compartment = 0;
  double volume_l = 0;  // apparent (V/F where the model says so)
};

struct PkParameters {
  std::vector<std::string> compartments;  // [0] is "central"
  Eigen::MatrixXd rates_per_min;          // K
  double central_volume_l = 0;
  std::optional<Metabolite> metabolite;

  // Systemic clearance of the parent drug, L/min: Dose/AUC(0-∞) for an IV dose, from K alone
  // (−V1 / (K⁻¹)₀₀), so it also holds where elimination happens outside the central compartment.
  double clearance_l_per_min() const;
};

struct ModelInfo {
  std::string id;
  std::string name;
  std::string drug;  // "racemic ketamine", "esketamine", ...
  std::string citation;
  std::string sampling_site;  // "arterial", "venous" or "not stated"
  std::vector<Route> routes;
  std::vector<std::string> assumptions;  // what is not a published value, said plainly
  // What a route outside a vein adds to those (an absorption rate nobody published, say).
  std::map<Route, std::string> route_assumptions;

  bool supports(Route route) const;
  // assumptions, then each route's, in route order: the whole list `pk models` prints.
  std::vector<std::string> all_assumptions() const;
};

// One patient's random effects (η), by parameter name; a name not present is 0 (typical).
class Etas {
 public:
  void set(const std::string& name, double value) { values_[name] = value; }
  double operator()(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? 0 : it->second;
  }

 private:
  std::map<std::string, double> values_;
};

// Inter-individual variability of some parameters: η ~ N(0, covariance) over `parameters`
// (one name for an independent term; several for a correlated block). How η enters (log-normal,
// logit-normal) is the model's own code.
struct VariabilityBlock {
  std::vector<std::string> parameters;
  Eigen::MatrixXd covariance;
  std::string source;
};

// ω² of a log-normal parameter from its published CV% (ω² = ln(1 + CV²)).
double variance_from_cv_percent(double cv_percent);

// A patient's model with the inputs of a regimen: what simulate needs.
struct PatientRegimen {
  PkParameters parameters;
  std::vector<Input> inputs;
};

using InputsFunction =
    std::function<std::vector<Input>(const Dose&, const Covariates&, const Etas&, PkParameters&)>;

struct PkModel {
  ModelInfo info;
  std::function<PkParameters(const Covariates&, const Etas&)> individual;
  // How a dose by one of info.routes enters the patient's compartments; a route absorbed from a
  // depot adds the depot to the parameters the first time it is used.
  InputsFunction inputs;
  std::vector<VariabilityBlock> variability;  // empty where none is published

  PkParameters parameters(const Covariates& covariates) const { return individual(covariates, {}); }
  // The patient's parameters and every dose's inputs (a dose by weight takes this weight).
  PatientRegimen regimen(const std::vector<Dose>& doses, const Covariates& covariates,
                         const Etas& etas = {}) const;
};

// IV doses into the central compartment (what every model here accepts).
std::vector<Input> intravenous_inputs(const Dose& dose);

// The compartment `name`, added the first time: a first-order absorption depot emptying into
// compartment `into` at ka_per_min.
Eigen::Index absorption_depot(PkParameters& parameters, const std::string& name, double ka_per_min,
                              Eigen::Index into = 0);

const std::vector<PkModel>& pk_models();
const PkModel* find_pk_model(const std::string& id);

// A mammillary model from its central volume and micro-constants (per minute): k10 and, for each
// peripheral compartment i, the pair (k1i, ki1).
PkParameters mammillary(double central_volume_l, double k10,
                        const std::vector<std::pair<double, double>>& peripheral);

}  // namespace plasticity::pk
