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

}  // namespace plasticity
