// The SPRAVATO REMS Patient Monitoring Form (clinical-reference §2.4): what the nurse answers,
// what Plasticity already knows from the session record (times, dose, lot, the three blood
// pressures, serious adverse events), which answers are still missing, and when it is due
// (within 7 days of the session).
//
//   auto form = assemble_monitoring_form(facts, answers);
//   form.missing  // e.g. {"ready_to_leave_minutes", "bp_40_min"}
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/utc_time.h"
#include "monitoring/alarm_rules.h"

namespace plasticity {

// REMS form item 3 (the newer form adds opioids).
const std::vector<std::string>& concomitant_medicine_classes();

// Every field of the form in the form's order, with the form's wording.
const std::vector<std::pair<std::string, std::string>>& monitoring_form_fields();

// The form's wording for a field name of `missing` or an answer (e.g. "bp_40_min" → "Blood
// pressure ~40 minutes after administration"); the name itself when the form has none.
std::string monitoring_form_label(const std::string& field);

struct MonitoringFormAnswers {
  std::map<std::string, bool> concomitant;  // by class; every class must be answered
  std::optional<bool> vitals_acceptable_before;
  std::optional<bool> vitals_acceptable_at_completion;
  std::optional<int> ready_to_leave_minutes;  // "if there were no 2-hour minimum ..."
  std::optional<bool> sedation;
  std::optional<bool> dissociation;
  std::optional<bool> respiratory_depression;
  std::optional<bool> resolved_before_leaving;  // all of the above resolved
  std::string monitoring_hcp;                   // who monitored
};

struct BloodPressure {
  double systolic = 0;
  double diastolic = 0;
  UtcTime at;
};

// From the session record.
struct MonitoringFormFacts {
  UtcTime first_device_at;
  std::optional<UtcTime> completed_at;  // discharge
  double dose_mg = 0;
  std::string lot_number;
  std::vector<BloodPressure> blood_pressures;  // paired SBP/DBP readings, oldest first
  int serious_adverse_events = 0;
};

struct MonitoringForm {
  MonitoringFormAnswers answers;
  MonitoringFormFacts facts;
  std::optional<BloodPressure> bp_before;         // last before the first device
  std::optional<BloodPressure> bp_40_min;         // nearest to 40 min after, within ±10 min
  std::optional<BloodPressure> bp_at_completion;  // last before discharge
  std::optional<int> total_monitoring_minutes;
  std::vector<std::string> missing;  // answers or facts the form still lacks, by field name
  std::optional<UtcTime> due_at;     // completion + 7 days
};

// What the chart already says about questions on the form. Suggestions are shown to the nurse, who
// confirms or changes them; they are never sent as answers on their own.
struct MonitoringFormEvidence {
  // The latest screening's medicine answers, by intake question id (yes/no as 1/0, the
  // benzodiazepine as lorazepam-equivalent mg a day).
  std::map<std::string, double> screening_medicines;
  std::vector<int> moaas_scores;                 // the chair's sedation records
  std::vector<std::string> adverse_event_kinds;  // the chair's adverse-event records
  std::string recovery_started_by;               // who moved the session into recovery
};

struct SuggestedAnswers {
  MonitoringFormAnswers answers;
  std::map<std::string, std::string> basis;  // form field → where the suggestion comes from
};

SuggestedAnswers suggest_monitoring_form_answers(const MonitoringFormEvidence& evidence);

MonitoringForm assemble_monitoring_form(const MonitoringFormFacts& facts,
                                        const MonitoringFormAnswers& answers);

// Pairs SBP and DBP readings taken at the same time into blood pressures, oldest first.
std::vector<BloodPressure> pair_blood_pressures(const std::vector<TimedValue>& systolic,
                                                const std::vector<TimedValue>& diastolic);

}  // namespace plasticity
