#include "server/http/router.h"

#include <gtest/gtest.h>

namespace plasticity::server {
namespace {

http::Response ok(RequestContext&) { return {}; }

TEST(Router, CapturesParametersAndPrefersTheFirstMatch) {
  Router router;
  router.add("GET", "/api/v1/patients", Access::needs(Permission::read_patients), ok);
  router.add("GET", "/api/v1/patients/{id}", Access::needs(Permission::read_patients), ok);
  router.add("GET", "/api/v1/patients/{id}/history", Access::signed_in(), ok);
  auto match = router.match("GET", "/api/v1/patients/abc/history");
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->params.at("id"), "abc");
  EXPECT_EQ(match->route->access.kind, Access::Kind::signed_in);
  EXPECT_EQ(router.match("GET", "/api/v1/patients")->params.size(), 0u);
}

TEST(Router, RefusesEmptySegmentsAndOtherMethods) {
  Router router;
  router.add("GET", "/api/v1/patients/{id}", Access::signed_in(), ok);
  router.add("PATCH", "/api/v1/patients/{id}", Access::signed_in(), ok);
  EXPECT_FALSE(router.match("GET", "/api/v1/patients/"));
  EXPECT_FALSE(router.match("GET", "/api/v1/patients/a/b"));
  EXPECT_FALSE(router.match("DELETE", "/api/v1/patients/a"));
  EXPECT_EQ(router.methods_for("/api/v1/patients/a"), (std::vector<std::string>{"GET", "PATCH"}));
}

}  // namespace
}  // namespace plasticity::server
