#include "staff/access_policy.h"

namespace plasticity {

std::optional<std::string> weak_password_reason(std::string_view password) {
  if (password.size() < kMinimumPasswordLength) {
    return "password must be at least " + std::to_string(kMinimumPasswordLength) + " characters";
  }
  if (password.size() > kMaximumPasswordLength) {
    return "password must be at most " + std::to_string(kMaximumPasswordLength) + " characters";
  }
  if (password.find_first_not_of(password.front()) == std::string_view::npos) {
    return "password must not be one character repeated";
  }
  return std::nullopt;
}

std::optional<std::string> invalid_username_reason(std::string_view username) {
  if (username.size() < 2 || username.size() > 64 ||
      username.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") !=
          std::string_view::npos) {
    return "username must be 2 to 64 characters of a-z, 0-9, '.', '_' or '-'";
  }
  return std::nullopt;
}

std::optional<UtcTime> locked_until(const SignInFailures& failures, const SignInPolicy& policy,
                                    UtcTime now) {
  if (failures.count < policy.failures_before_lockout) return std::nullopt;
  const UtcTime lifts_at{failures.last_failure_at.epoch_ms + policy.lockout_ms};
  if (now >= lifts_at) return std::nullopt;
  return lifts_at;
}

bool session_is_live(const SessionTimes& session, const SignInPolicy& policy, UtcTime now) {
  return now.epoch_ms - session.last_seen_at.epoch_ms < policy.session_idle_ms &&
         now.epoch_ms - session.created_at.epoch_ms < policy.session_max_ms;
}

}  // namespace plasticity
