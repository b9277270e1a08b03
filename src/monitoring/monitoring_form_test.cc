#include "monitoring/monitoring_form.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

constexpr std::int64_t kStart = 1'800'000'000'000;
UtcTime minute(int m) { return UtcTime{kStart + m * kMillisPerMinute}; }

MonitoringFormAnswers complete_answers() {
  MonitoringFormAnswers a;
  for (const auto& c : concomitant_medicine_classes()) a.concomitant[c] = false;
  a.concomitant["benzodiazepines"] = true;
  a.vitals_acceptable_before = true;
  a.vitals_acceptable_at_completion = true;
  a.ready_to_leave_minutes = 95;
  a.sedation = true;
  a.dissociation = true;
  a.respiratory_depression = false;
  a.resolved_before_leaving = true;
  a.monitoring_hcp = "Nurse Example";
  return a;
}

TEST(MonitoringForm, PairsBloodPressuresTakenTogether) {
  const auto pairs = pair_blood_pressures({{minute(0), 130}, {minute(10), 150}, {minute(20), 140}},
                                          {{minute(0), 80}, {minute(20), 88}});
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[1].systolic, 140);
  EXPECT_EQ(pairs[1].diastolic, 88);
}

TEST(MonitoringForm, PicksTheThreeBloodPressuresTheFormAsksFor) {
  MonitoringFormFacts facts{minute(0), minute(125), 56, "ESK-7", {}, 0};
  facts.blood_pressures = {{128, 82, minute(-10)}, {131, 84, minute(-1)},  {158, 96, minute(36)},
                           {162, 99, minute(43)},  {138, 86, minute(120)}, {135, 85, minute(130)}};
  const auto form = assemble_monitoring_form(facts, complete_answers());
  EXPECT_EQ(form.bp_before->systolic, 131);         // last before the first device
  EXPECT_EQ(form.bp_40_min->systolic, 162);         // 43 min is nearer 40 than 36 min
  EXPECT_EQ(form.bp_at_completion->systolic, 138);  // 130 min is after discharge at 125
  EXPECT_EQ(form.total_monitoring_minutes, 125);
  EXPECT_EQ(form.due_at, (UtcTime{minute(125).epoch_ms + 7 * 24 * 60 * kMillisPerMinute}));
  EXPECT_TRUE(form.missing.empty()) << form.missing.front();
}

TEST(MonitoringForm, NamesEverythingStillMissing) {
  MonitoringFormFacts facts{minute(0), std::nullopt, 84, "", {{150, 90, minute(55)}}, 0};
  MonitoringFormAnswers answers;
  answers.concomitant["opioids"] = false;
  const auto form = assemble_monitoring_form(facts, answers);
  const std::vector<std::string> expected{"concomitant/benzodiazepines",
                                          "concomitant/non_benzodiazepine_sedative_hypnotics",
                                          "concomitant/psychostimulants",
                                          "concomitant/maois",
                                          "vitals_acceptable_before",
                                          "vitals_acceptable_at_completion",
                                          "ready_to_leave_minutes",
                                          "sedation",
                                          "dissociation",
                                          "respiratory_depression",
                                          "resolved_before_leaving",
                                          "monitoring_hcp",
                                          "lot_number",
                                          "bp_before",
                                          "bp_40_min",
                                          "bp_at_completion",
                                          "completed_at"};
  EXPECT_EQ(form.missing, expected);  // 55 min is outside 40 ± 10
  EXPECT_FALSE(form.due_at.has_value());
}

TEST(MonitoringForm, SuggestsWhatTheChartSaysAndNothingItDoesNot) {
  MonitoringFormEvidence evidence;
  evidence.screening_medicines = {{"benzodiazepine_lorazepam_mg_per_day", 1.5},
                                  {"sedative_hypnotic", 0},
                                  {"psychostimulant", 0},
                                  {"maoi", 0},
                                  {"opioid", 1},
                                  {"pregnant", 1}};
  evidence.moaas_scores = {5, 4, 5};
  evidence.adverse_event_kinds = {"nausea", "dissociation"};
  evidence.recovery_started_by = "nurse.kim";
  const auto s = suggest_monitoring_form_answers(evidence);
  const std::map<std::string, bool> classes{{"benzodiazepines", true},
                                            {"non_benzodiazepine_sedative_hypnotics", false},
                                            {"psychostimulants", false},
                                            {"maois", false},
                                            {"opioids", true}};
  EXPECT_EQ(s.answers.concomitant, classes);
  EXPECT_EQ(s.answers.sedation, true);
  EXPECT_EQ(s.answers.dissociation, true);
  EXPECT_EQ(s.answers.respiratory_depression, std::nullopt);  // no event is not a "no"
  EXPECT_EQ(s.answers.vitals_acceptable_before, std::nullopt);
  EXPECT_EQ(s.answers.resolved_before_leaving, std::nullopt);
  EXPECT_EQ(s.answers.monitoring_hcp, "nurse.kim");
  EXPECT_EQ(s.basis.at("concomitant/opioids"), "the screening's medicines");
  EXPECT_EQ(s.basis.size(), 8u);
}

TEST(MonitoringForm, SuggestsNoSedationOnlyWhenEveryScoreWasFive) {
  MonitoringFormEvidence evidence;
  EXPECT_EQ(suggest_monitoring_form_answers(evidence).answers.sedation, std::nullopt);
  evidence.moaas_scores = {5, 5};
  EXPECT_EQ(suggest_monitoring_form_answers(evidence).answers.sedation, false);
  evidence.adverse_event_kinds = {"sedation"};
  EXPECT_EQ(suggest_monitoring_form_answers(evidence).answers.sedation, true);
  EXPECT_TRUE(suggest_monitoring_form_answers(evidence).answers.concomitant.empty());
}

TEST(MonitoringForm, EveryFieldTheFormCanMissHasTheFormsWording) {
  const auto form = assemble_monitoring_form(MonitoringFormFacts{}, MonitoringFormAnswers{});
  ASSERT_EQ(form.missing.size(), 18u);
  for (const auto& field : form.missing) EXPECT_NE(monitoring_form_label(field), field) << field;
  EXPECT_EQ(monitoring_form_label("concomitant/maois"), "Monoamine oxidase inhibitors (MAOIs)");
}

}  // namespace
}  // namespace plasticity
