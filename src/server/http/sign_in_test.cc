#include "server/http/sign_in.h"

#include <gtest/gtest.h>

#include "server/http/credentials.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_directory.h"

namespace plasticity::server {
namespace {

class SignInIdleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = SqliteStore::open(directory_.path() / "plasticity.db");
    store_->create_staff({0, "kim.nurse", Role::nurse, hash_password(kPassword), UtcTime{0}});
  }
  static constexpr const char* kPassword = "correct horse battery staple";
  testing::TestDirectory directory_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SignInIdleTest, StaffWorkingEvery20SecondsStaySignedInUnderAOneMinuteLimit) {
  SignInPolicy policy;
  policy.session_idle_ms = 60'000;
  SignIn sign_in{*store_, policy};
  const auto result = sign_in.attempt("kim.nurse", kPassword, UtcTime{1'000'000});
  ASSERT_EQ(result.outcome, SignInOutcome::signed_in);
  for (std::int64_t t = 1'020'000; t <= 1'300'000; t += 20'000) {
    EXPECT_TRUE(sign_in.recognise(result.token, UtcTime{t})) << "at +" << (t - 1'000'000) << " ms";
  }
  // Idle means idle: a minute after the last request, and not before.
  EXPECT_TRUE(sign_in.is_live(result.token, UtcTime{1'300'000 + 59'000}));
  EXPECT_FALSE(sign_in.recognise(result.token, UtcTime{1'300'000 + 60'000}));
}

}  // namespace
}  // namespace plasticity::server
