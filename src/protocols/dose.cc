#include "protocols/dose.h"

#include <algorithm>
#include <cmath>

#include "core/decimal_text.h"

namespace plasticity {
namespace {

// Weights a scale in a clinic can show for an adult; outside them the entry is a typing error.
constexpr double kMinWeightKg = 20;
constexpr double kMaxWeightKg = 400;
constexpr int kMaxInfusionMinutes = 240;

// Rounds down to 1/`steps_per_unit`, tolerating binary noise (3.62 mL must stay 362 hundredths,
// not 361); dividing the whole count gives the nearest double to the decimal (4.06, not 4.0600…1).
double floor_to(double value, double steps_per_unit) {
  return std::floor(value * steps_per_unit + 1e-9) / steps_per_unit;
}

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

bool needs_volume(const Protocol& protocol) {
  return protocol.route == "iv_infusion" || protocol.route == "intramuscular";
}

// mg for a weight-based protocol; adds errors and returns nullopt when it cannot be had.
std::optional<double> weight_based_mg(const Protocol& protocol, const DosePrescription& rx,
                                      CalculatedDose& dose, FieldErrors& errors) {
  const DoseRules& rules = protocol.dose;
  if (!rx.weight_kg) {
    errors.push_back({"weight_kg", "required",
                      "this protocol is dosed by weight: record the weight measured today"});
    return std::nullopt;
  }
  if (!std::isfinite(*rx.weight_kg) || *rx.weight_kg < kMinWeightKg ||
      *rx.weight_kg > kMaxWeightKg) {
    errors.push_back({"weight_kg", "range", "weight_kg must be 20 to 400"});
    return std::nullopt;
  }
  const double per_kg = rx.mg_per_kg ? *rx.mg_per_kg : *rx.mg / *rx.weight_kg;
  dose.weight_kg = rx.weight_kg;
  dose.mg_per_kg = per_kg;
  dose.notes.push_back("dose uses the weight " + rx.weight_source + ": " +
                       decimal_text(*rx.weight_kg, 3) + " kg");
  const std::string field = rx.mg_per_kg ? "dose_mg_per_kg" : "dose_mg";
  if (!(per_kg <= rules.max_mg_per_kg)) {
    errors.push_back({field, "above_protocol_maximum",
                      decimal_text(per_kg, 3) + " mg/kg is above this protocol's maximum of " +
                          decimal_text(rules.max_mg_per_kg, 3) + " mg/kg: not given (hard stop)"});
    return std::nullopt;
  }
  if (!(per_kg >= rules.min_mg_per_kg)) {
    errors.push_back({field, "below_protocol_minimum",
                      decimal_text(per_kg, 3) + " mg/kg is below this protocol's range (" +
                          decimal_text(rules.min_mg_per_kg, 3) + " to " +
                          decimal_text(rules.max_mg_per_kg, 3) + " mg/kg)"});
    return std::nullopt;
  }
  if (std::abs(per_kg - rules.default_mg_per_kg) > 1e-9 && blank(rx.reason)) {
    errors.push_back({"reason", "required",
                      "a dose other than the protocol's " +
                          decimal_text(rules.default_mg_per_kg, 3) +
                          " mg/kg needs a stated reason"});
  }
  return per_kg * *rx.weight_kg;
}

// mg for a fixed-dose protocol (esketamine devices).
std::optional<double> fixed_mg(const Protocol& protocol, const DosePrescription& rx,
                               CalculatedDose& dose, FieldErrors& errors) {
  const DoseRules& rules = protocol.dose;
  if (rx.mg_per_kg) {
    errors.push_back({"dose_mg_per_kg", "not_weight_based",
                      protocol.name + " is given in fixed doses: use dose_mg"});
    return std::nullopt;
  }
  const double mg = *rx.mg;
  if (std::none_of(rules.allowed_mg.begin(), rules.allowed_mg.end(),
                   [&](double allowed) { return std::abs(allowed - mg) < 1e-9; })) {
    std::string allowed;
    for (double a : rules.allowed_mg)
      allowed += (allowed.empty() ? "" : " or ") + decimal_text(a, 3);
    errors.push_back({"dose_mg", "one_of", "dose_mg must be " + allowed + " for " + protocol.name});
    return std::nullopt;
  }
  if (rules.escalation_above_mg > 0 && mg > rules.escalation_above_mg &&
      std::none_of(rx.prior_doses_mg.begin(), rx.prior_doses_mg.end(),
                   [&](double prior) { return prior >= rules.escalate_after_mg - 1e-9; })) {
    errors.push_back({"dose_mg", "escalation_needs_prior_dose",
                      decimal_text(mg, 3) + " mg only after a prior " +
                          decimal_text(rules.escalate_after_mg, 3) + " mg session (" +
                          rules.source + ")"});
    return std::nullopt;
  }
  if (rules.device_mg > 0) {
    dose.devices = static_cast<int>(std::lround(mg / rules.device_mg));
    dose.device_interval_minutes = rules.device_interval_minutes;
  }
  return mg;
}

void add_volume_and_rate(const Protocol& protocol, const DosePrescription& rx, CalculatedDose& dose,
                         FieldErrors& errors) {
  if (!rx.concentration_mg_per_ml) {
    if (needs_volume(protocol)) {
      errors.push_back({"concentration_mg_per_ml", "required",
                        "give the concentration of the solution drawn, in mg/mL"});
    }
    return;
  }
  const double concentration = *rx.concentration_mg_per_ml;
  if (!std::isfinite(concentration) || concentration <= 0 || concentration > 100) {
    errors.push_back({"concentration_mg_per_ml", "range",
                      "concentration_mg_per_ml must be more than 0 and at most 100"});
    return;
  }
  const double volume = floor_to(dose.prescribed_mg / concentration, 100);
  dose.volume_ml = volume;
  dose.dose_mg = std::floor(volume * 100 + 0.5) * concentration / 100;
  if (dose.dose_mg < dose.prescribed_mg - 1e-9) {
    dose.notes.push_back("rounded down to " + decimal_text(volume, 3) + " mL (" +
                         decimal_text(dose.dose_mg, 3) + " mg) so the prescribed " +
                         decimal_text(dose.prescribed_mg, 3) + " mg is never exceeded");
  }
  if (protocol.route != "iv_infusion") return;
  const int minutes = rx.infusion_minutes.value_or(protocol.dose.default_infusion_minutes);
  if (minutes < 1 || minutes > kMaxInfusionMinutes) {
    errors.push_back({"infusion_minutes", "range", "infusion_minutes must be 1 to 240"});
    return;
  }
  if (minutes != protocol.dose.default_infusion_minutes && blank(rx.reason)) {
    errors.push_back({"reason", "required",
                      "an infusion other than " +
                          std::to_string(protocol.dose.default_infusion_minutes) +
                          " min needs a stated reason"});
  }
  dose.infusion_minutes = minutes;
  dose.pump_rate_ml_per_h = floor_to(volume * 60.0 / minutes, 10);
}

}  // namespace

DoseResult calculate_dose(const Protocol& protocol, const DosePrescription& rx) {
  DoseResult result;
  if (rx.mg_per_kg.has_value() == rx.mg.has_value()) {
    result.errors.push_back(
        {"dose_mg_per_kg", "exactly_one", "give the dose as either dose_mg_per_kg or dose_mg"});
    return result;
  }
  const double given = rx.mg_per_kg ? *rx.mg_per_kg : *rx.mg;
  if (!std::isfinite(given) || given <= 0) {
    result.errors.push_back({rx.mg_per_kg ? "dose_mg_per_kg" : "dose_mg", "positive",
                             "the dose must be a number more than 0"});
    return result;
  }
  CalculatedDose dose;
  const auto mg = protocol.dose.basis == DoseBasis::per_kg
                      ? weight_based_mg(protocol, rx, dose, result.errors)
                      : fixed_mg(protocol, rx, dose, result.errors);
  if (!mg) return result;
  dose.prescribed_mg = *mg;
  dose.dose_mg = *mg;
  add_volume_and_rate(protocol, rx, dose, result.errors);
  if (result.errors.empty()) result.dose = std::move(dose);
  return result;
}

}  // namespace plasticity
