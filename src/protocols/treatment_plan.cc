#include "protocols/treatment_plan.h"

#include <algorithm>
#include <cmath>

namespace plasticity {
namespace {

// Induction courses in the evidence base run 4 to 12 sessions (clinical-reference §1.5: KetECT
// up to 12, the esketamine label 8 + 4); 24 leaves room for a clinic's own without allowing typos.
constexpr int kMaxSessions = 24;
constexpr int kMaxPerWeek = 3;

void check_dose(const TreatmentPlan& plan, const Protocol& protocol, FieldErrors& errors) {
  const DoseRules& rules = protocol.dose;
  if (rules.basis == DoseBasis::per_kg) {
    if (!plan.dose_mg_per_kg || *plan.dose_mg_per_kg < rules.min_mg_per_kg ||
        *plan.dose_mg_per_kg > rules.max_mg_per_kg) {
      errors.push_back({"dose_mg_per_kg", "within_protocol",
                        "dose_mg_per_kg must be from " + std::to_string(rules.min_mg_per_kg) +
                            " to " + std::to_string(rules.max_mg_per_kg) + " for " + protocol.id});
    }
    return;
  }
  if (!plan.dose_mg || std::find(rules.allowed_mg.begin(), rules.allowed_mg.end(), *plan.dose_mg) ==
                           rules.allowed_mg.end()) {
    std::string allowed;
    for (double mg : rules.allowed_mg) {
      allowed += (allowed.empty() ? "" : ", ") + std::to_string(static_cast<int>(mg));
    }
    errors.push_back({"dose_mg", "allowed_dose", "dose_mg must be one of " + allowed + " mg"});
  }
}

void check_titration(const TreatmentPlan& plan, const Protocol& protocol, FieldErrors& errors) {
  const Titration& t = plan.titration;
  if (t.rule == "fixed") return;
  if (t.rule != "step_up_if_no_response" || protocol.dose.basis != DoseBasis::per_kg) {
    errors.push_back({"titration/rule", "one_of",
                      "titration must be fixed, or step_up_if_no_response for a per-kg dose"});
    return;
  }
  if (!(t.step_mg_per_kg > 0 && t.step_mg_per_kg <= 0.25)) {
    errors.push_back(
        {"titration/step_mg_per_kg", "range", "step_mg_per_kg must be above 0 and at most 0.25"});
  }
  if (t.max_mg_per_kg > protocol.dose.max_mg_per_kg ||
      t.max_mg_per_kg < plan.dose_mg_per_kg.value_or(0)) {
    errors.push_back({"titration/max_mg_per_kg", "within_protocol",
                      "max_mg_per_kg must be at least the starting dose and at most " +
                          std::to_string(protocol.dose.max_mg_per_kg)});
  }
}

}  // namespace

const std::vector<std::string>& plan_indications() {
  static const std::vector<std::string> indications{
      "trd",  "mdd_with_suicidal_ideation", "bipolar_depression", "ptsd", "gad", "social_anxiety",
      "other"};
  return indications;
}

int total_sessions(const std::vector<CoursePhase>& phases) {
  int total = 0;
  for (const auto& phase : phases) total += phase.sessions;
  return total;
}

FieldErrors validate_plan(const TreatmentPlan& plan, const Protocol& protocol) {
  FieldErrors errors;
  const auto& indications = plan_indications();
  if (std::find(indications.begin(), indications.end(), plan.indication) == indications.end()) {
    errors.push_back({"indication", "one_of",
                      "indication must be trd, mdd_with_suicidal_ideation, bipolar_depression, "
                      "ptsd, gad, social_anxiety or other"});
  }
  check_dose(plan, protocol, errors);
  check_titration(plan, protocol, errors);
  if (plan.induction.empty()) {
    errors.push_back({"induction", "required", "induction needs at least one phase"});
  }
  for (std::size_t i = 0; i < plan.induction.size(); ++i) {
    const CoursePhase& phase = plan.induction[i];
    const std::string field = "induction/" + std::to_string(i);
    if (phase.sessions < 1) {
      errors.push_back({field + "/sessions", "range", "sessions must be at least 1"});
    }
    if (phase.per_week < 1 || phase.per_week > kMaxPerWeek) {
      errors.push_back({field + "/per_week", "range", "per_week must be 1, 2 or 3"});
    }
  }
  if (total_sessions(plan.induction) > kMaxSessions) {
    errors.push_back({"induction", "range", "an induction course has at most 24 sessions"});
  }
  if (plan.start_minute < 0 || plan.start_minute >= 24 * 60) {
    errors.push_back({"start_time", "time_of_day", "start_time must be HH:MM"});
  }
  for (std::size_t i = 0; i < plan.measurements.size(); ++i) {
    const auto& when = plan.measurements[i].when;
    if (when != "before_every_session" && when != "weekly") {
      errors.push_back({"measurements/" + std::to_string(i) + "/when", "one_of",
                        "when must be before_every_session or weekly"});
    }
  }
  if (plan.futility_review_after < 1 || plan.futility_review_after > 12) {
    errors.push_back(
        {"futility_review_after", "range", "futility_review_after must be 1 to 12 sessions"});
  }
  if (plan.maintenance_every_weeks < 0 || plan.maintenance_every_weeks > 12) {
    errors.push_back({"maintenance_every_weeks", "range",
                      "maintenance_every_weeks must be 0 (decide later) to 12"});
  }
  return errors;
}

}  // namespace plasticity
