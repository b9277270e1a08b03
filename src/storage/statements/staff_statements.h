// Staff accounts, password links, sign-in failures and staff sessions: the statements, written
// once for both engines (see audit_statements.h for the SQL both accept). Each function runs
// inside the caller's transaction; the engine's store opens and commits it.
//
//   auto id = statements::create_staff<sqlite::Statement>(db, account);  // UniqueViolation if
//   taken
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/areas/staff_store.h"
#include "storage/statements/audit_statements.h"

namespace plasticity::statements {

constexpr std::string_view kStaffColumns = "id, username, role, password_hash, created_at, active";

// The role column only ever holds names this build wrote; an unknown one is a broken database.
template <class Statement>
StaffAccount read_staff(const Statement& row) {
  StaffAccount account;
  account.id = row.integer(0);
  account.username = row.text(1);
  const auto role = parse_role(row.text(2));
  if (!role) throw StoreError("staff " + account.username + " has an unknown role: " + row.text(2));
  account.role = *role;
  account.password_hash = row.text(3);
  account.created_at = UtcTime{row.integer(4)};
  account.active = row.integer(5) != 0;
  return account;
}

template <class Statement, class Connection>
std::int64_t create_staff(Connection& db, const StaffAccount& account) {
  Statement st{db,
               "INSERT INTO staff (username, role, password_hash, created_at) VALUES (?, ?, ?, ?) "
               "RETURNING id"};
  st.bind(1, account.username).bind(2, to_string(account.role)).bind(3, account.password_hash);
  st.bind(4, account.created_at.epoch_ms).step();
  return st.integer(0);
}

template <class Statement, class Connection>
std::optional<StaffAccount> find_staff_by_username(Connection& db, const std::string& username) {
  Statement st{db, "SELECT " + std::string(kStaffColumns) + " FROM staff WHERE username = ?"};
  st.bind(1, username);
  if (!st.step()) return std::nullopt;
  return read_staff(st);
}

template <class Statement, class Connection>
std::optional<StaffAccount> find_staff(Connection& db, std::int64_t id) {
  Statement st{db, "SELECT " + std::string(kStaffColumns) + " FROM staff WHERE id = ?"};
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_staff(st);
}

template <class Statement, class Connection>
void set_password_hash(Connection& db, std::int64_t staff_id, const std::string& password_hash) {
  Statement{db, "UPDATE staff SET password_hash = ? WHERE id = ?"}
      .bind(1, password_hash)
      .bind(2, staff_id)
      .run();
}

template <class Statement, class Connection>
std::vector<StaffAccount> list_staff(Connection& db) {
  Statement st{db, "SELECT " + std::string(kStaffColumns) + " FROM staff ORDER BY username"};
  std::vector<StaffAccount> staff;
  while (st.step()) staff.push_back(read_staff(st));
  return staff;
}

template <class Statement, class Connection>
void end_sessions_of(Connection& db, std::int64_t staff_id) {
  Statement{db, "DELETE FROM staff_sessions WHERE staff_id = ?"}.bind(1, staff_id).run();
}

// Never leaves the clinic without an active admin. Two admins demoting each other at once must
// not both pass the count: SQLite runs one writer at a time; PostgreSQL runs this SERIALIZABLE.
template <class Statement, class Connection>
StaffChangeStatus change_staff(Connection& db, const StaffChange& change, const AuditEntry& audit) {
  Statement current{db, "SELECT role, active FROM staff WHERE id = ?"};
  current.bind(1, change.staff_id);
  if (!current.step()) return StaffChangeStatus::not_found;
  const bool was_admin = current.text(0) == to_string(Role::admin) && current.integer(1) != 0;
  current.reset();
  const bool stays_admin =
      change.role.value_or(Role::admin) == Role::admin && change.active.value_or(true) && was_admin;
  if (was_admin && !stays_admin) {
    Statement admins{db, "SELECT count(*) FROM staff WHERE role = 'admin' AND active = 1"};
    admins.step();
    if (admins.integer(0) <= 1) return StaffChangeStatus::last_admin;
  }
  if (change.role) {
    Statement{db, "UPDATE staff SET role = ? WHERE id = ?"}
        .bind(1, to_string(*change.role))
        .bind(2, change.staff_id)
        .run();
  }
  if (change.active) {
    Statement{db, "UPDATE staff SET active = ? WHERE id = ?"}
        .bind(1, std::int64_t{*change.active})
        .bind(2, change.staff_id)
        .run();
  }
  // A new role or a deactivation takes effect now: the member signs in again, or cannot.
  end_sessions_of<Statement>(db, change.staff_id);
  insert_audit<Statement>(db, audit);
  return StaffChangeStatus::ok;
}

// One live link per member: a new one replaces any unused earlier one.
template <class Statement, class Connection>
void create_password_reset(Connection& db, const PasswordReset& reset, const AuditEntry& audit) {
  Statement{db, "DELETE FROM password_resets WHERE staff_id = ? AND used_at IS NULL"}
      .bind(1, reset.staff_id)
      .run();
  Statement{db,
            "INSERT INTO password_resets (token_hash, staff_id, created_at, expires_at) "
            "VALUES (?, ?, ?, ?)"}
      .bind(1, reset.token_hash)
      .bind(2, reset.staff_id)
      .bind(3, reset.created_at.epoch_ms)
      .bind(4, reset.expires_at.epoch_ms)
      .run();
  insert_audit<Statement>(db, audit);
}

template <class Statement, class Connection>
std::optional<StaffAccount> use_password_reset(Connection& db, const std::string& token_hash,
                                               UtcTime now, const std::string& password_hash,
                                               AuditEntry audit) {
  Statement link{db,
                 "SELECT s.id, s.username, s.role, s.password_hash, s.created_at, s.active FROM "
                 "password_resets r JOIN staff s ON s.id = r.staff_id WHERE r.token_hash = ? "
                 "AND r.used_at IS NULL AND r.expires_at > ? AND s.active = 1"};
  link.bind(1, token_hash).bind(2, now.epoch_ms);
  if (!link.step()) return std::nullopt;
  StaffAccount account = read_staff(link);
  link.reset();
  // Used once: of two requests with one link at once, only the one that marks it used goes on.
  Statement used{db,
                 "UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"};
  if (used.bind(1, now.epoch_ms).bind(2, token_hash).run() != 1) return std::nullopt;
  set_password_hash<Statement>(db, account.id, password_hash);
  end_sessions_of<Statement>(db, account.id);
  audit.staff_id = account.id;
  audit.username = account.username;
  audit.role = std::string(to_string(account.role));
  insert_audit<Statement>(db, audit);
  return account;
}

template <class Statement, class Connection>
SignInFailures sign_in_failures(Connection& db, const std::string& username) {
  Statement st{db, "SELECT failures, last_failure_at FROM sign_in_failures WHERE username = ?"};
  st.bind(1, username);
  if (!st.step()) return SignInFailures{};
  return SignInFailures{static_cast<int>(st.integer(0)), UtcTime{st.integer(1)}};
}

template <class Statement, class Connection>
void record_sign_in_failure(Connection& db, const std::string& username, UtcTime at) {
  Statement{db,
            "INSERT INTO sign_in_failures (username, failures, last_failure_at) VALUES (?, 1, ?) "
            "ON CONFLICT (username) DO UPDATE SET failures = sign_in_failures.failures + 1, "
            "last_failure_at = excluded.last_failure_at"}
      .bind(1, username)
      .bind(2, at.epoch_ms)
      .run();
}

template <class Statement, class Connection>
void clear_sign_in_failures(Connection& db, const std::string& username) {
  Statement{db, "DELETE FROM sign_in_failures WHERE username = ?"}.bind(1, username).run();
}

template <class Statement, class Connection>
void create_session(Connection& db, const StaffSession& session) {
  Statement{db,
            "INSERT INTO staff_sessions (token_hash, staff_id, created_at, last_seen_at) "
            "VALUES (?, ?, ?, ?)"}
      .bind(1, session.token_hash)
      .bind(2, session.staff_id)
      .bind(3, session.times.created_at.epoch_ms)
      .bind(4, session.times.last_seen_at.epoch_ms)
      .run();
}

template <class Statement, class Connection>
std::optional<StaffSession> find_session(Connection& db, const std::string& token_hash) {
  Statement st{
      db, "SELECT staff_id, created_at, last_seen_at FROM staff_sessions WHERE token_hash = ?"};
  st.bind(1, token_hash);
  if (!st.step()) return std::nullopt;
  return StaffSession{token_hash, st.integer(0), {UtcTime{st.integer(1)}, UtcTime{st.integer(2)}}};
}

template <class Statement, class Connection>
void touch_session(Connection& db, const std::string& token_hash, UtcTime at) {
  Statement{db, "UPDATE staff_sessions SET last_seen_at = ? WHERE token_hash = ?"}
      .bind(1, at.epoch_ms)
      .bind(2, token_hash)
      .run();
}

template <class Statement, class Connection>
void delete_session(Connection& db, const std::string& token_hash) {
  Statement{db, "DELETE FROM staff_sessions WHERE token_hash = ?"}.bind(1, token_hash).run();
}

}  // namespace plasticity::statements
