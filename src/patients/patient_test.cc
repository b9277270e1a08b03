#include "patients/patient.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

TEST(SexAtBirth, RoundTripsEveryValue) {
  for (auto text : sex_at_birth_values()) {
    auto parsed = parse_sex_at_birth(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(to_string(*parsed), text);
  }
  EXPECT_FALSE(parse_sex_at_birth("Female"));
  EXPECT_FALSE(parse_sex_at_birth("f"));
}

TEST(ChangedFields, NamesOnlyWhatDiffers) {
  PatientDemographics before;
  before.mrn = "A-1";
  before.weight_kg = 70;
  PatientDemographics after = before;
  EXPECT_TRUE(changed_fields(before, after).empty());
  after.weight_kg = 71.5;
  after.email = "x@example.org";
  after.diagnoses.push_back({"F33.2", "MDD"});
  EXPECT_EQ(changed_fields(before, after),
            (std::vector<std::string>{"weight_kg", "email", "diagnoses"}));
}

}  // namespace
}  // namespace plasticity
