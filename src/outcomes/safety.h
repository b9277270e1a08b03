// Safety across the clinic, as the store reads it from every treatment session: how many were
// dosed and aborted, the alarms raised by rule and severity, the sessions where an SBP above 180
// was recorded by an alarm, the adverse events the chair recorded, and the MOAA/S sedation scores.
#pragma once

#include <string>
#include <vector>

namespace plasticity {

// Transient hypertension after dosing as Del Sant et al. counted it (J Psychopharmacol 2020:
// SBP > 180 and/or DBP > 110 mmHg; docs/clinical-reference.md), and the shipped critical SBP alarm.
inline constexpr double kSbpExcursion = 180;

struct SafetyRecords {
  struct Alarms {
    std::string rule_id, severity;
    int count = 0;
  };
  struct AdverseEventRecord {
    std::string type, severity;
    bool serious = false;
  };
  int sessions_dosed = 0;
  int sessions_aborted = 0;
  std::vector<Alarms> alarms;  // by rule and severity
  int sessions_sbp_over_180 = 0;
  std::vector<AdverseEventRecord> adverse_events;
  std::vector<int> moaas;  // every sedation score recorded
};

}  // namespace plasticity
