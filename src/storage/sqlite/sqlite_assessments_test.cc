#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_clinic.h"

namespace plasticity {
namespace {

class AssessmentStoreTest : public testing::TestClinic {
 protected:
  AssessmentRecord phq9(const std::string& id, std::int64_t at, int item9) {
    AssessmentRecord a;
    a.id = id;
    a.patient_id = "p1";
    a.instrument_id = "phq9";
    a.instrument_version = "1";
    a.administered_at = UtcTime{at};
    a.source = "clinician";
    a.recorded_by = nurse_;
    a.answers = {{"phq9_1", 2}, {"phq9_9", item9}};
    a.score.total = 2 + item9;
    a.score.severity = "minimal";
    a.score.complete = false;  // as stored, whatever it is
    a.score.subscales = {{"X", std::nullopt}, {"Y", 3}};
    if (item9 > 0) a.score.flags = {"suicidal_ideation"};
    a.recorded_at = UtcTime{at};
    return a;
  }
};

TEST_F(AssessmentStoreTest, AssessmentsReadBackWithAnswersSubscalesAndFlagsOldestFirst) {
  ASSERT_EQ(
      store_->record_assessments({phq9("a2", 200, 1)}, {}, std::nullopt, UtcTime{200}, audit()),
      AssessmentWriteStatus::ok);
  ASSERT_EQ(
      store_->record_assessments({phq9("a1", 100, 0)}, {}, std::nullopt, UtcTime{100}, audit()),
      AssessmentWriteStatus::ok);
  auto all = store_->patient_assessments("p1", "");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "a1");
  EXPECT_EQ(all[1].answers, (Answers{{"phq9_1", 2}, {"phq9_9", 1}}));
  EXPECT_EQ(all[1].score.total, 3);
  EXPECT_EQ(all[1].score.flags, std::vector<std::string>{"suicidal_ideation"});
  EXPECT_EQ(all[1].score.subscales.at("Y"), 3);
  EXPECT_FALSE(all[1].score.subscales.at("X").has_value());
  EXPECT_TRUE(store_->patient_assessments("p1", "gad7").empty());
  EXPECT_EQ(store_->record_assessments({[&] {
                                         auto a = phq9("a3", 1, 0);
                                         a.patient_id = "nobody";
                                         return a;
                                       }()},
                                       {}, std::nullopt, UtcTime{1}, audit()),
            AssessmentWriteStatus::patient_not_found);
}

TEST_F(AssessmentStoreTest, ALinkIsSpentOnceAndASecondSubmissionWritesNothing) {
  store_->create_assessment_link(
      {"l1", "hash", "p1", {"phq9", "gad7"}, nurse_, UtcTime{10}, UtcTime{99}, std::nullopt},
      audit());
  auto link = store_->find_assessment_link("hash");
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
  EXPECT_EQ(store_->record_assessments({phq9("a1", 20, 1)}, {alert}, "l1", UtcTime{20}, audit()),
            AssessmentWriteStatus::ok);
  EXPECT_EQ(store_->find_assessment_link("hash")->used_at, UtcTime{20});
  EXPECT_EQ(store_->record_assessments({phq9("a2", 30, 0)}, {}, "l1", UtcTime{30}, audit()),
            AssessmentWriteStatus::link_spent);
  EXPECT_EQ(store_->patient_assessments("p1", "").size(), 1u);
}

TEST_F(AssessmentStoreTest, AlertsStayOpenUntilAcknowledgedOnce) {
  AlertRecord alert{"al1", "p1",         std::nullopt, "suicidal_ideation", "m", UtcTime{20},
                    false, std::nullopt, "",           std::nullopt,        ""};
  store_->record_assessments({}, {alert}, std::nullopt, UtcTime{20}, audit());
  EXPECT_EQ(store_->alerts(true, std::nullopt).size(), 1u);
  EXPECT_EQ(store_->acknowledge_alert("al1", nurse_, "called patient; safe", UtcTime{30}, audit()),
            AcknowledgeStatus::ok);
  EXPECT_EQ(store_->acknowledge_alert("al1", nurse_, "again", UtcTime{40}, audit()),
            AcknowledgeStatus::already_acknowledged);
  EXPECT_EQ(store_->acknowledge_alert("nope", nurse_, "x", UtcTime{40}, audit()),
            AcknowledgeStatus::not_found);
  EXPECT_TRUE(store_->alerts(true, std::nullopt).empty());
  auto all = store_->alerts(false, "p1");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(all[0].acknowledged);
  EXPECT_EQ(all[0].acknowledged_by_username, "nurse");
  EXPECT_EQ(all[0].note, "called patient; safe");
  EXPECT_EQ(all[0].acknowledged_at, UtcTime{30});
}

}  // namespace
}  // namespace plasticity
