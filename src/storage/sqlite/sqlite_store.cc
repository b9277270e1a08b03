#include "storage/sqlite/sqlite_store.h"

namespace plasticity {

using sqlite::Connection;
using sqlite::Statement;

SqliteStore::SqliteStore(std::filesystem::path file) : file_(std::move(file)) {}

std::unique_ptr<Connection> SqliteStore::connect() const {
  auto connection = std::make_unique<Connection>(file_);
  connection->execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
  return connection;
}

std::unique_ptr<SqliteStore> SqliteStore::open(const std::filesystem::path& file,
                                               std::span<const sqlite::Migration> migrations) {
  std::unique_ptr<SqliteStore> store{new SqliteStore(file)};
  store->writer_ = store->connect();
  store->writer_->execute("PRAGMA journal_mode = WAL");
  sqlite::apply_migrations(*store->writer_, migrations);
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
  Statement st{db,
               "INSERT INTO audit_log (at, staff_id, username, role, action, outcome, patient_id, "
               "request_id, client_address, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"};
  st.bind(1, e.at.epoch_ms).bind(2, e.staff_id).bind(3, e.username).bind(4, e.role);
  st.bind(5, e.action).bind(6, e.outcome).bind(7, e.patient_id).bind(8, e.request_id);
  st.bind(9, e.client_address).bind(10, e.detail).run();
  if (e.shown_patient_ids.empty()) return;
  const std::int64_t audit_id = db.last_insert_id();
  Statement shown{db, "INSERT OR IGNORE INTO audit_patients (patient_id, audit_id) VALUES (?, ?)"};
  for (const auto& patient_id : e.shown_patient_ids) {
    shown.bind(1, patient_id).bind(2, audit_id).run();
    shown.reset();
  }
}
}  // namespace sqlite

std::int64_t SqliteStore::append_audit(const AuditEntry& entry) {
  return write([&](Connection& db) {
    sqlite::insert_audit(db, entry);
    return db.last_insert_id();
  });
}

void SqliteStore::append_audits(const std::vector<AuditEntry>& entries) {
  if (entries.empty()) return;
  write([&](Connection& db) {
    for (const auto& entry : entries) sqlite::insert_audit(db, entry);
  });
}

std::vector<AuditEntry> SqliteStore::query_audit(const AuditQuery& q) {
  return read([&](Connection& db) {
    Statement st{
        db,
        "SELECT id, at, staff_id, username, role, action, outcome, patient_id, request_id, "
        "client_address, detail FROM audit_log "
        "WHERE (?1 IS NULL OR patient_id = ?1 OR id IN (SELECT audit_id FROM audit_patients "
        "WHERE patient_id = ?1)) AND (?2 IS NULL OR username = ?2) "
        "AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4) "
        "AND (?5 IS NULL OR id < ?5) AND (?7 IS NULL OR action = ?7 OR action LIKE ?7 || '.%') "
        "AND (?8 = 0 OR NOT (action = 'vitals.record' AND (username LIKE 'device:%' "
        "OR username LIKE 'hl7:%'))) ORDER BY id DESC LIMIT ?6"};
    st.bind(1, q.patient_id).bind(2, q.username).bind(7, q.action);
    st.bind(8, std::int64_t{q.hide_device_readings});
    st.bind(3, q.from ? std::optional<std::int64_t>(q.from->epoch_ms) : std::nullopt);
    st.bind(4, q.to ? std::optional<std::int64_t>(q.to->epoch_ms) : std::nullopt);
    st.bind(5, q.before_id).bind(6, static_cast<std::int64_t>(q.limit));
    std::vector<AuditEntry> entries;
    while (st.step()) {
      entries.push_back(AuditEntry{st.integer(0), UtcTime{st.integer(1)}, st.optional_integer(2),
                                   st.text(3), st.text(4), st.text(5), st.text(6),
                                   st.optional_text(7), st.text(8), st.text(9), st.text(10)});
    }
    Statement shown{db, "SELECT patient_id FROM audit_patients WHERE audit_id = ? ORDER BY 1"};
    for (auto& entry : entries) {
      shown.bind(1, entry.id);
      while (shown.step()) entry.shown_patient_ids.push_back(shown.text(0));
      shown.reset();
    }
    return entries;
  });
}

}  // namespace plasticity
