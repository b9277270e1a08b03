#include "interop/json_fields.h"

#include <gtest/gtest.h>

#include <variant>

#include "interop/pk_json.h"

namespace plasticity {
namespace {

std::string refusal_of(const std::string& text) {
  try {
    json_fields::parse_text(text);
  } catch (const DefinitionError& error) {
    return error.what();
  }
  return "";
}

TEST(ParseText, NamesTheByteWhereTheTextBreaks) {
  EXPECT_EQ(json_fields::parse_text(R"({"a": [1, 2.5]})")["a"][1], 2.5);
  EXPECT_EQ(refusal_of(R"({"a": })"), "not valid JSON (at byte 7; text must be UTF-8)");
  EXPECT_EQ(refusal_of("{\"a\": \"Zo\xC3\x28\"}"),
            "not valid JSON (at byte 11; text must be UTF-8)");
}

TEST(ParseText, NamesANumberOutOfRangeWithoutRepeatingIt) {
  EXPECT_EQ(refusal_of(R"({"a": 1e309})"), "a number at byte 11 is outside the range of a double");
  const std::string digits(5000, '9');
  EXPECT_EQ(refusal_of("[" + digits + "]"),
            "a number at byte 5001 is outside the range of a double");
}

// Found by fuzz_pk_input: `plasticity pk simulate` ended on an uncaught out_of_range.
TEST(ParseText, ThePkInputRefusesAnOverflowingNumberWithAReason) {
  const auto parsed = parse_pk_request("22222222E222444");
  ASSERT_TRUE(std::holds_alternative<std::string>(parsed));
  EXPECT_EQ(std::get<std::string>(parsed),
            "input: a number at byte 15 is outside the range of a double");
}

}  // namespace
}  // namespace plasticity
