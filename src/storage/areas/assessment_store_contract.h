// What every engine's assessments, self-report links and alerts must do, as typed tests (see
// audit_store_contract.h): the type an engine instantiates them with exposes `assessments()`,
// `patients()` and `staff()` of one empty store; each test starts with a nurse and patient "p1".
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storage/areas/assessment_store.h"
#include "storage/areas/patient_store.h"
#include "storage/areas/staff_store.h"
#include "storage/areas/test_records.h"

namespace plasticity {

template <class Engine>
class AssessmentStoreContract : public test_records::Clinic<Engine> {
 protected:
  AssessmentStore& store() { return this->engine_.assessments(); }

  AssessmentRecord phq9(const std::string& id, std::int64_t at, int item9) {
    AssessmentRecord a;
    a.id = id;
    a.patient_id = "p1";
    a.instrument_id = "phq9";
    a.instrument_version = "1";
    a.administered_at = UtcTime{at};
    a.source = "clinician";
    a.recorded_by = this->nurse_;
    a.answers = {{"phq9_1", 2}, {"phq9_9", item9}};
    a.score.total = 2 + item9;
    a.score.severity = "minimal";
    a.score.complete = false;  // as stored, whatever it is
    a.score.subscales = {{"X", std::nullopt}, {"Y", 3}};
    if (item9 > 0) a.score.flags = {"suicidal_ideation", "incomplete"};
    a.recorded_at = UtcTime{at};
    return a;
  }
};

TYPED_TEST_SUITE_P(AssessmentStoreContract);

TYPED_TEST_P(AssessmentStoreContract, AssessmentsReadBackWithAnswersSubscalesAndFlagsOldestFirst) {
  ASSERT_EQ(this->store().record_assessments({this->phq9("a2", 200, 1)}, {}, std::nullopt,
                                             UtcTime{200}, this->audit()),
            AssessmentWriteStatus::ok);
  ASSERT_EQ(this->store().record_assessments({this->phq9("a1", 100, 0)}, {}, std::nullopt,
                                             UtcTime{100}, this->audit()),
            AssessmentWriteStatus::ok);
  auto all = this->store().patient_assessments("p1", "");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "a1");
  EXPECT_EQ(all[1].answers, (Answers{{"phq9_1", 2}, {"phq9_9", 1}}));
  EXPECT_EQ(all[1].score.total, 3);
  // In the order scored, not by name.
  EXPECT_EQ(all[1].score.flags, (std::vector<std::string>{"suicidal_ideation", "incomplete"}));
  EXPECT_EQ(all[1].score.subscales.at("Y"), 3);
  EXPECT_FALSE(all[1].score.subscales.at("X").has_value());
  EXPECT_TRUE(this->store().patient_assessments("p1", "gad7").empty());
  EXPECT_EQ(this->store().record_assessments({[&] {
                                               auto a = this->phq9("a3", 1, 0);
                                               a.patient_id = "nobody";
                                               return a;
                                             }()},
                                             {}, std::nullopt, UtcTime{1}, this->audit()),
            AssessmentWriteStatus::patient_not_found);
}

TYPED_TEST_P(AssessmentStoreContract, ALinkIsSpentOnceAndASecondSubmissionWritesNothing) {
  this->store().create_assessment_link(
      {"l1", "hash", "p1", {"phq9", "gad7"}, this->nurse_, UtcTime{10}, UtcTime{99}, std::nullopt},
      this->audit());
  auto link = this->store().find_assessment_link("hash");
  ASSERT_TRUE(link.has_value());
  EXPECT_EQ(link->instruments, (std::vector<std::string>{"phq9", "gad7"}));
  EXPECT_FALSE(link->used_at.has_value());
  AlertRecord alert{"al1",
                    "p1",
                    "a1",
                    "suicidal_ideation",
                    "PHQ-9 item 9",
                    UtcTime{20},
                    false,
                    std::nullopt,
                    "",
                    std::nullopt,
                    ""};
  EXPECT_EQ(this->store().record_assessments({this->phq9("a1", 20, 1)}, {alert}, "l1", UtcTime{20},
                                             this->audit()),
            AssessmentWriteStatus::ok);
  EXPECT_EQ(this->store().find_assessment_link("hash")->used_at, UtcTime{20});
  EXPECT_EQ(this->store().record_assessments({this->phq9("a2", 30, 0)}, {}, "l1", UtcTime{30},
                                             this->audit()),
            AssessmentWriteStatus::link_spent);
  EXPECT_EQ(this->store().patient_assessments("p1", "").size(), 1u);
}

TYPED_TEST_P(AssessmentStoreContract, AlertsStayOpenUntilAcknowledgedOnce) {
  AlertRecord alert{"al1", "p1",         std::nullopt, "suicidal_ideation", "m", UtcTime{20},
                    false, std::nullopt, "",           std::nullopt,        ""};
  this->store().record_assessments({}, {alert}, std::nullopt, UtcTime{20}, this->audit());
  EXPECT_EQ(this->store().alerts(true, std::nullopt).size(), 1u);
  EXPECT_EQ(this->store().acknowledge_alert("al1", this->nurse_, "called patient; safe",
                                            UtcTime{30}, this->audit()),
            AcknowledgeStatus::ok);
  EXPECT_EQ(
      this->store().acknowledge_alert("al1", this->nurse_, "again", UtcTime{40}, this->audit()),
      AcknowledgeStatus::already_acknowledged);
  EXPECT_EQ(this->store().acknowledge_alert("nope", this->nurse_, "x", UtcTime{40}, this->audit()),
            AcknowledgeStatus::not_found);
  EXPECT_TRUE(this->store().alerts(true, std::nullopt).empty());
  auto all = this->store().alerts(false, "p1");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(all[0].acknowledged);
  EXPECT_EQ(all[0].acknowledged_by_username, "nurse");
  EXPECT_EQ(all[0].note, "called patient; safe");
  EXPECT_EQ(all[0].acknowledged_at, UtcTime{30});
}

REGISTER_TYPED_TEST_SUITE_P(AssessmentStoreContract,
                            AssessmentsReadBackWithAnswersSubscalesAndFlagsOldestFirst,
                            ALinkIsSpentOnceAndASecondSubmissionWritesNothing,
                            AlertsStayOpenUntilAcknowledgedOnce);

}  // namespace plasticity
