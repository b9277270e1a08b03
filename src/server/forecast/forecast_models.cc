#include "server/forecast/forecast_models.h"

#include <spdlog/spdlog.h>

namespace plasticity::server {
namespace {

constexpr int kNightlyRefitHour = 2;  // local time: after the day's sessions, before the next

}  // namespace

ForecastModels::ForecastModels(OutcomeStore& store, const InstrumentCatalog& instruments,
                               const ProtocolCatalog& protocols, CurrentSettings& settings,
                               const ForecastEvidence& evidence)
    : store_(store), instruments_(instruments), settings_(settings), evidence_(evidence) {
  for (const auto& [id, protocol] : protocols.all()) drugs_[id] = {protocol.drug, protocol.route};
}

CourseDrug ForecastModels::drug_of(const std::string& protocol_id) const {
  const auto found = drugs_.find(protocol_id);
  return found == drugs_.end() ? CourseDrug{} : found->second;
}

bool ForecastModels::forecastable(const std::string& instrument) const {
  const auto* entry = instruments_.find(instrument);
  return entry && entry->instrument.outcomes.response_min_reduction.has_value();
}

std::shared_ptr<const FittedForecast> ForecastModels::current(const std::string& instrument,
                                                              UtcTime now) {
  {
    std::lock_guard lock{models_mutex_};
    if (const auto found = models_.find(instrument); found != models_.end()) return found->second;
  }
  std::lock_guard fitting{fitting_};
  {
    std::lock_guard lock{models_mutex_};  // fitted by another asker while this one waited
    if (const auto found = models_.find(instrument); found != models_.end()) return found->second;
  }
  return fit_now(instrument, now);
}

std::optional<PatientForecast> ForecastModels::for_patient(const std::string& patient_id,
                                                           const std::string& instrument,
                                                           UtcTime now) {
  const auto record = store_.outcome_record(instrument, patient_id);
  if (!record) return std::nullopt;
  PatientForecast result;
  result.fitted = current(instrument, now);
  const CourseProgress course =
      course_progress(*record, instruments_.find(instrument)->instrument.outcomes, evidence_);
  result.forecast = forecast_course(course, drug_of(course.protocol_id), instrument, evidence_,
                                    &result.fitted->fit, &result.comparison);
  return result;
}

std::shared_ptr<const FittedForecast> ForecastModels::refit(const std::string& instrument,
                                                            UtcTime now) {
  std::lock_guard fitting{fitting_};
  return fit_now(instrument, now);
}

void ForecastModels::forget(const std::string& instrument) {
  std::lock_guard lock{models_mutex_};
  models_.erase(instrument);
}

void ForecastModels::forget_all() {
  std::lock_guard lock{models_mutex_};
  models_.clear();
}

int ForecastModels::refit_nightly(UtcTime now) {
  const auto clinic = settings_.get();
  const ClinicTimeZone& zone = *clinic->schedule.time_zone;
  const LocalDateTime local = zone.to_local(now);
  if (local.minute_of_day < kNightlyRefitHour * 60) return 0;
  const UtcTime tonight = zone.to_utc(local.date, kNightlyRefitHour * 60);
  std::vector<std::string> due;
  for (const auto& [id, entry] : instruments_.all()) {
    if (!forecastable(id)) continue;
    std::lock_guard lock{models_mutex_};
    const auto found = models_.find(id);
    if (found == models_.end() || found->second->fitted_at < tonight) due.push_back(id);
  }
  for (const auto& id : due) refit(id, now);
  return static_cast<int>(due.size());
}

// Called with `fitting_` held.
std::shared_ptr<const FittedForecast> ForecastModels::fit_now(const std::string& instrument,
                                                              UtcTime now) {
  const OutcomeRules& rules = instruments_.find(instrument)->instrument.outcomes;
  std::vector<CourseProgress> courses;
  for (const auto& patient : store_.outcome_cohort(instrument)) {
    courses.push_back(course_progress(patient, rules, evidence_));
  }
  auto fitted = std::make_shared<const FittedForecast>(
      FittedForecast{fit_forecast_model(courses, drugs_, instrument, evidence_), now});
  spdlog::info("forecast model {}: {}", instrument,
               fitted->fit.model
                   ? std::to_string(fitted->fit.model->training_courses) + " training courses"
                   : fitted->fit.reason);
  std::lock_guard lock{models_mutex_};
  models_[instrument] = fitted;
  return fitted;
}

}  // namespace plasticity::server
