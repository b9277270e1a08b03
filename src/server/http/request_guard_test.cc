#include "server/http/request_guard.h"

#include <gtest/gtest.h>

namespace plasticity::server {
namespace {

http::Request request(std::string method, std::map<std::string, std::string> headers,
                      std::string body = "") {
  return {std::move(method), "/api/v1/patients", std::move(headers), std::move(body), "127.0.0.1"};
}

TEST(RequestGuard, TargetTextMustBeUtf8WithoutControlCharacters) {
  EXPECT_FALSE(check_target_text("/api/v1/patients/Zoë", {{"query", "Ålund"}}));
  const auto bad_path = check_target_text("/api/v1/\xff", {});
  ASSERT_TRUE(bad_path);
  EXPECT_EQ(bad_path->status, 400);
  EXPECT_NE(bad_path->body.find("\"field\":\"path\""), std::string::npos) << bad_path->body;
  const auto bad_query = check_target_text("/api/v1/patients", {{"query", "\xc3\x28"}});
  ASSERT_TRUE(bad_query);
  EXPECT_NE(bad_query->body.find("\"field\":\"query/query\""), std::string::npos);
  EXPECT_TRUE(check_target_text("/api/v1/patients/a\nb", {}));
}

TEST(RequestGuard, HostIsAHostNameWithAnOptionalPort) {
  EXPECT_FALSE(check_host(request("GET", {{"host", "clinic.example:8080"}})));
  EXPECT_FALSE(check_host(request("GET", {{"host", "[::1]:8080"}})));
  EXPECT_FALSE(check_host(request("GET", {})));
  EXPECT_TRUE(check_host(request("GET", {{"host", "evil.example/path"}})));
  EXPECT_TRUE(check_host(request("GET", {{"host", "h\xff"}})));
}

TEST(RequestGuard, ABodyMustDeclareJson) {
  EXPECT_FALSE(check_body_media_type(request("POST", {}, "")));
  EXPECT_FALSE(check_body_media_type(request("POST", {{"content-type", "application/json"}}, "{}")));
  const auto plain = check_body_media_type(request("POST", {{"content-type", "text/plain"}}, "x"));
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 415);
}

TEST(RequestGuard, CookieWritesMustComeFromThisServersPages) {
  const std::map<std::string, std::string> cookie{{"cookie", "plasticity_session=t"},
                                                  {"host", "clinic:8080"}};
  auto with = [&](std::map<std::string, std::string> extra) {
    auto headers = cookie;
    headers.insert(extra.begin(), extra.end());
    return headers;
  };
  EXPECT_FALSE(check_cookie_write_origin(request("POST", with({{"origin", "http://clinic:8080"}}))));
  EXPECT_FALSE(check_cookie_write_origin(request("POST", with({}))));  // a program, not a page
  EXPECT_FALSE(check_cookie_write_origin(request("GET", with({{"origin", "http://evil"}}))));
  EXPECT_FALSE(check_cookie_write_origin(
      request("POST", {{"authorization", "Bearer t"}, {"origin", "http://evil"}})));
  const auto cross = check_cookie_write_origin(request("POST", with({{"origin", "http://evil"}})));
  ASSERT_TRUE(cross);
  EXPECT_EQ(cross->status, 403);
  EXPECT_TRUE(check_cookie_write_origin(request("DELETE", with({{"sec-fetch-site", "cross-site"}}))));
  EXPECT_FALSE(
      check_cookie_write_origin(request("PATCH", with({{"sec-fetch-site", "same-origin"}}))));
}

}  // namespace
}  // namespace plasticity::server
