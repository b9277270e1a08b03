// The clinic's forecast models in use (outcomes/forecast.h), one per instrument with a response
// rule: fitted on first use, refitted on demand (POST /api/v1/reports/forecast/refit) and each
// night after 02:00 in the clinic's time zone. A request holds the fit it read, so a refit never
// changes a forecast half-way through an answer.
//
//   const auto fitted = models.current("phq9", now);   // fits it now if it never was
//   fitted->fit.model ? "clinic model" : fitted->fit.reason
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "interop/instrument_json.h"
#include "interop/protocol_json.h"
#include "outcomes/forecast.h"
#include "server/settings/current_settings.h"
#include "storage/areas/outcome_store.h"

namespace plasticity::server {

// Told to the other servers on the database after a refit on demand (the instrument's id).
inline constexpr const char* kForecastRefittedTopic = "forecast.refitted";

struct FittedForecast {
  ModelFit fit;
  UtcTime fitted_at;
};

struct PatientForecast {
  Forecast forecast;
  std::optional<Forecast> comparison;  // the published evidence's, when the model is the basis
  std::shared_ptr<const FittedForecast> fitted;
};

class ForecastModels {
 public:
  ForecastModels(OutcomeStore& store, const InstrumentCatalog& instruments,
                 const ProtocolCatalog& protocols, CurrentSettings& settings,
                 const ForecastEvidence& evidence);

  std::shared_ptr<const FittedForecast> current(const std::string& instrument, UtcTime now);
  // One patient's forecast on `instrument` (forecastable); nothing when the patient is unknown.
  std::optional<PatientForecast> for_patient(const std::string& patient_id,
                                             const std::string& instrument, UtcTime now);
  std::shared_ptr<const FittedForecast> refit(const std::string& instrument, UtcTime now);
  // After another server refitted `instrument` on demand: fitted here again on its next use, so
  // every server answers with a model of the same data.
  void forget(const std::string& instrument);
  void forget_all();
  // Each instrument whose model was last fitted before today's 02:00 (clinic time), once 02:00 has
  // passed: the server calls it every minute. Returns how many were refitted.
  int refit_nightly(UtcTime now);

  // The drug and route of each protocol, for choosing a published cohort.
  CourseDrug drug_of(const std::string& protocol_id) const;
  const ForecastEvidence& evidence() const { return evidence_; }
  // The instruments that can be forecast: those with a response rule.
  bool forecastable(const std::string& instrument) const;

 private:
  std::shared_ptr<const FittedForecast> fit_now(const std::string& instrument, UtcTime now);

  OutcomeStore& store_;
  const InstrumentCatalog& instruments_;
  CurrentSettings& settings_;
  const ForecastEvidence& evidence_;
  std::map<std::string, CourseDrug> drugs_;  // each protocol's, read once from the catalog
  std::mutex fitting_;  // one fit at a time: a second asker waits for the first's result
  std::mutex models_mutex_;
  std::map<std::string, std::shared_ptr<const FittedForecast>> models_;
};

}  // namespace plasticity::server
