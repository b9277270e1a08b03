#include "storage/sqlite/sqlite_store.h"

#include "storage/statements/audit_statements.h"

namespace plasticity {

using sqlite::Connection;
using sqlite::Statement;

SqliteStore::SqliteStore(std::filesystem::path file) : file_(std::move(file)) {}

std::unique_ptr<Connection> SqliteStore::connect() const {
  auto connection = std::make_unique<Connection>(file_);
  // A page cache of up to 16 MB a connection (SQLite's default is 2 MB): a five-year clinic's
  // hot index pages (names, audit, sessions by patient) stay in it (bench/growth.mjs).
  connection->execute(
      "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA cache_size = -16384;");
  if (observer_) connection->observe(&observer_);
  return connection;
}

void SqliteStore::observe_statements(sqlite::StatementObserver observer) {
  observer_ = std::move(observer);
  const sqlite::StatementObserver* to = observer_ ? &observer_ : nullptr;
  writer_->observe(to);
  std::lock_guard lock(readers_mutex_);
  for (auto& reader : idle_readers_) reader->observe(to);
}

std::unique_ptr<SqliteStore> SqliteStore::open(const std::filesystem::path& file,
                                               std::span<const Migration> migrations,
                                               const MigrationReport& report) {
  std::unique_ptr<SqliteStore> store{new SqliteStore(file)};
  store->writer_ = store->connect();
  store->writer_->execute("PRAGMA journal_mode = WAL");
  sqlite::apply_migrations(*store->writer_, migrations, report);
  return store;
}

std::unique_ptr<Connection> SqliteStore::take_reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      auto connection = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return connection;
    }
  }
  return connect();
}

void SqliteStore::return_reader(std::unique_ptr<Connection> connection) {
  std::lock_guard lock(readers_mutex_);
  idle_readers_.push_back(std::move(connection));
}

std::int64_t SqliteStore::schema_version() {
  return read([](Connection& db) {
    Statement st{db, "SELECT coalesce(max(version), 0) FROM schema_migrations"};
    st.step();
    return st.integer(0);
  });
}

SignInFailures SqliteStore::sign_in_failures(const std::string& username) {
  return read([&](Connection& db) {
    Statement st{db, "SELECT failures, last_failure_at FROM sign_in_failures WHERE username = ?"};
    st.bind(1, username);
    if (!st.step()) return SignInFailures{};
    return SignInFailures{static_cast<int>(st.integer(0)), UtcTime{st.integer(1)}};
  });
}

void SqliteStore::record_sign_in_failure(const std::string& username, UtcTime at) {
  write([&](Connection& db) {
    Statement{db,
              "INSERT INTO sign_in_failures (username, failures, last_failure_at) VALUES (?, 1, ?) "
              "ON CONFLICT (username) DO UPDATE SET failures = failures + 1, "
              "last_failure_at = excluded.last_failure_at"}
        .bind(1, username)
        .bind(2, at.epoch_ms)
        .run();
  });
}

void SqliteStore::clear_sign_in_failures(const std::string& username) {
  write([&](Connection& db) {
    Statement{db, "DELETE FROM sign_in_failures WHERE username = ?"}.bind(1, username).run();
  });
}

void SqliteStore::create_session(const StaffSession& session) {
  write([&](Connection& db) {
    Statement{db,
              "INSERT INTO staff_sessions (token_hash, staff_id, created_at, last_seen_at) "
              "VALUES (?, ?, ?, ?)"}
        .bind(1, session.token_hash)
        .bind(2, session.staff_id)
        .bind(3, session.times.created_at.epoch_ms)
        .bind(4, session.times.last_seen_at.epoch_ms)
        .run();
  });
}

std::optional<StaffSession> SqliteStore::find_session(const std::string& token_hash) {
  return read([&](Connection& db) -> std::optional<StaffSession> {
    Statement st{
        db, "SELECT staff_id, created_at, last_seen_at FROM staff_sessions WHERE token_hash = ?"};
    st.bind(1, token_hash);
    if (!st.step()) return std::nullopt;
    return StaffSession{
        token_hash, st.integer(0), {UtcTime{st.integer(1)}, UtcTime{st.integer(2)}}};
  });
}

void SqliteStore::touch_session(const std::string& token_hash, UtcTime at) {
  write([&](Connection& db) {
    Statement{db, "UPDATE staff_sessions SET last_seen_at = ? WHERE token_hash = ?"}
        .bind(1, at.epoch_ms)
        .bind(2, token_hash)
        .run();
  });
}

void SqliteStore::delete_session(const std::string& token_hash) {
  write([&](Connection& db) {
    Statement{db, "DELETE FROM staff_sessions WHERE token_hash = ?"}.bind(1, token_hash).run();
  });
}

namespace sqlite {
void insert_audit(Connection& db, const AuditEntry& e) {
  statements::insert_audit<Statement>(db, e);
}
}  // namespace sqlite

std::int64_t SqliteStore::append_audit(const AuditEntry& entry) {
  return write([&](Connection& db) { return statements::insert_audit<Statement>(db, entry); });
}

void SqliteStore::append_audits(const std::vector<AuditEntry>& entries) {
  if (entries.empty()) return;
  write([&](Connection& db) {
    for (const auto& entry : entries) statements::insert_audit<Statement>(db, entry);
  });
}

std::vector<AuditEntry> SqliteStore::query_audit(const AuditQuery& q) {
  return read([&](Connection& db) { return statements::query_audit<Statement>(db, q); });
}

}  // namespace plasticity
