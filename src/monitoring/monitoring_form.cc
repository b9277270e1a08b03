#include "monitoring/monitoring_form.h"

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
