#include "staff/access_policy.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

TEST(PasswordPolicy, RefusesShortAndTrivialPasswords) {
  EXPECT_EQ(weak_password_reason("elevenchars"), "password must be at least 12 characters");
  EXPECT_EQ(weak_password_reason("aaaaaaaaaaaaaaaa"),
            "password must not be one character repeated");
  EXPECT_TRUE(weak_password_reason(std::string(1025, 'x')).has_value());
  EXPECT_FALSE(weak_password_reason("twelve chars").has_value());
}

TEST(UsernamePolicy, AcceptsPlainLowerCaseNames) {
  EXPECT_FALSE(invalid_username_reason("nurse.kim").has_value());
  EXPECT_FALSE(invalid_username_reason("dr_o-neil2").has_value());
  EXPECT_TRUE(invalid_username_reason("Nurse").has_value());
  EXPECT_TRUE(invalid_username_reason("a").has_value());
  EXPECT_TRUE(invalid_username_reason("kim smith").has_value());
  EXPECT_TRUE(invalid_username_reason(std::string(65, 'a')).has_value());
}

TEST(SignInLockout, LocksAfterTheFifthFailureForFifteenMinutes) {
  const SignInPolicy policy;
  const UtcTime failed_at{1'000'000};
  EXPECT_FALSE(locked_until({4, failed_at}, policy, failed_at));
  auto until = locked_until({5, failed_at}, policy, UtcTime{failed_at.epoch_ms + 1});
  ASSERT_TRUE(until.has_value());
  EXPECT_EQ(until->epoch_ms, failed_at.epoch_ms + 15 * 60'000);
  EXPECT_FALSE(locked_until({5, failed_at}, policy, *until));
}

TEST(SessionLifetime, EndsAfterIdleOrMaximumAge) {
  const SignInPolicy policy;
  const UtcTime start{0};
  const SessionTimes fresh{start, start};
  EXPECT_TRUE(session_is_live(fresh, policy, UtcTime{29 * 60'000}));
  EXPECT_FALSE(session_is_live(fresh, policy, UtcTime{30 * 60'000}));
  const SessionTimes busy{start, UtcTime{12 * 60 * 60'000 - 1000}};
  EXPECT_TRUE(session_is_live(busy, policy, UtcTime{12 * 60 * 60'000 - 1}));
  EXPECT_FALSE(session_is_live(busy, policy, UtcTime{12 * 60 * 60'000}));
}

}  // namespace
}  // namespace plasticity
