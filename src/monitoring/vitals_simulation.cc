#include "monitoring/vitals_simulation.h"

#include <algorithm>
#include <cmath>

namespace plasticity {
namespace {

// Yale chart review (Gen Hosp Psychiatry 2024, 2,342 infusions): SBP/DBP peak at 40 min, mean rise
// 16.0 (SD 11.2) / 11.0 (SD 8.45) mmHg; severe hypertension in 0.98% of sessions [V]
// (clinical-reference §1.6). Back to baseline within 1.5 h: Szarmach 2020 [V].
constexpr double kPeakMinutes = 40;
constexpr double kBackToBaselineMinutes = 90;
constexpr double kMeanRiseSbp = 16.0, kSdRiseSbp = 11.2;
constexpr double kMeanRiseDbp = 11.0, kSdRiseDbp = 8.45;
// "A few percent of sessions far above" (issue 5): a demo setting, above the published 0.98% so
// a demo of a few chairs shows one now and then.
constexpr double kFarAboveShare = 0.03;
constexpr double kFarAboveSbp = 45, kFarAboveDbp = 25;
// Artefacts (a probe moved, a cuff cycle during movement) and disconnects: demo settings.
constexpr double kArtefactChance = 0.004;
constexpr double kDisconnectChance = 0.0008;
constexpr int kDisconnectSamples = 150;

}  // namespace

SimulatedPatient VitalsSimulation::new_patient() {
  SimulatedPatient p;
  p.sbp = std::clamp(normal(124, 12), 100.0, 150.0);
  p.dbp = std::clamp(normal(78, 8), 60.0, 95.0);
  p.hr = std::clamp(normal(72, 9), 52.0, 98.0);
  p.spo2 = std::clamp(normal(97.5, 0.8), 95.0, 99.5);
  p.rr = std::clamp(normal(14, 2), 10.0, 20.0);
  const double z = normal(0, 1);  // one draw: systolic and diastolic rises go together
  p.peak_rise_sbp = std::max(0.0, kMeanRiseSbp + kSdRiseSbp * z);
  p.peak_rise_dbp = std::max(0.0, kMeanRiseDbp + kSdRiseDbp * z);
  if (chance(kFarAboveShare)) {
    p.peak_rise_sbp += kFarAboveSbp;
    p.peak_rise_dbp += kFarAboveDbp;
  }
  return p;
}

double VitalsSimulation::rise_fraction(double minutes) {
  if (minutes <= 0) return 0;
  if (minutes <= kPeakMinutes) return minutes / kPeakMinutes;
  return std::max(0.0, 1 - (minutes - kPeakMinutes) / (kBackToBaselineMinutes - kPeakMinutes));
}

std::vector<VitalSample> VitalsSimulation::sample(const SimulatedPatient& p, double minutes,
                                                  bool with_blood_pressure) {
  if (disconnected_samples_left_ > 0) {
    --disconnected_samples_left_;
    return {};
  }
  if (chance(kDisconnectChance)) {
    disconnected_samples_left_ = kDisconnectSamples;
    return {};
  }
  const double rise = rise_fraction(minutes);
  const double sbp = std::round(p.sbp + rise * p.peak_rise_sbp + normal(0, 4));
  const double dbp = std::round(p.dbp + rise * p.peak_rise_dbp + normal(0, 3));
  double hr = std::round(p.hr + 4 * rise + normal(0, 2));
  double spo2 = std::round(std::min(100.0, p.spo2 + normal(0, 0.6)));
  if (chance(kArtefactChance)) spo2 = std::round(normal(78, 5));  // a probe moved
  if (chance(kArtefactChance)) hr = std::round(hr * 1.8);         // motion on the ECG leads
  std::vector<VitalSample> samples{
      {VitalKind::heart_rate, std::clamp(hr, 20.0, 250.0)},
      {VitalKind::spo2, std::clamp(spo2, 50.0, 100.0)},
      {VitalKind::respiratory_rate, std::clamp(std::round(p.rr + normal(0, 1)), 4.0, 40.0)}};
  if (with_blood_pressure) {
    samples.push_back({VitalKind::systolic_bp, std::clamp(sbp, 70.0, 260.0)});
    samples.push_back({VitalKind::diastolic_bp, std::clamp(dbp, 40.0, 160.0)});
    samples.push_back(
        {VitalKind::mean_arterial_pressure,
         std::round((std::clamp(sbp, 70.0, 260.0) + 2 * std::clamp(dbp, 40.0, 160.0)) / 3)});
  }
  return samples;
}

}  // namespace plasticity
