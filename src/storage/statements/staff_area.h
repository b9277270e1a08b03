// The staff area (accounts, password links, sign-in failures, staff sessions) written once for
// both engines: each method one transaction around the shared statements (staff_statements.h).
// `Engine` is the store that inherits it (SqliteStore, PostgresqlStore) and supplies its
// transactions: read, write, and serializable for a check and a write two processes must not both
// pass; `Statement` is that engine's statement class.
//
//   class SqliteStore : public Store, public StaffArea<SqliteStore, sqlite::Statement>, ...
#pragma once

#include "storage/areas/staff_store.h"
#include "storage/statements/staff_statements.h"

namespace plasticity {

template <class Engine, class Statement>
class StaffArea : public virtual StaffStore {
 public:
  std::optional<std::int64_t> create_staff(const StaffAccount& account) final {
    try {
      return engine().write(
          [&](auto& db) { return statements::create_staff<Statement>(db, account); });
    } catch (const UniqueViolation&) {
      return std::nullopt;
    }
  }

  std::optional<StaffAccount> find_staff_by_username(const std::string& username) final {
    return engine().read(
        [&](auto& db) { return statements::find_staff_by_username<Statement>(db, username); });
  }

  std::optional<StaffAccount> find_staff(std::int64_t id) final {
    return engine().read([&](auto& db) { return statements::find_staff<Statement>(db, id); });
  }

  void set_password_hash(std::int64_t staff_id, const std::string& password_hash) final {
    engine().write(
        [&](auto& db) { statements::set_password_hash<Statement>(db, staff_id, password_hash); });
  }

  std::vector<StaffAccount> list_staff() final {
    return engine().read([&](auto& db) { return statements::list_staff<Statement>(db); });
  }

  // Two processes demoting the last two admins at once must not both pass the count.
  StaffChangeStatus change_staff(const StaffChange& change, const AuditEntry& audit) final {
    return engine().serializable(
        [&](auto& db) { return statements::change_staff<Statement>(db, change, audit); });
  }

  void create_password_reset(const PasswordReset& reset, const AuditEntry& audit) final {
    engine().write(
        [&](auto& db) { statements::create_password_reset<Statement>(db, reset, audit); });
  }

  std::optional<StaffAccount> use_password_reset(const std::string& token_hash, UtcTime now,
                                                 const std::string& password_hash,
                                                 AuditEntry audit) final {
    return engine().write([&](auto& db) {
      return statements::use_password_reset<Statement>(db, token_hash, now, password_hash, audit);
    });
  }

  SignInFailures sign_in_failures(const std::string& username) final {
    return engine().read(
        [&](auto& db) { return statements::sign_in_failures<Statement>(db, username); });
  }

  void record_sign_in_failure(const std::string& username, UtcTime at) final {
    engine().write(
        [&](auto& db) { statements::record_sign_in_failure<Statement>(db, username, at); });
  }

  void clear_sign_in_failures(const std::string& username) final {
    engine().write([&](auto& db) { statements::clear_sign_in_failures<Statement>(db, username); });
  }

  void create_session(const StaffSession& session) final {
    engine().write([&](auto& db) { statements::create_session<Statement>(db, session); });
  }

  std::optional<StaffSession> find_session(const std::string& token_hash) final {
    return engine().read(
        [&](auto& db) { return statements::find_session<Statement>(db, token_hash); });
  }

  void touch_session(const std::string& token_hash, UtcTime at) final {
    engine().write([&](auto& db) { statements::touch_session<Statement>(db, token_hash, at); });
  }

  void delete_session(const std::string& token_hash) final {
    engine().write([&](auto& db) { statements::delete_session<Statement>(db, token_hash); });
  }

 private:
  Engine& engine() { return static_cast<Engine&>(*this); }
};

}  // namespace plasticity
