// The rules around signing in: password strength, slowing down guessing, session lifetime.
// Pure functions over values the caller passes in (counts, instants), so each rule is testable.
//
//   if (auto reason = weak_password_reason(password)) { /* refuse, show *reason */ }
//   if (auto until = locked_until(failures, policy)) { /* refuse until *until */ }
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/utc_time.h"

namespace plasticity {

constexpr std::size_t kMinimumPasswordLength = 12;
// Argon2 hashes whatever it is given; a cap stops a megabyte "password" from being a cheap attack.
constexpr std::size_t kMaximumPasswordLength = 1024;

// A sentence saying why the password is refused, or std::nullopt when it is acceptable.
std::optional<std::string> weak_password_reason(std::string_view password);

// Usernames: 2 to 64 of a-z, 0-9, '.', '_', '-' (so they read the same in logs and audit trails).
std::optional<std::string> invalid_username_reason(std::string_view username);

struct SignInPolicy {
  int failures_before_lockout = 5;
  std::int64_t lockout_ms = 15 * kMillisPerMinute;
  std::int64_t session_idle_ms = 30 * kMillisPerMinute;
  std::int64_t session_max_ms = 12 * 60 * kMillisPerMinute;  // one long clinic day
};

// Failed sign-ins for one username since the last success.
struct SignInFailures {
  int count = 0;
  UtcTime last_failure_at;
};

// When a username is locked out, the instant the lock lifts; std::nullopt when sign-in may be
// tried.
std::optional<UtcTime> locked_until(const SignInFailures& failures, const SignInPolicy& policy,
                                    UtcTime now);

struct SessionTimes {
  UtcTime created_at;
  UtcTime last_seen_at;
};

// A session lives while it has been used within the idle limit and is younger than the maximum.
bool session_is_live(const SessionTimes& session, const SignInPolicy& policy, UtcTime now);

}  // namespace plasticity
