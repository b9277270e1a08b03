#include "storage/postgresql/pg_connection.h"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <exception>

#include "storage/postgresql/dialect.h"

namespace plasticity::postgresql {
namespace {

// Type OIDs from PostgreSQL's pg_type catalogue (stable since 7.x).
constexpr Oid kInt8 = 20;
constexpr Oid kText = 25;
constexpr Oid kFloat8 = 701;
constexpr Oid kBytea = 17;

// SQLSTATEs (PostgreSQL manual, appendix A).
constexpr std::string_view kUniqueViolation = "23505";
constexpr std::string_view kSerializationFailure = "40001";
constexpr std::string_view kDeadlockDetected = "40P01";

void clear_result(PGresult* result) { PQclear(result); }
using Result = std::unique_ptr<PGresult, void (*)(PGresult*)>;

// Throws the error a failed result carries, as the class a caller can act on.
void check(const Result& result, PGconn* connection, std::string_view what) {
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
  const char* state = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
  const std::string message =
      std::string(what) + ": " +
      (result ? PQresultErrorMessage(result.get()) : PQerrorMessage(connection));
  const std::string_view sqlstate = state ? state : "";
  if (PQstatus(connection) == CONNECTION_BAD) throw ConnectionLost(message);
  if (sqlstate == kUniqueViolation) throw UniqueViolation(message);
  if (sqlstate == kSerializationFailure || sqlstate == kDeadlockDetected) {
    throw TransactionConflict(message);
  }
  throw StoreError(message);
}

std::string double_text(double value) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);  // shortest text that reads back as the same double
}

}  // namespace

Connection::Connection(const DatabaseUrl& url, std::chrono::milliseconds statement_timeout) {
  const std::string port = std::to_string(url.port);
  const std::string server_options =
      "-c synchronous_commit=on -c TimeZone=UTC -c client_min_messages=warning -c "
      "statement_timeout=" +
      std::to_string(statement_timeout.count());
  std::vector<const char*> keywords = {
      "host", "port", "user", "dbname", "client_encoding", "application_name", "options"};
  std::vector<const char*> values = {url.host.c_str(),      port.c_str(), url.user.c_str(),
                                     url.database.c_str(),  "UTF8",       "plasticity",
                                     server_options.c_str()};
  if (!url.password.empty()) {
    keywords.push_back("password");
    values.push_back(url.password.c_str());
  }
  for (const auto& option : url.options) {
    keywords.push_back(option.first.c_str());
    values.push_back(option.second.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  connection_ = PQconnectdbParams(keywords.data(), values.data(), 0);
  if (PQstatus(connection_) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(connection_);
    PQfinish(connection_);
    connection_ = nullptr;
    throw StoreError("cannot connect to " + url.redacted() + ": " + message);
  }
}

Connection::~Connection() { PQfinish(connection_); }

void Connection::execute(std::string_view sql) {
  Result result{PQexec(connection_, std::string(sql).c_str()), clear_result};
  check(result, connection_, "PostgreSQL");
}

Statement::Statement(Connection& connection, std::string_view sql)
    : connection_(connection), sql_(sql), result_(nullptr, clear_result) {}

Statement::~Statement() = default;

Statement::Parameter& Statement::parameter(int index) {
  if (index < 1) throw StoreError("SQL parameters are numbered from 1");
  if (parameters_.size() < static_cast<std::size_t>(index)) parameters_.resize(index);
  return parameters_[index - 1];
}

Statement& Statement::bind(int index, std::int64_t value) {
  parameter(index) = {kInt8, std::to_string(value), false};
  return *this;
}
Statement& Statement::bind(int index, double value) {
  parameter(index) = {kFloat8, double_text(value), false};
  return *this;
}
Statement& Statement::bind(int index, std::string_view value) {
  // PostgreSQL text cannot hold NUL, and libpq would cut the value there: refuse, never shorten.
  if (value.find('\0') != std::string_view::npos) {
    throw StoreError("text parameter " + std::to_string(index) +
                     " holds a NUL character, which PostgreSQL text cannot store");
  }
  parameter(index) = {kText, std::string(value), false};
  return *this;
}
Statement& Statement::bind_null(int index) {
  parameter(index) = {0, std::nullopt, false};
  return *this;
}
Statement& Statement::bind_blob(int index, std::string_view bytes) {
  parameter(index) = {kBytea, std::string(bytes), true};
  return *this;
}
Statement& Statement::bind_bytes(int index, const std::optional<std::string>& bytes) {
  if (bytes) return bind_blob(index, std::string_view(*bytes));
  parameter(index) = {kBytea, std::nullopt, true};
  return *this;
}
Statement& Statement::bind(int index, const std::optional<std::string>& value) {
  if (value) return bind(index, std::string_view(*value));
  parameter(index) = {kText, std::nullopt, false};
  return *this;
}
Statement& Statement::bind(int index, const std::optional<double>& value) {
  if (value) return bind(index, *value);
  parameter(index) = {kFloat8, std::nullopt, false};
  return *this;
}
Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
  if (value) return bind(index, *value);
  parameter(index) = {kInt8, std::nullopt, false};
  return *this;
}

// Prepares on first use per SQL text and parameter types (a statement name per connection), then
// runs the prepared statement; text in and out, except bytea parameters, sent as binary. A
// parameter never bound is NULL, as in SQLite.
void Statement::execute() {
  auto numbered_entry = connection_.numbered_.find(sql_);
  if (numbered_entry == connection_.numbered_.end()) {
    numbered_entry = connection_.numbered_.emplace(sql_, number_parameters(sql_)).first;
  }
  const NumberedStatement& numbered = numbered_entry->second;
  if (static_cast<int>(parameters_.size()) > numbered.parameter_count) {
    throw StoreError("SQL statement takes " + std::to_string(numbered.parameter_count) +
                     " parameters, " + std::to_string(parameters_.size()) + " bound");
  }
  parameters_.resize(numbered.parameter_count);
  const std::size_t count = numbered.sqlite_numbers.size();
  std::vector<Oid> types(count);
  std::vector<const char*> values(count);
  std::vector<int> lengths(count);
  std::vector<int> formats(count);
  std::string key = sql_;
  for (std::size_t i = 0; i < count; ++i) {
    const Parameter& p = parameters_[numbered.sqlite_numbers[i] - 1];
    types[i] = p.type;
    values[i] = p.value ? p.value->data() : nullptr;
    lengths[i] = p.value ? static_cast<int>(p.value->size()) : 0;
    formats[i] = p.binary ? 1 : 0;
    key += '\x1f' + std::to_string(p.type);
  }
  PGconn* db = connection_.connection_;
  auto [entry, is_new] = connection_.prepared_.try_emplace(
      key, "plasticity_" + std::to_string(connection_.prepared_.size()));
  if (is_new) {
    Result prepared{PQprepare(db, entry->second.c_str(), numbered.sql.c_str(),
                              static_cast<int>(count), types.data()),
                    clear_result};
    try {
      check(prepared, db, "PostgreSQL prepare");
    } catch (...) {
      connection_.prepared_.erase(entry);
      throw;
    }
  }
  if (connection_.observer_) (*connection_.observer_)(numbered.sql, types);
  result_.reset(PQexecPrepared(db, entry->second.c_str(), static_cast<int>(count), values.data(),
                               lengths.data(), formats.data(), 0));
  check(result_, db, "PostgreSQL");
  row_ = -1;
}

void Connection::stream(std::string_view sql, const std::function<void(const BinaryRow&)>& row) {
  const std::string text{sql};
  if (PQsendQueryParams(connection_, text.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1) == 0 ||
      PQsetSingleRowMode(connection_) == 0) {
    throw StoreError(std::string("PostgreSQL: ") + PQerrorMessage(connection_));
  }
  // Every result must be read, even after a failure, before the connection takes another query.
  std::exception_ptr failure;
  BinaryRow cells;
  while (Result result{PQgetResult(connection_), clear_result}) {
    if (failure) continue;
    if (PQresultStatus(result.get()) == PGRES_SINGLE_TUPLE) {
      cells.assign(static_cast<std::size_t>(PQnfields(result.get())), std::nullopt);
      for (int c = 0; c < PQnfields(result.get()); ++c) {
        if (PQgetisnull(result.get(), 0, c)) continue;
        cells[static_cast<std::size_t>(c)] =
            std::string_view(PQgetvalue(result.get(), 0, c),
                             static_cast<std::size_t>(PQgetlength(result.get(), 0, c)));
      }
      try {
        row(cells);
      } catch (...) {
        failure = std::current_exception();
      }
      continue;
    }
    try {
      check(result, connection_, "PostgreSQL");
    } catch (...) {
      failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

bool Statement::step() {
  if (!result_) execute();
  if (row_ + 1 >= PQntuples(result_.get())) return false;
  ++row_;
  return true;
}

int Statement::run() {
  execute();
  const char* changed = PQcmdTuples(result_.get());
  return changed[0] == '\0' ? 0 : std::atoi(changed);
}

void Statement::reset() {
  result_.reset();
  row_ = -1;
}

const char* Statement::cell(int column) const {
  if (!result_ || row_ < 0 || column < 0 || column >= PQnfields(result_.get())) {
    throw StoreError("no column " + std::to_string(column) + " in the current row");
  }
  return PQgetvalue(result_.get(), row_, column);
}

bool Statement::is_null(int column) const {
  cell(column);
  return PQgetisnull(result_.get(), row_, column) != 0;
}

std::int64_t Statement::integer(int column) const {
  const char* text = cell(column);
  if (is_null(column)) return 0;
  if (std::strcmp(text, "t") == 0) return 1;  // boolean results read as SQLite's 0 and 1
  if (std::strcmp(text, "f") == 0) return 0;
  std::int64_t value = 0;
  const char* end = text + std::strlen(text);
  const auto [last, ec] = std::from_chars(text, end, value);
  if (ec != std::errc{} || last != end) {
    throw StoreError("column " + std::to_string(column) + " is not an integer: " + text);
  }
  return value;
}

double Statement::real(int column) const {
  const char* text = cell(column);
  if (is_null(column)) return 0;
  double value = 0;
  const char* end = text + std::strlen(text);
  const auto [last, ec] = std::from_chars(text, end, value);
  if (ec != std::errc{} || last != end) {
    throw StoreError("column " + std::to_string(column) + " is not a number: " + text);
  }
  return value;
}

std::string Statement::text(int column) const {
  const char* value = cell(column);
  return std::string(value, PQgetlength(result_.get(), row_, column));
}

std::string Statement::blob(int column) const {
  const char* escaped = cell(column);
  if (is_null(column)) return {};
  std::size_t length = 0;
  unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(escaped), &length);
  if (bytes == nullptr) throw StoreError("column " + std::to_string(column) + " is not bytea");
  std::string out(reinterpret_cast<const char*>(bytes), length);
  PQfreemem(bytes);
  return out;
}

Transaction::Transaction(Connection& connection, Isolation isolation) : connection_(connection) {
  switch (isolation) {
    case Isolation::read_committed:
      connection_.execute("BEGIN ISOLATION LEVEL READ COMMITTED");
      break;
    case Isolation::repeatable_read:
      connection_.execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
      break;
    case Isolation::serializable:
      connection_.execute("BEGIN ISOLATION LEVEL SERIALIZABLE");
      break;
  }
}

Transaction::~Transaction() {
  if (done_) return;
  try {
    connection_.execute("ROLLBACK");
  } catch (const StoreError&) {
    // The connection is gone; the server rolls back a transaction whose connection closed.
  }
}

void Transaction::commit() {
  connection_.execute("COMMIT");
  done_ = true;
}

}  // namespace plasticity::postgresql
