#include "storage/sqlite/sqlite_connection.h"

namespace plasticity::sqlite {
namespace {

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  throw StoreError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

// SQLite keeps global memory statistics behind one process-wide mutex, which every allocation of
// every connection takes: with many threads reading and writing that mutex is the bottleneck
// (seen in perf under HL7 ingest). Plasticity does not read those statistics, so they are off.
// It must be set before SQLite initialises, hence once, before the first connection opens.
void configure_sqlite_once() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return sqlite3_initialize() == SQLITE_OK;
  }();
  if (!configured) throw StoreError("SQLite failed to initialise");
}

}  // namespace

Connection::Connection(const std::filesystem::path& path) {
  configure_sqlite_once();
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = "cannot open database " + path.string() + ": " +
                          (db_ ? sqlite3_errmsg(db_) : "out of memory");
    sqlite3_close(db_);
    throw StoreError(message);
  }
  sqlite3_extended_result_codes(db_, 1);
  // Another process (a backup, a second server) may hold the lock briefly: wait, don't fail.
  sqlite3_busy_timeout(db_, 5000);
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.statement);
  sqlite3_close_v2(db_);
}

void Connection::execute(std::string_view sql) {
  char* error = nullptr;
  const std::string statement(sql);
  if (sqlite3_exec(db_, statement.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw StoreError("SQL failed: " + message);
  }
}

std::int64_t Connection::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

void Connection::observe(const StatementObserver* observer) {
  if (!observer) {
    sqlite3_trace_v2(db_, 0, nullptr, nullptr);
    return;
  }
  auto on_statement = [](unsigned, void* context, void* statement, void* text) -> int {
    // A trigger's statements arrive as "-- trigger name": the statement that fired it was seen.
    if (std::string_view(static_cast<const char*>(text)).starts_with("--")) return 0;
    char* sql = sqlite3_expanded_sql(static_cast<sqlite3_stmt*>(statement));
    if (sql) (*static_cast<const StatementObserver*>(context))(sql);
    sqlite3_free(sql);
    return 0;
  };
  sqlite3_trace_v2(db_, SQLITE_TRACE_STMT, on_statement, const_cast<StatementObserver*>(observer));
}

Statement::Statement(Connection& connection, std::string_view sql) : db_(connection.handle()) {
  auto [entry, added] = connection.cache_.try_emplace(std::string(sql));
  Connection::CachedStatement& cached = entry->second;
  if (!added && !cached.in_use) {
    statement_ = cached.statement;  // reset and unbound when it was given back
    cached.in_use = true;
    in_use_ = &cached.in_use;
    return;
  }
  const bool keep = added;  // a statement already borrowed (nested use) gets a private copy
  const unsigned flags = keep ? SQLITE_PREPARE_PERSISTENT : 0;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), flags, &statement_,
                         nullptr) != SQLITE_OK) {
    if (added) connection.cache_.erase(entry);
    fail(db_, "cannot prepare statement");
  }
  if (keep) {
    cached.statement = statement_;
    cached.in_use = true;
    in_use_ = &cached.in_use;
  }
}

Statement::~Statement() {
  if (!in_use_) {
    sqlite3_finalize(statement_);
    return;
  }
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  *in_use_ = false;
}

void Statement::check_bind(int rc) {
  if (rc != SQLITE_OK) fail(db_, "cannot bind parameter");
}

Statement& Statement::bind(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(statement_, index, value));
  return *this;
}

Statement& Statement::bind(int index, double value) {
  check_bind(sqlite3_bind_double(statement_, index, value));
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  check_bind(sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                               SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  check_bind(sqlite3_bind_blob(statement_, index, bytes.data(), static_cast<int>(bytes.size()),
                               SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::bind_null(int index) {
  check_bind(sqlite3_bind_null(statement_, index));
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
  return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

Statement& Statement::bind(int index, const std::optional<double>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

bool Statement::step() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    throw UniqueViolation(sqlite3_errmsg(db_));
  }
  fail(db_, "SQL step failed");
}

int Statement::run() {
  if (step()) throw StoreError("statement returned rows where none were expected");
  return sqlite3_changes(db_);
}

void Statement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

int Statement::storage_class(int column) const { return sqlite3_column_type(statement_, column); }

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(statement_, column);
}

double Statement::real(int column) const { return sqlite3_column_double(statement_, column); }

std::string Statement::blob(int column) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(statement_, column));
  return data
             ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)))
             : std::string();
}

std::string Statement::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
  return data
             ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)))
             : std::string();
}

Transaction::Transaction(Connection& connection) : connection_(connection) {
  connection_.execute("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(connection_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  connection_.execute("COMMIT");
  done_ = true;
}

ReadSnapshot::ReadSnapshot(Connection& connection) : connection_(connection) {
  connection_.execute("BEGIN DEFERRED");
}

ReadSnapshot::~ReadSnapshot() {
  sqlite3_exec(connection_.handle(), "COMMIT", nullptr, nullptr, nullptr);
}

}  // namespace plasticity::sqlite
