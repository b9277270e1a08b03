// The forecast's JSON (the contract in docs/api.md): a patient's forecast, and the clinic model
// with its coefficients, cross-validated accuracy and calibration beside the published evidence.
#pragma once

#include "outcomes/forecast.h"
#include "server/forecast/forecast_models.h"
#include "server/http/request_support.h"

namespace plasticity::server {

// `comparison`: the published-evidence forecast when the clinic model is the basis.
OrderedJson forecast_to_json(const Forecast& forecast, const Forecast* comparison,
                             const FittedForecast& fitted, const ForecastEvidence& evidence);

// `suppress_small_cells`: the researcher's view (a calibration bin of 1 to 10 rows hidden).
OrderedJson forecast_model_to_json(const std::string& instrument, const FittedForecast& fitted,
                                   const ForecastEvidence& evidence, bool suppress_small_cells);

}  // namespace plasticity::server
