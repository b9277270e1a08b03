// Staff accounts, password links, sign-in failures and staff sessions.
// Part of the Store (storage/store.h), whose contract every method keeps.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/utc_time.h"
#include "staff/access_policy.h"
#include "staff/role.h"
#include "storage/areas/audit_store.h"

namespace plasticity {

struct StaffAccount {
  std::int64_t id = 0;
  std::string username;
  Role role = Role::front_desk;
  std::string password_hash;  // argon2id string from libsodium; never the password
  UtcTime created_at;
  bool active =
      true;  // a deactivated account cannot sign in; it is never deleted (its audit trail)
};

// A role change or (de)activation of one staff account.
struct StaffChange {
  std::int64_t staff_id = 0;
  std::optional<Role> role;
  std::optional<bool> active;
};

enum class StaffChangeStatus { ok, not_found, last_admin };

// A single-use link to set a password: only the token's hash is kept.
struct PasswordReset {
  std::string token_hash;
  std::int64_t staff_id = 0;
  UtcTime created_at;
  UtcTime expires_at;
};

struct StaffSession {
  std::string token_hash;  // hash of the bearer token; the token itself is never stored
  std::int64_t staff_id = 0;
  SessionTimes times;
};

class StaffStore {
 public:
  virtual ~StaffStore() = default;

  // Staff accounts. create_staff returns std::nullopt when the username is taken.
  virtual std::optional<std::int64_t> create_staff(const StaffAccount& account) = 0;
  virtual std::optional<StaffAccount> find_staff_by_username(const std::string& username) = 0;
  virtual std::optional<StaffAccount> find_staff(std::int64_t id) = 0;
  virtual void set_password_hash(std::int64_t staff_id, const std::string& password_hash) = 0;
  // Every account, active or not, by username.
  virtual std::vector<StaffAccount> list_staff() = 0;
  // Applies a role change or (de)activation with its audit entry, ending the member's sessions;
  // last_admin when it would leave no active admin (checked in the same transaction).
  virtual StaffChangeStatus change_staff(const StaffChange& change, const AuditEntry& audit) = 0;
  // Stores a password link, replacing the member's unused earlier one.
  virtual void create_password_reset(const PasswordReset& reset, const AuditEntry& audit) = 0;
  // Uses an unused, unexpired link of an active account once: sets the password hash, ends the
  // member's sessions and writes `audit` as that member. std::nullopt when the link is not valid.
  virtual std::optional<StaffAccount> use_password_reset(const std::string& token_hash, UtcTime now,
                                                         const std::string& password_hash,
                                                         AuditEntry audit) = 0;

  // Failed sign-ins, counted per username (known or not, so a lockout reveals nothing).
  virtual SignInFailures sign_in_failures(const std::string& username) = 0;
  virtual void record_sign_in_failure(const std::string& username, UtcTime at) = 0;
  virtual void clear_sign_in_failures(const std::string& username) = 0;

  virtual void create_session(const StaffSession& session) = 0;
  virtual std::optional<StaffSession> find_session(const std::string& token_hash) = 0;
  virtual void touch_session(const std::string& token_hash, UtcTime at) = 0;
  virtual void delete_session(const std::string& token_hash) = 0;
};

}  // namespace plasticity
