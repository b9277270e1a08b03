#include "server/http/http_types.h"

#include <gtest/gtest.h>

namespace plasticity::http {
namespace {

TEST(PercentDecode, DecodesEscapesAndRefusesBrokenOnes) {
  EXPECT_EQ(percent_decode("Ada%20L%C3%B6w", false), "Ada L\xC3\xB6w");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_FALSE(percent_decode("bad%2", false));
  EXPECT_FALSE(percent_decode("bad%zz", false));
  EXPECT_FALSE(percent_decode("%", false));
}

TEST(ParseQuery, SplitsPairs) {
  auto query = parse_query("query=ada+lovelace&limit=5&flag&=x");
  ASSERT_TRUE(query.has_value());
  EXPECT_EQ(query->at("query"), "ada lovelace");
  EXPECT_EQ(query->at("limit"), "5");
  EXPECT_EQ(query->at("flag"), "");
  EXPECT_FALSE(parse_query("a=%G0"));
}

}  // namespace
}  // namespace plasticity::http
