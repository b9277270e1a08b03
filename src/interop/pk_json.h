// The JSON contract of `plasticity pk simulate` (docs/pharmacology.md): the request, checked
// field by field, and the result.
//
//   auto parsed = parse_pk_request(text);
//   if (auto* error = std::get_if<std::string>(&parsed)) { /* "doses/1/route: ..." */ }
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "pharmacology/population.h"

namespace plasticity {

struct PkRequest {
  std::string model_id;
  pk::SimulationRequest simulation;
  std::optional<double> threshold_ng_ml;    // report the time at or above it
  std::optional<double> target_cmax_ng_ml;  // report the dose scale that reaches it
};

// The request, or one line naming the first field that breaks a rule.
std::variant<PkRequest, std::string> parse_pk_request(const std::string& json_text);

std::string pk_result_json(const PkRequest& request, const pk::SimulationResult& result);

// `plasticity pk population`: the same request plus optional "covariates" ({"weight_kg":
// {"mean", "sd", "min", "max"}, "age_years": {"min", "max"}}) or "patients" ([{"weight_kg",
// "age_years"}, ...]) and "variability": false for typical values. n, seed, threads from flags.
std::variant<pk::PopulationRequest, std::string> parse_population_request(
    const std::string& json_text, std::size_t n, std::uint64_t seed, int threads);
std::string population_result_json(const pk::PopulationRequest& request,
                                   const pk::PopulationResult& result);
std::string pk_models_json();

}  // namespace plasticity
