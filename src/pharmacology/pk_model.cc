#include "pharmacology/pk_model.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>

#include "pharmacology/esketamine_model.h"

namespace plasticity::pk {
namespace {

constexpr double kMinutesPerHour = 60;

// Racemic ketamine given outside a vein (docs/pharmacology-sources.md §2). The bioavailability
// of each route is a published figure; no adult absorption rate constant was found for any of
// them, so each ka is chosen so that kamp2020's typical 70 kg patient peaks at the reported time
// (docs/pharmacology.md shows the fit) — an assumption, said so in each model's metadata.
struct Extravascular {
  Route route;
  const char* depot;
  double bioavailability;
  double ka_per_min;
  const char* assumption;  // the route's sources and what is assumed, for the model's metadata
};
constexpr Extravascular kRacemicRoutes[] = {
    // F 93%: Clements, Nimmo & Grant 1982 as widely cited (the paper itself not retrieved).
    // ka: peak at 10 min, the middle of the 5-15 min usually quoted for IM ketamine.
    {Route::intramuscular, "intramuscular_depot", 0.93, 0.059,
     "Intramuscular: F 0.93 (Clements, Nimmo & Grant 1982, J Pharm Sci 71:539, as widely cited; "
     "the paper was not retrieved); first-order absorption with ka 0.059/min, an ASSUMPTION "
     "chosen so kamp2020's typical patient peaks at 10 min (5-15 min is the range usually "
     "quoted)."},
    // F 29% and median Tmax 0.75 h: Rolan 2014, Br J Clin Pharmacol 77:1011 (25 mg wafer).
    {Route::sublingual, "sublingual_depot", 0.29, 0.012,
     "Sublingual: F 0.29 (Rolan 2014, Br J Clin Pharmacol 77:1011); ka 0.012/min, an ASSUMPTION "
     "fitted to Rolan's median Tmax of 0.75 h in kamp2020's typical patient."},
    // F 20%: Yanagihara 2003 (17-20% across reports); Tmax about 1 h: Chong 2006 (0.96 h).
    {Route::oral, "oral_depot", 0.20, 0.0095,
     "Oral: F 0.20 (17-20% across reports; Yanagihara 2003); ka 0.0095/min, an ASSUMPTION fitted "
     "to Chong 2006's Tmax of about 1 h (0.96 h). The first-pass loss becomes norketamine, which "
     "this model does not carry."},
};

std::map<Route, std::string> racemic_route_assumptions() {
  std::map<Route, std::string> notes;
  for (const auto& route : kRacemicRoutes) notes.emplace(route.route, route.assumption);
  return notes;
}

const std::vector<Route> kRacemicRouteList{Route::iv_bolus, Route::iv_infusion,
                                           Route::intramuscular, Route::sublingual, Route::oral};

// IV into the central compartment; IM, sublingual and oral into their depot, reduced by F.
std::vector<Input> racemic_inputs(const Dose& dose, const Covariates&, const Etas&,
                                  PkParameters& parameters) {
  for (const auto& route : kRacemicRoutes) {
    if (route.route != dose.route) continue;
    const Eigen::Index depot = absorption_depot(parameters, route.depot, route.ka_per_min);
    return {{depot, dose.amount_mg * route.bioavailability, dose.start_min, 0}};
  }
  return intravenous_inputs(dose);
}

// Micro-constants from volumes (L) and clearances (L/min) of a 3-compartment model.
PkParameters from_clearances(double v1, double cl, double v2, double q2, double v3, double q3) {
  return mammillary(v1, cl / v1, {{q2 / v1, q2 / v2}, {q3 / v1, q3 / v3}});
}

PkModel kamp2020() {
  return {{"kamp2020",
           "Kamp 2020 meta-analytic three-compartment set",
           "racemic ketamine",
           "Kamp J, Olofsen E, Henthorn TK, et al. Ketamine pharmacokinetics: a systematic review "
           "of the literature, meta-analysis, and population analysis. Anesthesiology "
           "2020;133(6):1192-1213",
           "arterial",
           kRacemicRouteList,
           {"Parameters from two public transcriptions that agree (opentiva; a TypeScript TCI "
            "app), "
            "not checked against the paper's table.",
            "Weight scaling: volumes ×(WT/70), clearances ×(WT/70)^0.75. The transcriptions differ "
            "(opentiva scales clearances linearly); the paper reports volumes 'per 70 kg' and "
            "clearance 'at 70 kg', the usual wording for allometric scaling. Doubt remains: at "
            "100 kg the two choices differ by 9% in clearance.",
            "The central compartment is the arterial one of the raw-data model; the meta-analytic "
            "set's sampling site is inferred from it."},
           racemic_route_assumptions()},
          [](const Covariates& c, const Etas&) {
            const double size = c.weight_kg / 70, allometric = std::pow(size, 0.75);
            return from_clearances(25 * size, 84 * allometric / kMinutesPerHour, 56 * size,
                                   161 * allometric / kMinutesPerHour, 157 * size,
                                   79 * allometric / kMinutesPerHour);
          },
          racemic_inputs,
          {}};
}

PkModel domino1984() {
  return {{"domino1984",
           "Domino 1984 three-compartment set",
           "racemic ketamine",
           "Domino EF et al. Clin Pharmacol Ther 1984;36:645-53 (as used by Stanpump-era TCI; "
           "parameters as in Absalom et al., Br J Anaesth 2007;98:615-623, Table 1)",
           "not stated",
           kRacemicRouteList,
           {"Parameters transcribed identically by three public implementations (opentiva, "
            "fus_anes, a TypeScript TCI app), not checked against the paper.",
            "V1 scales linearly with weight; micro-constants are weight-independent."},
           racemic_route_assumptions()},
          [](const Covariates& c, const Etas&) {
            return mammillary(0.063 * c.weight_kg, 0.4381, {{0.5921, 0.2470}, {0.5900, 0.0146}});
          },
          racemic_inputs,
          {}};
}

PkModel clements1981() {
  return {{"clements1981",
           "Clements & Nimmo 1981 two-compartment set",
           "racemic ketamine",
           "Clements JA, Nimmo WS. Pharmacokinetics and analgesic effect of ketamine in man. "
           "Br J Anaesth 1981;53:27-30 (0.25 mg/kg)",
           "not stated",
           kRacemicRouteList,
           {"Parameters as transcribed by opentiva (Clements250), not checked against the "
            "paper.",
            "V1 scales linearly with weight."},
           racemic_route_assumptions()},
          [](const Covariates& c, const Etas&) {
            return mammillary(1.7522 * c.weight_kg, 0.0109, {{0.0186, 0.0137}});
          },
          racemic_inputs,
          {}};
}

PkModel hijazi2003() {
  return {{"hijazi2003",
           "Hijazi 2003 two-compartment set (adults)",
           "racemic ketamine",
           "Hijazi Y, Bodonian C, Bolon M, Salord F, Boulieu R. Pharmacokinetics and "
           "haemodynamics of ketamine in intensive care patients with brain or spinal cord "
           "injury. Br J Anaesth 2003;90:155-160",
           "not stated",
           kRacemicRouteList,
           {"Micro-constants as transcribed by opentiva, not checked against the paper.",
            "Adults: the study was in adult ICU patients (opentiva wrongly limits it to under "
            "18).",
            "V1 scales linearly with weight."},
           racemic_route_assumptions()},
          [](const Covariates& c, const Etas&) {
            return mammillary(1.08 * c.weight_kg, 0.0333, {{0.0088, 0.0030}});
          },
          racemic_inputs,
          {}};
}

}  // namespace

namespace {

// The names used on the command line and in JSON, one table per enum, read both ways.
template <typename Enum>
using Names = std::initializer_list<std::pair<Enum, const char*>>;

constexpr Names<Route> kRouteNames{
    {Route::iv_bolus, "iv_bolus"},     {Route::iv_infusion, "iv_infusion"},
    {Route::intranasal, "intranasal"}, {Route::intramuscular, "intramuscular"},
    {Route::sublingual, "sublingual"}, {Route::oral, "oral"}};
constexpr Names<Ethnicity> kEthnicityNames{{Ethnicity::not_asian, "not_asian"},
                                           {Ethnicity::asian, "asian"},
                                           {Ethnicity::japanese, "japanese"}};

template <typename Enum>
std::string name_of(Names<Enum> names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "";
}

template <typename Enum>
std::optional<Enum> named(Names<Enum> names, const std::string& text) {
  for (const auto& [value, name] : names) {
    if (text == name) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string to_string(Route route) { return name_of(kRouteNames, route); }
std::optional<Route> parse_route(const std::string& text) { return named(kRouteNames, text); }
std::string to_string(Ethnicity ethnicity) { return name_of(kEthnicityNames, ethnicity); }
std::optional<Ethnicity> parse_ethnicity(const std::string& text) {
  return named(kEthnicityNames, text);
}

double PkParameters::clearance_l_per_min() const {
  return -central_volume_l / rates_per_min.inverse()(0, 0);
}

double variance_from_cv_percent(double cv_percent) {
  const double cv = cv_percent / 100;
  return std::log(1 + cv * cv);
}

bool ModelInfo::supports(Route route) const {
  return std::find(routes.begin(), routes.end(), route) != routes.end();
}

std::vector<std::string> ModelInfo::all_assumptions() const {
  std::vector<std::string> all = assumptions;
  for (const auto& [route, assumption] : route_assumptions) all.push_back(assumption);
  return all;
}

std::vector<Input> intravenous_inputs(const Dose& dose) {
  return {{0, dose.amount_mg, dose.start_min,
           dose.route == Route::iv_infusion ? dose.duration_min : 0}};
}

Eigen::Index absorption_depot(PkParameters& parameters, const std::string& name, double ka_per_min,
                              Eigen::Index into) {
  auto& names = parameters.compartments;
  if (auto found = std::find(names.begin(), names.end(), name); found != names.end()) {
    return found - names.begin();
  }
  Eigen::MatrixXd& k = parameters.rates_per_min;
  const Eigen::Index depot = k.rows();
  k.conservativeResize(depot + 1, depot + 1);
  k.row(depot).setZero();
  k.col(depot).setZero();
  k(depot, depot) = -ka_per_min;
  k(into, depot) = ka_per_min;
  names.push_back(name);
  return depot;
}

PatientRegimen PkModel::regimen(const std::vector<Dose>& doses, const Covariates& covariates,
                                const Etas& etas) const {
  PatientRegimen regimen{individual(covariates, etas), {}};
  for (Dose dose : doses) {
    if (dose.mg_per_kg > 0) dose.amount_mg = dose.mg_per_kg * covariates.weight_kg;
    for (const auto& input : inputs(dose, covariates, etas, regimen.parameters)) {
      regimen.inputs.push_back(input);
    }
  }
  return regimen;
}

PkParameters mammillary(double central_volume_l, double k10,
                        const std::vector<std::pair<double, double>>& peripheral) {
  const auto n = static_cast<Eigen::Index>(peripheral.size() + 1);
  PkParameters p;
  p.central_volume_l = central_volume_l;
  p.rates_per_min = Eigen::MatrixXd::Zero(n, n);
  p.compartments.push_back("central");
  p.rates_per_min(0, 0) = -k10;
  for (Eigen::Index i = 1; i < n; ++i) {
    const auto [k1i, ki1] = peripheral[static_cast<std::size_t>(i - 1)];
    p.compartments.push_back("peripheral" + std::to_string(i));
    p.rates_per_min(0, 0) -= k1i;
    p.rates_per_min(i, 0) += k1i;
    p.rates_per_min(i, i) -= ki1;
    p.rates_per_min(0, i) += ki1;
  }
  return p;
}

const std::vector<PkModel>& pk_models() {
  static const std::vector<PkModel> models{kamp2020(),   domino1984(),      clements1981(),
                                           hijazi2003(), perez_ruixo2021(), fanta2015()};
  return models;
}

const PkModel* find_pk_model(const std::string& id) {
  for (const auto& model : pk_models()) {
    if (model.info.id == id) return &model;
  }
  return nullptr;
}

}  // namespace plasticity::pk
