#include "pharmacology/pk_model.h"

#include <cmath>

#include "pharmacology/esketamine_model.h"

namespace plasticity::pk {
namespace {

constexpr double kMinutesPerHour = 60;

// Micro-constants from volumes (L) and clearances (L/min) of a 3-compartment model.
PkParameters from_clearances(double v1, double cl, double v2, double q2, double v3, double q3) {
  return mammillary(v1, cl / v1, {{q2 / v1, q2 / v2}, {q3 / v1, q3 / v3}});
}

PkModel kamp2020() {
  return {
      {"kamp2020",
       "Kamp 2020 meta-analytic three-compartment set",
       "racemic ketamine",
       "Kamp J, Olofsen E, Henthorn TK, et al. Ketamine pharmacokinetics: a systematic review "
       "of the literature, meta-analysis, and population analysis. Anesthesiology "
       "2020;133(6):1192-1213",
       "arterial",
       {Route::iv_bolus, Route::iv_infusion},
       {"Parameters from two public transcriptions that agree (opentiva; a TypeScript TCI app), "
        "not checked against the paper's table.",
        "Weight scaling: volumes ×(WT/70), clearances ×(WT/70)^0.75. The transcriptions differ "
        "(opentiva scales clearances linearly); the paper reports volumes 'per 70 kg' and "
        "clearance 'at 70 kg', the usual wording for allometric scaling. Doubt remains: at "
        "100 kg the two choices differ by 9% in clearance.",
        "The central compartment is the arterial one of the raw-data model; the meta-analytic "
        "set's sampling site is inferred from it."}},
      [](const Covariates& c, const Etas&) {
        const double size = c.weight_kg / 70, allometric = std::pow(size, 0.75);
        return from_clearances(25 * size, 84 * allometric / kMinutesPerHour, 56 * size,
                               161 * allometric / kMinutesPerHour, 157 * size,
                               79 * allometric / kMinutesPerHour);
      },
      intravenous_inputs,
      {}};
}

PkModel domino1984() {
  return {{"domino1984",
           "Domino 1984 three-compartment set",
           "racemic ketamine",
           "Domino EF et al. Clin Pharmacol Ther 1984;36:645-53 (as used by Stanpump-era TCI; "
           "parameters as in Absalom et al., Br J Anaesth 2007;98:615-623, Table 1)",
           "not stated",
           {Route::iv_bolus, Route::iv_infusion},
           {"Parameters transcribed identically by three public implementations (opentiva, "
            "fus_anes, a TypeScript TCI app), not checked against the paper.",
            "V1 scales linearly with weight; micro-constants are weight-independent."}},
          [](const Covariates& c, const Etas&) {
            return mammillary(0.063 * c.weight_kg, 0.4381, {{0.5921, 0.2470}, {0.5900, 0.0146}});
          },
          intravenous_inputs,
          {}};
}

PkModel clements1981() {
  return {{"clements1981",
           "Clements & Nimmo 1981 two-compartment set",
           "racemic ketamine",
           "Clements JA, Nimmo WS. Pharmacokinetics and analgesic effect of ketamine in man. "
           "Br J Anaesth 1981;53:27-30 (0.25 mg/kg)",
           "not stated",
           {Route::iv_bolus, Route::iv_infusion},
           {"Parameters as transcribed by opentiva (Clements250), not checked against the paper.",
            "V1 scales linearly with weight."}},
          [](const Covariates& c, const Etas&) {
            return mammillary(1.7522 * c.weight_kg, 0.0109, {{0.0186, 0.0137}});
          },
          intravenous_inputs,
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
           {Route::iv_bolus, Route::iv_infusion},
           {"Micro-constants as transcribed by opentiva, not checked against the paper.",
            "Adults: the study was in adult ICU patients (opentiva wrongly limits it to under 18).",
            "V1 scales linearly with weight."}},
          [](const Covariates& c, const Etas&) {
            return mammillary(1.08 * c.weight_kg, 0.0333, {{0.0088, 0.0030}});
          },
          intravenous_inputs,
          {}};
}

}  // namespace

std::string to_string(Route route) {
  switch (route) {
    case Route::iv_bolus:
      return "iv_bolus";
    case Route::iv_infusion:
      return "iv_infusion";
    case Route::intranasal:
      return "intranasal";
  }
  return "";
}

std::optional<Route> parse_route(const std::string& text) {
  for (Route route : {Route::iv_bolus, Route::iv_infusion, Route::intranasal}) {
    if (to_string(route) == text) return route;
  }
  return std::nullopt;
}

double PkParameters::clearance_l_per_min() const {
  return -central_volume_l / rates_per_min.inverse()(0, 0);
}

double variance_from_cv_percent(double cv_percent) {
  const double cv = cv_percent / 100;
  return std::log(1 + cv * cv);
}

std::vector<Input> intravenous_inputs(const Dose& dose, const Etas&) {
  return {{0, dose.amount_mg, dose.start_min,
           dose.route == Route::iv_infusion ? dose.duration_min : 0}};
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
