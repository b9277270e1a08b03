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

// Reads `body` as a request with a JSON content type; the problem answered, or nullopt.
std::optional<http::Response> read(const std::string& body, Json& out) {
  const http::Request request{"POST", "/", {{"content-type", "application/json"}}, body, ""};
  const RequestContext context{request, "/", {}, {}, "r1", UtcTime{0}, std::nullopt, std::nullopt};
  return read_json_body(context, out);
}

TEST(ReadJsonBody, AcceptsAnObjectWithinTheLimits) {
  Json out;
  EXPECT_FALSE(read(R"({"readings": [1, 2, 3], "nested": {"a": [[[]]]}})", out));
  EXPECT_EQ(out["readings"].size(), 3u);
}

TEST(ReadJsonBody, RefusesWhatIsNotAnObject) {
  Json out;
  for (const char* body : {"[]", "null", "1", "\"x\""}) {
    const auto refusal = read(body, out);
    ASSERT_TRUE(refusal) << body;
    EXPECT_EQ(refusal->status, 400);
    EXPECT_NE(refusal->body.find("\"rule\":\"object\""), std::string::npos) << refusal->body;
  }
}

TEST(ReadJsonBody, NamesTheByteOfANumberOutOfRangeWithoutEchoingIt) {
  Json out;
  const std::string digits(5000, '9');
  for (const std::string& number : {std::string("1e309"), digits}) {
    const auto refusal = read("{\"weight_kg\": " + number + "}", out);
    ASSERT_TRUE(refusal);
    EXPECT_EQ(refusal->status, 400);
    EXPECT_NE(refusal->body.find("outside the range of a double"), std::string::npos);
    EXPECT_EQ(refusal->body.find("99999"), std::string::npos);
  }
}

TEST(ReadJsonBody, RefusesInvalidUtf8InStrings) {
  Json out;
  const auto refusal = read("{\"given_name\": \"Zo\xC3\x28\"}", out);
  ASSERT_TRUE(refusal);
  EXPECT_NE(refusal->body.find("malformed-json"), std::string::npos);
}

TEST(ReadJsonBody, RefusesListsAndNestingPastTheLimits) {
  Json out;
  std::string list = "{\"a\": [";
  for (std::size_t i = 0; i <= kMaxJsonListItems; ++i) list += i == 0 ? "1" : ",1";
  const auto long_list = read(list + "]}", out);
  ASSERT_TRUE(long_list);
  EXPECT_NE(long_list->body.find("a list in the body has 5001 items"), std::string::npos);
  const auto deep = read("{\"a\": " + std::string(20, '[') + std::string(20, ']') + "}", out);
  ASSERT_TRUE(deep);
  EXPECT_NE(deep->body.find("nests deeper than 16 levels"), std::string::npos);
}

}  // namespace
}  // namespace plasticity::server
