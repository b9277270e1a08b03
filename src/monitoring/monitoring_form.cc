#include "monitoring/monitoring_form.h"

#include <algorithm>
#include <cmath>

namespace plasticity {
namespace {

// Submit within 7 days of the session (REMS form instructions, clinical-reference §2.4).
constexpr std::int64_t kDueAfterMs = 7LL * 24 * 60 * kMillisPerMinute;
// The label's BP check is "~40 minutes after administration" (clinical-reference §2.2); the
// window for which reading counts as that check is a clinic default, unverified.
constexpr std::int64_t kFortyMinutesMs = 40 * kMillisPerMinute;
constexpr std::int64_t kWindowMs = 10 * kMillisPerMinute;

}  // namespace

const std::vector<std::string>& concomitant_medicine_classes() {
  static const std::vector<std::string> classes{"benzodiazepines",
                                                "non_benzodiazepine_sedative_hypnotics",
                                                "psychostimulants", "maois", "opioids"};
  return classes;
}

namespace {

// The screening's medicine questions behind each class on the form (eligibility/intake.cc).
constexpr std::pair<const char*, const char*> kClassQuestions[] = {
    {"benzodiazepines", "benzodiazepine_lorazepam_mg_per_day"},
    {"non_benzodiazepine_sedative_hypnotics", "sedative_hypnotic"},
    {"psychostimulants", "psychostimulant"},
    {"maois", "maoi"},
    {"opioids", "opioid"},
};

bool any_of_kind(const std::vector<std::string>& kinds, const std::string& kind) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& monitoring_form_fields() {
  static const std::vector<std::pair<std::string, std::string>> fields{
      {"concomitant/benzodiazepines", "Benzodiazepines"},
      {"concomitant/non_benzodiazepine_sedative_hypnotics",
       "Non-benzodiazepine sedative hypnotics"},
      {"concomitant/psychostimulants", "Psychostimulants"},
      {"concomitant/maois", "Monoamine oxidase inhibitors (MAOIs)"},
      {"concomitant/opioids", "Opioids"},
      {"lot_number", "Lot number"},
      {"monitoring_hcp", "Healthcare professional who monitored the patient"},
      {"completed_at", "Time the monitoring ended (discharge)"},
      {"ready_to_leave_minutes",
       "Without the 2-hour minimum, ready to leave after (minutes from first device)"},
      {"vitals_acceptable_before", "Vital signs acceptable before administration"},
      {"vitals_acceptable_at_completion", "Vital signs acceptable before session completion"},
      {"bp_before", "Blood pressure before administration"},
      {"bp_40_min", "Blood pressure ~40 minutes after administration"},
      {"bp_at_completion", "Blood pressure before session completion"},
      {"sedation", "Sedation"},
      {"dissociation", "Dissociation"},
      {"respiratory_depression", "Respiratory depression"},
      {"resolved_before_leaving", "Adverse effects resolved before the patient left"},
  };
  return fields;
}

std::string monitoring_form_label(const std::string& field) {
  for (const auto& [name, label] : monitoring_form_fields()) {
    if (name == field) return label;
  }
  return field;
}

SuggestedAnswers suggest_monitoring_form_answers(const MonitoringFormEvidence& evidence) {
  SuggestedAnswers s;
  for (const auto& [form_class, question] : kClassQuestions) {
    const auto found = evidence.screening_medicines.find(question);
    if (found == evidence.screening_medicines.end()) continue;
    s.answers.concomitant[form_class] = found->second > 0;
    s.basis[std::string("concomitant/") + form_class] = "the screening's medicines";
  }
  // The label measured sedation with the MOAA/S (clinical-reference §2.2); that any score below 5
  // (not responding readily to one's name) suggests "yes" is a clinic default, unverified, and
  // only ever a suggestion the nurse confirms.
  const bool sedated = std::any_of(evidence.moaas_scores.begin(), evidence.moaas_scores.end(),
                                   [](int score) { return score < 5; });
  if (sedated || any_of_kind(evidence.adverse_event_kinds, "sedation")) {
    s.answers.sedation = true;
    s.basis["sedation"] = "a MOAA/S below 5 or a sedation event at the chair";
  } else if (!evidence.moaas_scores.empty()) {
    s.answers.sedation = false;
    s.basis["sedation"] = "every MOAA/S recorded at the chair was 5";
  }
  // Only a recorded event suggests yes; its absence is not evidence of no.
  for (const char* kind : {"dissociation", "respiratory_depression"}) {
    if (!any_of_kind(evidence.adverse_event_kinds, kind)) continue;
    (std::string_view(kind) == "dissociation" ? s.answers.dissociation
                                              : s.answers.respiratory_depression) = true;
    s.basis[kind] = "an adverse event recorded at the chair";
  }
  if (!evidence.recovery_started_by.empty()) {
    s.answers.monitoring_hcp = evidence.recovery_started_by;
    s.basis["monitoring_hcp"] = "who moved the session into recovery";
  }
  return s;
}

std::vector<BloodPressure> pair_blood_pressures(const std::vector<TimedValue>& systolic,
                                                const std::vector<TimedValue>& diastolic) {
  std::vector<BloodPressure> pairs;
  for (const auto& s : systolic) {
    for (const auto& d : diastolic) {
      if (d.at == s.at) pairs.push_back({s.value, d.value, s.at});
    }
  }
  return pairs;
}

MonitoringForm assemble_monitoring_form(const MonitoringFormFacts& facts,
                                        const MonitoringFormAnswers& answers) {
  MonitoringForm form{answers, facts, {}, {}, {}, {}, {}, {}};
  const std::int64_t start = facts.first_device_at.epoch_ms;
  std::int64_t best_distance = kWindowMs + 1;
  for (const BloodPressure& bp : facts.blood_pressures) {
    if (bp.at.epoch_ms <= start) form.bp_before = bp;
    const std::int64_t distance = std::llabs(bp.at.epoch_ms - start - kFortyMinutesMs);
    if (distance <= kWindowMs && distance < best_distance) {
      best_distance = distance;
      form.bp_40_min = bp;
    }
    if (facts.completed_at && bp.at <= *facts.completed_at && bp.at.epoch_ms > start) {
      form.bp_at_completion = bp;
    }
  }
  if (facts.completed_at) {
    form.total_monitoring_minutes =
        static_cast<int>((facts.completed_at->epoch_ms - start) / kMillisPerMinute);
    form.due_at = UtcTime{facts.completed_at->epoch_ms + kDueAfterMs};
  }
  auto need = [&](bool present, const char* field) {
    if (!present) form.missing.push_back(field);
  };
  for (const auto& medicine : concomitant_medicine_classes()) {
    need(answers.concomitant.contains(medicine), ("concomitant/" + medicine).c_str());
  }
  need(answers.vitals_acceptable_before.has_value(), "vitals_acceptable_before");
  need(answers.vitals_acceptable_at_completion.has_value(), "vitals_acceptable_at_completion");
  need(answers.ready_to_leave_minutes.has_value(), "ready_to_leave_minutes");
  need(answers.sedation.has_value(), "sedation");
  need(answers.dissociation.has_value(), "dissociation");
  need(answers.respiratory_depression.has_value(), "respiratory_depression");
  need(answers.resolved_before_leaving.has_value(), "resolved_before_leaving");
  need(!answers.monitoring_hcp.empty(), "monitoring_hcp");
  need(!facts.lot_number.empty(), "lot_number");
  need(form.bp_before.has_value(), "bp_before");
  need(form.bp_40_min.has_value(), "bp_40_min");
  need(form.bp_at_completion.has_value(), "bp_at_completion");
  need(facts.completed_at.has_value(), "completed_at");
  return form;
}

}  // namespace plasticity
