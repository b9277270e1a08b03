// A treatment protocol: how a drug is given, what must be checked before the first dose, how
// often vitals are taken, how long the patient is watched, which alarms apply and what must be
// confirmed before discharge. Protocols are data (src/protocols/definitions/*.json, replaced per
// clinic by a file with the same id in the data directory); every number carries its source, and
// a number the sources do not verify is marked as a clinic default.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "monitoring/alarm_rules.h"

namespace plasticity {

// A yes/no item a nurse confirms: a pre-dose check or a discharge criterion.
struct ChecklistItem {
  std::string id;     // "no_food_2h"
  std::string label;  // "No food in the last 2 hours"
  std::string source;
};

enum class DoseBasis { per_kg, fixed_mg };

struct DoseRules {
  DoseBasis basis = DoseBasis::per_kg;
  // per_kg: the usual dose and the range a prescriber may choose (a dose outside the range is
  // refused: the hard stop).
  double default_mg_per_kg = 0;
  double min_mg_per_kg = 0;
  double max_mg_per_kg = 0;
  // fixed_mg: the doses allowed, and devices of `device_mg` given `device_interval_minutes` apart.
  std::vector<double> allowed_mg;
  double device_mg = 0;
  int device_interval_minutes = 0;
  // A dose above this needs a prior session at `escalate_after_mg` (esketamine: 84 mg only after
  // a first 56 mg dose); 0 when there is no such rule.
  double escalation_above_mg = 0;
  double escalate_after_mg = 0;
  // Infusions: the usual duration; another needs a stated reason.
  int default_infusion_minutes = 0;
  std::string source;
};

struct Protocol {
  std::string id;  // "iv_ketamine"
  std::string name;
  std::string drug;      // "racemic ketamine", "esketamine"
  std::string route;     // "iv_infusion", "intramuscular", "intranasal", "oral"
  std::string pk_model;  // the pharmacology model for predicted curves; empty when none fits
  DoseRules dose;
  std::vector<ChecklistItem> pre_checks;
  int vitals_every_minutes_dosing = 10;
  int vitals_every_minutes_after = 15;
  int minimum_monitoring_minutes = 0;  // from the first dose; a hard rule when `regulatory`
  bool minimum_monitoring_is_regulatory = false;
  std::string monitoring_source;
  std::vector<AlarmRule> alarm_rules;
  std::vector<ChecklistItem> discharge_checklist;
  bool monitoring_form_required = false;  // the Spravato REMS Patient Monitoring Form
};

}  // namespace plasticity
