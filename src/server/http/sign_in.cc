#include "server/http/sign_in.h"

#include <algorithm>

#include "server/http/credentials.h"

namespace plasticity::server {
namespace {

// Refreshing last_seen_at costs a durable write, so it is refreshed when a hundredth of the idle
// limit has passed since: staff are signed out after between 99% and 100% of the limit without a
// request (29.7 to 30 minutes by default), never while they work. (A fixed minute had signed out
// staff working every 20 s under a 1-minute limit.)
std::int64_t touch_every_ms(const SignInPolicy& policy) {
  return std::max<std::int64_t>(policy.session_idle_ms / 100, 1);
}

// Verifying against this hash when the username is unknown makes both failures take as long.
const std::string& decoy_hash() {
  static const std::string hash = hash_password("plasticity decoy password, never valid");
  return hash;
}

}  // namespace

SignInResult SignIn::attempt(const std::string& username, const std::string& password,
                             UtcTime now) {
  if (auto until = locked_until(store_.sign_in_failures(username), policy_, now)) {
    return SignInResult{SignInOutcome::locked_out, std::nullopt, "", until};
  }
  const auto staff = store_.find_staff_by_username(username);
  const bool valid = verify_password(staff ? staff->password_hash : decoy_hash(), password);
  // A deactivated account is answered like a wrong password: nothing says it exists.
  if (!staff || !valid || !staff->active) {
    store_.record_sign_in_failure(username, now);
    return SignInResult{};
  }
  store_.clear_sign_in_failures(username);
  if (password_needs_rehash(staff->password_hash)) {
    store_.set_password_hash(staff->id, hash_password(password));
  }
  std::string token = new_session_token();
  store_.create_session({token_hash(token), staff->id, {now, now}});
  return SignInResult{SignInOutcome::signed_in, staff, std::move(token), std::nullopt};
}

std::optional<StaffAccount> SignIn::recognise(const std::string& token, UtcTime now) {
  if (token.empty()) return std::nullopt;
  const std::string hash = token_hash(token);
  const auto session = store_.find_session(hash);
  if (!session) return std::nullopt;
  if (!session_is_live(session->times, policy_, now)) {
    store_.delete_session(hash);
    return std::nullopt;
  }
  if (now.epoch_ms - session->times.last_seen_at.epoch_ms >= touch_every_ms(policy_)) {
    store_.touch_session(hash, now);
  }
  auto staff = store_.find_staff(session->staff_id);
  if (staff && !staff->active) return std::nullopt;
  return staff;
}

bool SignIn::is_live(const std::string& token, UtcTime now) {
  if (token.empty()) return false;
  const auto session = store_.find_session(token_hash(token));
  return session && session_is_live(session->times, policy_, now);
}

void SignIn::sign_out(const std::string& token) { store_.delete_session(token_hash(token)); }

}  // namespace plasticity::server
