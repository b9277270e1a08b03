// Staff accounts, password links, sign-in failures and staff sessions in SQLite: each method one
// transaction around the statements both engines share (statements/staff_statements.h).
#include "storage/sqlite/sqlite_store.h"
#include "storage/statements/staff_statements.h"

namespace plasticity {

using sqlite::Connection;
using sqlite::Statement;

std::optional<std::int64_t> SqliteStore::create_staff(const StaffAccount& account) {
  try {
    return write([&](Connection& db) { return statements::create_staff<Statement>(db, account); });
  } catch (const UniqueViolation&) {
    return std::nullopt;
  }
}

std::optional<StaffAccount> SqliteStore::find_staff_by_username(const std::string& username) {
  return read(
      [&](Connection& db) { return statements::find_staff_by_username<Statement>(db, username); });
}

std::optional<StaffAccount> SqliteStore::find_staff(std::int64_t id) {
  return read([&](Connection& db) { return statements::find_staff<Statement>(db, id); });
}

void SqliteStore::set_password_hash(std::int64_t staff_id, const std::string& password_hash) {
  write([&](Connection& db) {
    statements::set_password_hash<Statement>(db, staff_id, password_hash);
  });
}

std::vector<StaffAccount> SqliteStore::list_staff() {
  return read([&](Connection& db) { return statements::list_staff<Statement>(db); });
}

StaffChangeStatus SqliteStore::change_staff(const StaffChange& change, const AuditEntry& audit) {
  return write(
      [&](Connection& db) { return statements::change_staff<Statement>(db, change, audit); });
}

void SqliteStore::create_password_reset(const PasswordReset& reset, const AuditEntry& audit) {
  write([&](Connection& db) { statements::create_password_reset<Statement>(db, reset, audit); });
}

std::optional<StaffAccount> SqliteStore::use_password_reset(const std::string& token_hash,
                                                            UtcTime now,
                                                            const std::string& password_hash,
                                                            AuditEntry audit) {
  return write([&](Connection& db) {
    return statements::use_password_reset<Statement>(db, token_hash, now, password_hash, audit);
  });
}

SignInFailures SqliteStore::sign_in_failures(const std::string& username) {
  return read(
      [&](Connection& db) { return statements::sign_in_failures<Statement>(db, username); });
}

void SqliteStore::record_sign_in_failure(const std::string& username, UtcTime at) {
  write([&](Connection& db) { statements::record_sign_in_failure<Statement>(db, username, at); });
}

void SqliteStore::clear_sign_in_failures(const std::string& username) {
  write([&](Connection& db) { statements::clear_sign_in_failures<Statement>(db, username); });
}

void SqliteStore::create_session(const StaffSession& session) {
  write([&](Connection& db) { statements::create_session<Statement>(db, session); });
}

std::optional<StaffSession> SqliteStore::find_session(const std::string& token_hash) {
  return read([&](Connection& db) { return statements::find_session<Statement>(db, token_hash); });
}

void SqliteStore::touch_session(const std::string& token_hash, UtcTime at) {
  write([&](Connection& db) { statements::touch_session<Statement>(db, token_hash, at); });
}

void SqliteStore::delete_session(const std::string& token_hash) {
  write([&](Connection& db) { statements::delete_session<Statement>(db, token_hash); });
}

}  // namespace plasticity
