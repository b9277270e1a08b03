#include "core/decimal_text.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

TEST(DecimalText, RoundsAndDropsTrailingZeros) {
  EXPECT_EQ(decimal_text(41.25, 3), "41.25");
  EXPECT_EQ(decimal_text(40.6, 3), "40.6");
  EXPECT_EQ(decimal_text(120, 1), "120");
  EXPECT_EQ(decimal_text(185.04, 1), "185");
  EXPECT_EQ(decimal_text(0.1234567, 6), "0.123457");
  EXPECT_EQ(decimal_text(-2.5, 1), "-2.5");
}

}  // namespace
}  // namespace plasticity
