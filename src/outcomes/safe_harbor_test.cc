#include "outcomes/safe_harbor.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

TEST(SafeHarbor, AgesOver89AndTheirBirthYearsBecome90Plus) {
  const CalendarDate on{2026, 3, 1};
  EXPECT_EQ(age_text({1936, 3, 2}, on), "89");  // 89 until the day before the 90th birthday
  EXPECT_EQ(birth_year_text({1936, 3, 2}, on), "1936");
  EXPECT_EQ(birth_band({1936, 3, 2}, on), "1930-1939");
  EXPECT_EQ(age_text({1936, 3, 1}, on), "90+");  // 90 on the day
  EXPECT_EQ(birth_year_text({1936, 3, 1}, on), "");
  EXPECT_EQ(birth_band({1936, 3, 1}, on), "90+");
  EXPECT_EQ(birth_band({1980, 5, 17}, on), "1980-1989");
}

TEST(SafeHarbor, SmallestGroupIsTheRarestCombination) {
  EXPECT_EQ(smallest_group({}), 0u);
  EXPECT_EQ(smallest_group({"a", "a", "b", "a", "b", "c"}), 1u);
  EXPECT_EQ(smallest_group({"a", "a", "b", "b"}), 2u);
}

}  // namespace
}  // namespace plasticity
