// Realistic vital signs for demos and load tests (`plasticity simulate-devices`): each simulated
// patient has a resting baseline, a blood-pressure rise that peaks near 40 minutes after the
// start of dosing and returns to baseline by about 90 minutes (the published 0.5 mg/kg series),
// measurement noise, the odd artefact, and now and then a monitor that stops sending. Seeded:
// the same seed gives the same patients and readings.
//
//   VitalsSimulation sim{seed};
//   auto patient = sim.new_patient();
//   auto samples = sim.sample(patient, minutes_since_dosing, /*with_blood_pressure=*/true);
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "monitoring/vital_sign.h"

namespace plasticity {

struct SimulatedPatient {
  double sbp = 125, dbp = 78, hr = 72, spo2 = 98, rr = 14;  // resting baseline
  double peak_rise_sbp = 16, peak_rise_dbp = 11;            // at 40 min
};

struct VitalSample {
  VitalKind kind;
  double value;
};

class VitalsSimulation {
 public:
  explicit VitalsSimulation(std::uint64_t seed) : random_(seed) {}

  SimulatedPatient new_patient();
  // The blood-pressure rise over baseline `minutes` after dosing began (0 before), mmHg.
  static double rise_fraction(double minutes);
  // HR, SpO2 and RR always; SBP, DBP and MAP when `with_blood_pressure` (a cuff cycle). Empty
  // while the monitor is disconnected.
  std::vector<VitalSample> sample(const SimulatedPatient& patient, double minutes,
                                  bool with_blood_pressure);

 private:
  double normal(double mean, double sd) {
    return std::normal_distribution<double>(mean, sd)(random_);
  }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(random_) < p; }

  std::mt19937_64 random_;
  int disconnected_samples_left_ = 0;
};

}  // namespace plasticity
