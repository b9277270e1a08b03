#include "monitoring/chair_records.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

std::vector<std::string> rules(const FieldErrors& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field + ":" + e.rule);
  return out;
}

TEST(ChairRecords, SedationIsMoaasZeroToFive) {
  EXPECT_TRUE(validate_sedation({0}).empty());
  EXPECT_TRUE(validate_sedation({5}).empty());
  EXPECT_EQ(rules(validate_sedation({6})), std::vector<std::string>{"moaas:range"});
  EXPECT_EQ(rules(validate_sedation({-1})), std::vector<std::string>{"moaas:range"});
}

TEST(ChairRecords, AdverseEventsNeedAKnownKindAndSeverity) {
  EXPECT_TRUE(validate_adverse_event({"nausea", "", "mild", false, "ondansetron 4 mg"}).empty());
  EXPECT_EQ(rules(validate_adverse_event({"fainting", "", "grave", false, ""})),
            (std::vector<std::string>{"kind:one_of", "severity:one_of"}));
  EXPECT_EQ(rules(validate_adverse_event({"other", " ", "mild", false, ""})),
            std::vector<std::string>{"description:required"});
  EXPECT_TRUE(validate_adverse_event({"other", "tinnitus", "mild", false, ""}).empty());
}

TEST(ChairRecords, EveryMilligramIsAccountedFor) {
  // 50 mg dispensed, 40.6 mg given, 9.4 mg wasted before a witness.
  EXPECT_TRUE(
      validate_controlled_substance({50, 40.6, 9.4, "KET-1", "nurse.b"}, "nurse.a", 40.6).empty());
  EXPECT_EQ(
      rules(validate_controlled_substance({50, 40.6, 9.0, "KET-1", "nurse.b"}, "nurse.a", 40.6)),
      std::vector<std::string>{"wasted_mg:balances"});
  EXPECT_EQ(rules(validate_controlled_substance({50, 45, 5, "KET-1", "nurse.b"}, "nurse.a", 40.6)),
            std::vector<std::string>{"administered_mg:within_prescription"});
  EXPECT_EQ(rules(validate_controlled_substance({-1, 0, 0, "", ""}, "nurse.a", 40.6)),
            std::vector<std::string>{"dispensed_mg:not_negative"});
}

TEST(ChairRecords, WasteNeedsAnotherPersonAsWitness) {
  EXPECT_EQ(rules(validate_controlled_substance({50, 40.6, 9.4, "KET-1", ""}, "nurse.a", 40.6)),
            std::vector<std::string>{"witness:required"});
  EXPECT_EQ(
      rules(validate_controlled_substance({50, 40.6, 9.4, "KET-1", "nurse.a"}, "nurse.a", 40.6)),
      std::vector<std::string>{"witness:another_person"});
  // Nothing wasted: no witness needed.
  EXPECT_TRUE(validate_controlled_substance({56, 56, 0, "ESK-9", ""}, "nurse.a", 56).empty());
  EXPECT_EQ(rules(validate_controlled_substance({56, 56, 0, " ", ""}, "nurse.a", 56)),
            std::vector<std::string>{"lot_number:required"});
}

}  // namespace
}  // namespace plasticity
