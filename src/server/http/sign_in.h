// Signing staff in and out, and recognising them on later requests by their session token.
//
//   SignIn sign_in{store, policy};
//   auto result = sign_in.attempt("nurse.kim", password, now);
//   if (result.outcome == SignInOutcome::signed_in) { /* give result.token to the client */ }
//   std::optional<StaffAccount> who = sign_in.recognise(token, now);
#pragma once

#include <optional>
#include <string>

#include "staff/access_policy.h"
#include "storage/store.h"

namespace plasticity::server {

enum class SignInOutcome { signed_in, wrong_credentials, locked_out };

struct SignInResult {
  SignInOutcome outcome = SignInOutcome::wrong_credentials;
  std::optional<StaffAccount> staff;    // when signed in
  std::string token;                    // when signed in; never stored
  std::optional<UtcTime> locked_until;  // when locked out
};

class SignIn {
 public:
  SignIn(Store& store, SignInPolicy policy) : store_(store), policy_(policy) {}

  // Wrong username and wrong password look the same from outside, and take the same time.
  SignInResult attempt(const std::string& username, const std::string& password, UtcTime now);
  // The staff member whose live session `token` names, or std::nullopt. Keeps the session alive.
  std::optional<StaffAccount> recognise(const std::string& token, UtcTime now);
  // Whether `token` still names a live session, without keeping it alive (for connections that
  // outlast requests, such as the live feed).
  bool is_live(const std::string& token, UtcTime now);
  void sign_out(const std::string& token);

 private:
  Store& store_;
  SignInPolicy policy_;
};

}  // namespace plasticity::server
