// A small RAII wrapper over libpq, with the same shape as the SQLite one (sqlite_connection.h) so
// that one engine-neutral statement runs on either: a Connection, prepared Statements with typed
// binds (1-based) and columns (0-based), and a Transaction that rolls back unless committed.
// libpq directly rather than libpqxx: the binding needed here is this thin, and libpqxx 6.4 has no
// dynamic parameter lists of mixed types.
//
// Every connection runs with synchronous_commit on (a COMMIT that returns is on disk), UTC, UTF-8
// and a statement timeout, so no statement holds a request thread for long.
//
//   Connection db{url};
//   Statement st{db, "SELECT username FROM staff WHERE id = ?"};
//   st.bind(1, id);
//   if (st.step()) name = st.text(0);
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/areas/common.h"
#include "storage/optional_columns.h"
#include "storage/postgresql/database_url.h"
#include "storage/postgresql/dialect.h"

namespace plasticity::postgresql {

// Thrown when two transactions met and PostgreSQL chose this one to give way (serialization
// failure, deadlock): the whole transaction may be run again.
class TransactionConflict : public StoreError {
 public:
  using StoreError::StoreError;
};

// Thrown when the connection itself is gone (the server restarted, the backend was ended, the
// network cut): the connection is of no further use.
class ConnectionLost : public StoreError {
 public:
  using StoreError::StoreError;
};

// A statement as PostgreSQL runs it ($N parameters) and its parameters' types (0: unknown).
using StatementObserver =
    std::function<void(const std::string& sql, const std::vector<Oid>& types)>;

class Connection {
 public:
  explicit Connection(const DatabaseUrl& url,
                      std::chrono::milliseconds statement_timeout = std::chrono::seconds(30));
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return no rows (no parameters).
  void execute(std::string_view sql);
  // Runs a query (no parameters) whose rows may be more than memory should hold, handing them to
  // `row` one at a time as PostgreSQL's binary form of each cell (numbers big-endian; nullopt for
  // NULL), valid only during the call.
  using BinaryRow = std::vector<std::optional<std::string_view>>;
  void stream(std::string_view sql, const std::function<void(const BinaryRow&)>& row);
  PGconn* handle() const { return connection_; }
  // True once the connection is gone (see ConnectionLost).
  bool lost() const { return PQstatus(connection_) == CONNECTION_BAD; }
  // Every statement this connection runs from now on to `observer` (which must outlive the
  // connection); null stops it.
  void observe(const StatementObserver* observer) { observer_ = observer; }

 private:
  friend class Statement;
  PGconn* connection_ = nullptr;
  // Statements prepared on the server, by SQL text and parameter types: preparing costs a round
  // trip and a plan.
  std::unordered_map<std::string, std::string> prepared_;
  std::unordered_map<std::string, NumberedStatement> numbered_;  // by SQL text
  const StatementObserver* observer_ = nullptr;
};

class Statement : public OptionalColumns<Statement> {
 public:
  Statement(Connection& connection, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

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
  // A bytea or its NULL (a NULL of the column's type, where bind_null's is of no known type).
  Statement& bind_bytes(int index, const std::optional<std::string>& bytes);

  // Runs the statement on the first call; true while a row is ready.
  bool step();
  // Runs a statement that returns no rows; returns the number of rows it changed.
  int run();
  void reset();

  bool is_null(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::string blob(int column) const;

 private:
  struct Parameter {
    Oid type = 0;  // 0: let the server decide (a NULL of no known type)
    std::optional<std::string> value;
    bool binary = false;
  };
  Parameter& parameter(int index);
  void execute();
  const char* cell(int column) const;

  Connection& connection_;
  std::string sql_;
  std::vector<Parameter> parameters_;
  std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
  int row_ = -1;
};

enum class Isolation { read_committed, repeatable_read, serializable };

// BEGIN on construction; ROLLBACK on destruction unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Connection& connection, Isolation isolation = Isolation::read_committed);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& connection_;
  bool done_ = false;
};

}  // namespace plasticity::postgresql
