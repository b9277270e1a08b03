#include "server/http/accept_backoff.h"

#include <gtest/gtest.h>

namespace plasticity::server {
namespace {

TEST(AcceptBackoff, WaitsLongerEachFailureUpToASecondAndStartsOverOnSuccess) {
  AcceptBackoff backoff{"test listener"};
  std::vector<long> waits;
  for (int i = 0; i < 9; ++i) waits.push_back(backoff.failed("Too many open files").count());
  EXPECT_EQ(waits, (std::vector<long>{10, 20, 40, 80, 160, 320, 640, 1000, 1000}));
  backoff.succeeded();
  EXPECT_EQ(backoff.failed("Too many open files").count(), 10);
}

}  // namespace
}  // namespace plasticity::server
