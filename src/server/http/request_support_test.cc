#include "server/http/request_support.h"

#include <gtest/gtest.h>

namespace plasticity::server {
namespace {

TEST(ParseWholeNumber, AcceptsPlainDigitsWithinTheLimit) {
  EXPECT_EQ(parse_whole_number("0"), 0);
  EXPECT_EQ(parse_whole_number("42"), 42);
  EXPECT_EQ(parse_whole_number("999999999999999999"), 999'999'999'999'999'999);
  EXPECT_EQ(parse_whole_number("1234", 4), 1234);
  EXPECT_FALSE(parse_whole_number("12345", 4));
  EXPECT_FALSE(parse_whole_number("1000000000000000000"));  // 19 digits
  for (const char* bad : {"", "-1", "+1", " 1", "1 ", "1.0", "0x10", "1e3"}) {
    EXPECT_FALSE(parse_whole_number(bad)) << bad;
  }
}

}  // namespace
}  // namespace plasticity::server
