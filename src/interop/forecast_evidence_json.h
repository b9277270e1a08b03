// The published evidence the early-response forecast rests on (outcomes/forecast.h), from
// src/outcomes/definitions/forecast_evidence.json (beside the program as outcomes/; a clinic's
// DATA/outcomes/forecast_evidence.json replaces it whole). Every figure carries its citation.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "interop/json_fields.h"
#include "outcomes/forecast.h"

namespace plasticity {

// Throws DefinitionError naming the field ("/rules/0/two_by_two/signal_response: ...").
ForecastEvidence parse_forecast_evidence(const std::string& json_text);
ForecastEvidence load_forecast_evidence(const std::vector<std::filesystem::path>& directories);

}  // namespace plasticity
