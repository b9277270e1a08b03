// A small RAII wrapper over SQLite's C API: a Connection, prepared Statements with typed binds and
// columns, and a Transaction that rolls back unless committed. Errors throw StoreError with
// SQLite's message.
//
//   Connection db{path};
//   Statement st{db, "SELECT name FROM staff WHERE id = ?"};
//   st.bind(1, id);
//   if (st.step()) name = st.text(0);
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/optional_columns.h"
#include "storage/store.h"

namespace plasticity::sqlite {

using StatementObserver = std::function<void(const std::string& sql)>;

class Connection {
 public:
  explicit Connection(const std::filesystem::path& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return no rows.
  void execute(std::string_view sql);
  std::int64_t last_insert_id() const;
  sqlite3* handle() const { return db_; }
  // Every statement this connection runs from now on, with its bound values, to `observer`
  // (which must outlive the connection); null stops it.
  void observe(const StatementObserver* observer);

 private:
  friend class Statement;
  sqlite3* db_ = nullptr;
  // Prepared statements kept for reuse, by SQL text: parsing and planning a statement costs more
  // than running it (seen in perf under vital-sign ingest). One user at a time per statement.
  struct CachedStatement {
    sqlite3_stmt* statement = nullptr;
    bool in_use = false;
  };
  std::unordered_map<std::string, CachedStatement> cache_;
};

class Statement : public OptionalColumns<Statement> {
 public:
  Statement(Connection& connection, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value) {
    return bind(index, std::string_view(value));
  }
  Statement& bind_null(int index);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind(int index, const std::optional<std::string>& value);
  Statement& bind(int index, const std::optional<double>& value);
  Statement& bind(int index, const std::optional<std::int64_t>& value);

  // Advances to the next row: true when a row is ready, false when done.
  bool step();
  // Runs a statement that returns no rows; returns the number of rows it changed.
  int run();
  void reset();

  // Columns are 0-based, as in SQLite.
  bool is_null(int column) const;
  // What the column holds in this row: SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB or
  // SQLITE_NULL (a column's declared type does not bind what SQLite stores in it).
  int storage_class(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::string blob(int column) const;

 private:
  void check_bind(int rc);

  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
  bool* in_use_ = nullptr;  // the cache entry this statement borrowed; null when not cached
};

// BEGIN IMMEDIATE on construction (takes the write lock at once, so two writers never deadlock
// half-way); ROLLBACK on destruction unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& connection_;
  bool done_ = false;
};

// Several SELECTs that must see one state of the database (a report): a deferred transaction,
// which in WAL mode takes no write lock and holds one snapshot until it ends.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Connection& connection);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Connection& connection_;
};

}  // namespace plasticity::sqlite
