#include "storage/postgresql/postgresql_store.h"

#include "storage/postgresql/pg_migrations.h"
#include "storage/statements/audit_statements.h"
#include "storage/statements/settings_statements.h"
#include "storage/statements/staff_statements.h"

namespace plasticity {

using postgresql::Connection;
using postgresql::Isolation;
using postgresql::Statement;

std::unique_ptr<PostgresqlStore> PostgresqlStore::open(const postgresql::DatabaseUrl& url) {
  std::unique_ptr<PostgresqlStore> store{new PostgresqlStore(url)};
  postgresql::apply_migrations(store->db_, postgresql::postgresql_migrations());
  return store;
}

template <class Work>
auto PostgresqlStore::transaction(Isolation isolation, Work work) {
  std::lock_guard lock{mutex_};
  postgresql::Transaction transaction{db_, isolation};
  if constexpr (std::is_void_v<decltype(work(db_))>) {
    work(db_);
    transaction.commit();
  } else {
    auto result = work(db_);
    transaction.commit();
    return result;
  }
}

std::optional<std::int64_t> PostgresqlStore::create_staff(const StaffAccount& account) {
  try {
    return write([&](Connection& db) { return statements::create_staff<Statement>(db, account); });
  } catch (const UniqueViolation&) {
    return std::nullopt;
  }
}

std::optional<StaffAccount> PostgresqlStore::find_staff_by_username(const std::string& username) {
  return read(
      [&](Connection& db) { return statements::find_staff_by_username<Statement>(db, username); });
}

std::optional<StaffAccount> PostgresqlStore::find_staff(std::int64_t id) {
  return read([&](Connection& db) { return statements::find_staff<Statement>(db, id); });
}

void PostgresqlStore::set_password_hash(std::int64_t staff_id, const std::string& password_hash) {
  write([&](Connection& db) {
    statements::set_password_hash<Statement>(db, staff_id, password_hash);
  });
}

std::vector<StaffAccount> PostgresqlStore::list_staff() {
  return read([&](Connection& db) { return statements::list_staff<Statement>(db); });
}

template <class Work>
auto PostgresqlStore::serializable(Work work) {
  constexpr int kAttempts = 5;
  for (int attempt = 1;; ++attempt) {
    try {
      return transaction(Isolation::serializable, work);
    } catch (const postgresql::TransactionConflict&) {
      if (attempt == kAttempts) throw;
    }
  }
}

// Two processes demoting the last two admins at once must not both pass the count (SQLite's
// single writer gives this for free).
StaffChangeStatus PostgresqlStore::change_staff(const StaffChange& change,
                                                const AuditEntry& audit) {
  return serializable(
      [&](Connection& db) { return statements::change_staff<Statement>(db, change, audit); });
}

void PostgresqlStore::create_password_reset(const PasswordReset& reset, const AuditEntry& audit) {
  write([&](Connection& db) { statements::create_password_reset<Statement>(db, reset, audit); });
}

std::optional<StaffAccount> PostgresqlStore::use_password_reset(const std::string& token_hash,
                                                                UtcTime now,
                                                                const std::string& password_hash,
                                                                AuditEntry audit) {
  return write([&](Connection& db) {
    return statements::use_password_reset<Statement>(db, token_hash, now, password_hash, audit);
  });
}

SignInFailures PostgresqlStore::sign_in_failures(const std::string& username) {
  return read(
      [&](Connection& db) { return statements::sign_in_failures<Statement>(db, username); });
}

void PostgresqlStore::record_sign_in_failure(const std::string& username, UtcTime at) {
  write([&](Connection& db) { statements::record_sign_in_failure<Statement>(db, username, at); });
}

void PostgresqlStore::clear_sign_in_failures(const std::string& username) {
  write([&](Connection& db) { statements::clear_sign_in_failures<Statement>(db, username); });
}

void PostgresqlStore::create_session(const StaffSession& session) {
  write([&](Connection& db) { statements::create_session<Statement>(db, session); });
}

std::optional<StaffSession> PostgresqlStore::find_session(const std::string& token_hash) {
  return read([&](Connection& db) { return statements::find_session<Statement>(db, token_hash); });
}

void PostgresqlStore::touch_session(const std::string& token_hash, UtcTime at) {
  write([&](Connection& db) { statements::touch_session<Statement>(db, token_hash, at); });
}

void PostgresqlStore::delete_session(const std::string& token_hash) {
  write([&](Connection& db) { statements::delete_session<Statement>(db, token_hash); });
}

std::int64_t PostgresqlStore::append_audit(const AuditEntry& entry) {
  return write([&](Connection& db) { return statements::insert_audit<Statement>(db, entry); });
}

void PostgresqlStore::append_audits(const std::vector<AuditEntry>& entries) {
  if (entries.empty()) return;
  write([&](Connection& db) {
    for (const auto& entry : entries) statements::insert_audit<Statement>(db, entry);
  });
}

std::vector<AuditEntry> PostgresqlStore::query_audit(const AuditQuery& query) {
  return read([&](Connection& db) { return statements::query_audit<Statement>(db, query); });
}

std::map<std::string, std::string> PostgresqlStore::clinic_settings() {
  return read([&](Connection& db) { return statements::clinic_settings<Statement>(db); });
}

void PostgresqlStore::save_clinic_settings(const std::map<std::string, std::string>& rows,
                                           const AuditEntry& audit) {
  write([&](Connection& db) { statements::save_clinic_settings<Statement>(db, rows, audit); });
}

}  // namespace plasticity
