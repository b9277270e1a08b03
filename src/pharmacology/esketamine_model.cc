// Perez-Ruixo C, Rossenu S, Zannikos P, et al. Population pharmacokinetics of esketamine nasal
// spray and its metabolite noresketamine in healthy subjects and subjects with treatment-resistant
// depression. Clin Pharmacokinet 2021;60(4):501-516. Table 3 as transcribed by nlmixr2lib
// (PerezRuixo_2020_esketamine) — see docs/pharmacology-sources.md §1.1. Time in hours there;
// rates here are per minute.
#include "pharmacology/esketamine_model.h"

#include <cmath>

namespace plasticity::pk {
namespace {

constexpr double kPerHour = 1.0 / 60;  // h⁻¹ → min⁻¹
constexpr double kDeviceMg = 28;

// Typical values, non-Asian adults (Table 3).
constexpr double kNasalFraction = 0.54;       // FRn, first 28 mg device
constexpr double kLaterDeviceFactor = 0.62;   // effect of dose on FRn, 2nd and later devices
constexpr double kKaNasal = 2.93;             // h⁻¹ (the table prints "L/h", a typo)
constexpr double kSwallowedDurationH = 0.53;  // Dsw, zero-order
constexpr double kKaSwallowed = 1.45;         // h⁻¹
constexpr double kOralDurationH = 0.32;       // Dpo, zero-order (oral solution)
constexpr double kKaOral = 0.97;              // ka,po, h⁻¹
constexpr double kFGut = 0.64;
constexpr double kVc = 192, kVp1 = 143, kVp2 = 417, kQ1 = 84.3, kQ2 = 37.6;  // L, L/h
constexpr double kQh = 151, kQhPerYearAbove60 = -2.19, kVh = 101;            // L/h, L/h/y, L
constexpr double kKel = 1.11, kKmet = 2.77;  // h⁻¹: liver → other metabolites, → noresketamine
constexpr double kVcn = 70.0, kVpn = 115, kCln = 38.0, kQ3 = 26.1;  // noresketamine, /F
// Ethnicity (Table 3): Japanese on FRn, Asian on kel and on CLn/F; multiplicative.
constexpr double kJapaneseOnNasalFraction = 1.34, kAsianOnKel = 0.36, kAsianOnCln = 0.81;

bool asian(const Covariates& c) { return c.ethnicity != Ethnicity::not_asian; }

enum Compartment : Eigen::Index {
  kCentral,
  kPeripheral1,
  kPeripheral2,
  kLiver,
  kNasalDepot,
  kGutDepot,
  kNorCentral,
  kNorPeripheral,
  kCount
};

void flow(Eigen::MatrixXd& k, Eigen::Index from, Eigen::Index to, double rate_per_h) {
  k(from, from) -= rate_per_h * kPerHour;
  if (to >= 0) k(to, from) += rate_per_h * kPerHour;
}

PkParameters parameters(const Covariates& covariates, const Etas& eta) {
  const double age = covariates.age_years.value_or(40);
  const double qh = (kQh + (age > 60 ? kQhPerYearAbove60 * (age - 60) : 0)) * std::exp(eta("Qh"));
  const double vc = kVc * std::exp(eta("Vc")), vp1 = kVp1 * std::exp(eta("Vp1"));
  const double vh = kVh * std::exp(eta("Vh"));
  const double kel = kKel * std::exp(eta("kel")) * (asian(covariates) ? kAsianOnKel : 1);
  const double kmet = kKmet * std::exp(eta("kmet"));
  const double vcn = kVcn * std::exp(eta("Vcn"));
  const double cln = kCln * std::exp(eta("CLn")) * (asian(covariates) ? kAsianOnCln : 1);
  Eigen::MatrixXd k = Eigen::MatrixXd::Zero(kCount, kCount);
  flow(k, kCentral, kPeripheral1, kQ1 / vc);
  flow(k, kPeripheral1, kCentral, kQ1 / vp1);
  flow(k, kCentral, kPeripheral2, kQ2 / vc);
  flow(k, kPeripheral2, kCentral, kQ2 / kVp2);
  flow(k, kCentral, kLiver, qh / vc);
  flow(k, kLiver, kCentral, qh / vh);
  flow(k, kLiver, -1, kel);
  flow(k, kLiver, kNorCentral, kmet);
  flow(k, kNasalDepot, kCentral, kKaNasal * std::exp(eta("ka_nasal")));
  flow(k, kGutDepot, kLiver, kKaSwallowed * std::exp(eta("ka_swallowed")));
  flow(k, kNorCentral, -1, cln / vcn);
  flow(k, kNorCentral, kNorPeripheral, kQ3 / vcn);
  flow(k, kNorPeripheral, kNorCentral, kQ3 / kVpn);
  PkParameters p;
  p.compartments = {
      "central",     "peripheral1", "peripheral2",           "liver",
      "nasal_depot", "gut_depot",   "noresketamine_central", "noresketamine_peripheral"};
  p.rates_per_min = k;
  p.central_volume_l = vc;
  p.metabolite = Metabolite{"noresketamine", kNorCentral, vcn};
  return p;
}

// Each device: the nasal fraction into the nasal depot at once; the rest is swallowed, and the
// part that survives the gut enters the gut depot at a constant rate over Dsw. An oral solution:
// the part that survives the gut enters its own depot over Dpo, then the liver at ka,po.
std::vector<Input> inputs(const Dose& dose, const Covariates& covariates, const Etas& eta,
                          PkParameters& parameters) {
  if (dose.route == Route::oral) {
    const Eigen::Index depot = absorption_depot(
        parameters, "oral_depot", kKaOral * std::exp(eta("ka_oral")) * kPerHour, kLiver);
    return {{depot, kFGut * dose.amount_mg, dose.start_min, kOralDurationH * 60}};
  }
  if (dose.route != Route::intranasal) return intravenous_inputs(dose);
  std::vector<Input> result;
  for (int device = 0; device < dose.devices; ++device) {
    const double at = dose.start_min + device * dose.interval_min;
    // FRn varies between patients on the logit scale (it must stay a fraction); the Japanese
    // factor multiplies it afterwards, as nlmixr2lib reads Table 3, capped at the whole device.
    const double typical = nasal_fraction(device);
    double nasal = 1 / (1 + std::exp(-(std::log(typical / (1 - typical)) + eta("FRn"))));
    if (covariates.ethnicity == Ethnicity::japanese) {
      nasal = std::min(1.0, nasal * kJapaneseOnNasalFraction);
    }
    result.push_back({kNasalDepot, nasal * kDeviceMg, at, 0});
    result.push_back({kGutDepot, (1 - nasal) * kFGut * kDeviceMg, at, kSwallowedDurationH * 60});
  }
  return result;
}

VariabilityBlock independent(const std::string& parameter, double variance, std::string source) {
  return {{parameter}, Eigen::MatrixXd::Constant(1, 1, variance), std::move(source)};
}

// Table 3's IIV column: CV% for log-normal parameters, converted to ω² = ln(1 + CV²).
std::vector<VariabilityBlock> variability() {
  const std::string table3 = "Perez-Ruixo 2021 Table 3 (CV%)";
  std::vector<VariabilityBlock> blocks;
  for (const auto& [name, cv] : std::vector<std::pair<std::string, double>>{{"ka_nasal", 61.5},
                                                                            {"ka_swallowed", 132},
                                                                            {"ka_oral", 132},
                                                                            {"Vc", 27.5},
                                                                            {"Vp1", 49.3},
                                                                            {"Qh", 23.2},
                                                                            {"Vh", 34.6},
                                                                            {"kel", 120},
                                                                            {"CLn", 25.4},
                                                                            {"Vcn", 31.6}}) {
    blocks.push_back(independent(name, variance_from_cv_percent(cv), table3));
  }
  blocks.push_back(independent("kmet", variance_from_cv_percent(30),
                               "ASSUMED 30% (blank in Table 3; nlmixr2lib's assumption)"));
  blocks.push_back(independent("FRn", 0.708 * 0.708,
                               "Table 3: 70.8, additive on the logit scale, read as SD 0.708 of "
                               "logit(FRn) — an interpretation"));
  return blocks;
}

}  // namespace

double nasal_fraction(int device_index) {
  return device_index == 0 ? kNasalFraction : kNasalFraction * kLaterDeviceFactor;
}

PkModel perez_ruixo2021() {
  return {{"perez_ruixo2021",
           "Perez-Ruixo 2021 esketamine nasal spray with noresketamine",
           "esketamine",
           "Perez-Ruixo C, Rossenu S, Zannikos P, et al. Clin Pharmacokinet 2021;60(4):501-516, "
           "doi:10.1007/s40262-020-00953-4 (Table 3)",
           "venous",
           {Route::intranasal, Route::iv_bolus, Route::iv_infusion, Route::oral},
           {"Table 3 as transcribed by nlmixr2lib (PerezRuixo_2020_esketamine), not checked "
            "against the paper.",
            "Ethnicity: Asian patients kel ×0.36 and CLn/F ×0.81; Japanese patients (Asian too) "
            "also FRn ×1.34, applied to each device's fraction after its variability and capped "
            "at 1 (the cap is ours). A patient with no ethnicity given is taken as not Asian, the "
            "reference group.",
            "Oral solution: Fgut 0.64, zero-order over Dpo 0.32 h into an oral depot, then ka,po "
            "0.97/h into the liver (the hepatic first pass makes noresketamine), as in Table 3.",
            "Age lowers hepatic blood flow by 2.19 L/h per year above 60; age 40 when not given.",
            "Noresketamine volumes and clearance are apparent (/F); amounts are not converted by "
            "molar mass. With Table 3 used literally, noresketamine AUC is over-predicted about "
            "1.4-1.6× (as nlmixr2lib and A. Maloney found); its Cmax matches.",
            "Venous sampling is assumed (phase I-III venous samples); the paper's site was not "
            "checked."},
           {}},  // its oral route is published (Table 3), not assumed
          parameters,
          inputs,
          variability()};
}

namespace {

constexpr Eigen::Index kFantaNorketamine = 3;  // fanta2015's S-norketamine central compartment

// Oral S-ketamine in fanta2015: 8% reaches the central compartment, the rest reaches
// S-norketamine's, both absorbed like perez_ruixo2021's oral solution (an assumption).
std::vector<Input> fanta_inputs(const Dose& dose, const Covariates&, const Etas&,
                                PkParameters& parameters) {
  if (dose.route != Route::oral) return intravenous_inputs(dose);
  constexpr double kOralBioavailability = 0.08;  // Fanta 2015
  const double ka = kKaOral * kPerHour, duration = kOralDurationH * 60;
  const Eigen::Index parent = absorption_depot(parameters, "oral_depot", ka);
  const Eigen::Index metabolite =
      absorption_depot(parameters, "oral_first_pass_depot", ka, kFantaNorketamine);
  return {{parent, kOralBioavailability * dose.amount_mg, dose.start_min, duration},
          {metabolite, (1 - kOralBioavailability) * dose.amount_mg, dose.start_min, duration}};
}

}  // namespace

// Fanta S, Kinnunen M, Backman JT, Kalso E. Eur J Clin Pharmacol 2015;71:441-7, with the values
// as re-fitted by Otto ME et al. Eur J Clin Pharmacol 2021;77:1181-92 (nlmixr2lib
// Otto_2021_s_ketamine) — docs/pharmacology-sources.md §1.6.
PkModel fanta2015() {
  return {{"fanta2015",
           "Fanta 2015 S-ketamine with S-norketamine (Otto 2021 re-fit)",
           "esketamine",
           "Fanta S et al. Eur J Clin Pharmacol 2015;71:441-7; parameters as fixed and extended by "
           "Otto ME et al. Eur J Clin Pharmacol 2021;77:1181-92",
           "venous",
           {Route::iv_bolus, Route::iv_infusion, Route::oral},
           {"Values as transcribed by nlmixr2lib (Otto_2021_s_ketamine), not checked against the "
            "papers.",
            "All S-ketamine eliminated becomes S-norketamine (fraction metabolised 1, as in Otto "
            "2021); amounts are not converted by molar mass.",
            "Weight scales V1 by (WT/70) and CL by (WT/70)^0.75 only, as in Otto 2021.",
            "No sublingual route: no S-ketamine sublingual model was found."},
           {{Route::oral,
             "Oral: F 0.08 (Fanta 2015); the other 92% is metabolised on the first pass and "
             "enters S-norketamine (fraction metabolised 1, as above). Fanta's absorption "
             "parameters were not found: both parts are ASSUMED to be absorbed like Perez-Ruixo "
             "2021's oral esketamine solution (zero-order over 0.32 h, then 0.97/h)."}}},
          [](const Covariates& c, const Etas& eta) {
            constexpr Eigen::Index kCentral = 0, kP1 = 1, kP2 = 2, kNorP = 4;
            const double size = c.weight_kg / 70;
            const double v1 = 133 * size * std::exp(eta("V1"));
            const double cl = 95.2 * std::pow(size, 0.75) * std::exp(eta("CL"));
            const double v_nor = 98.6 * std::exp(eta("V_nor")),
                         cl_nor = 57.7 * std::exp(eta("CL_nor"));
            Eigen::MatrixXd k = Eigen::MatrixXd::Zero(5, 5);
            flow(k, kCentral, kP1, 23.2 / v1);
            flow(k, kP1, kCentral, 23.2 / 187);
            flow(k, kCentral, kP2, 157 / v1);
            flow(k, kP2, kCentral, 157 / 98.8);
            flow(k, kCentral, kFantaNorketamine, cl / v1);  // fraction metabolised 1
            flow(k, kFantaNorketamine, -1, cl_nor / v_nor);
            flow(k, kFantaNorketamine, kNorP, 42.8 / v_nor);
            flow(k, kNorP, kFantaNorketamine, 42.8 / 160);
            PkParameters p;
            p.compartments = {"central", "peripheral1", "peripheral2", "norketamine_central",
                              "norketamine_peripheral"};
            p.rates_per_min = k;
            p.central_volume_l = v1;
            p.metabolite = Metabolite{"S-norketamine", kFantaNorketamine, v_nor};
            return p;
          },
          fanta_inputs,
          {{{"V1", "CL"},
            (Eigen::MatrixXd(2, 2) << 0.084, 0.023, 0.023, 0.026).finished(),
            "Otto 2021: ω² V1 0.084, CL 0.026, covariance 0.023"},
           {{"V_nor", "CL_nor"},
            (Eigen::MatrixXd(2, 2) << 0.040, 0.044, 0.044, 0.103).finished(),
            "Otto 2021: ω² V 0.040, CL 0.103, covariance 0.044 (S-norketamine)"}}};
}

}  // namespace plasticity::pk
