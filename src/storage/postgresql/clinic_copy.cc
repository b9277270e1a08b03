#include "storage/postgresql/clinic_copy.h"

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <map>
#include <optional>
#include <set>

#include "storage/postgresql/pg_connection.h"
#include "storage/sqlite/sqlite_connection.h"

namespace plasticity::postgresql {
namespace {

// Each engine numbers its own migrations in this table: it is not the clinic's, and not copied.
constexpr std::string_view kMigrations = "schema_migrations";

enum class Kind { integer, real, text, bytes };

struct Column {
  std::string name;
  Kind kind;
  bool identity = false;  // numbered by PostgreSQL when a row gives none
};

struct Table {
  std::string name;
  std::vector<Column> columns;
};

std::string joined(const std::vector<Column>& columns) {
  std::string out;
  for (const Column& column : columns) {
    if (!out.empty()) out += ", ";
    out += column.name;
  }
  return out;
}

Kind kind_of(const std::string& type, const std::string& table, const std::string& column) {
  if (type == "bigint" || type == "integer" || type == "smallint") return Kind::integer;
  if (type == "double precision" || type == "real") return Kind::real;
  if (type == "text") return Kind::text;
  if (type == "bytea") return Kind::bytes;
  throw CopyRefused(table + "." + column + " is of type " + type +
                    " in PostgreSQL, which the copy does not know");
}

// The clinic's tables in PostgreSQL, each after the tables it refers to.
std::vector<std::string> tables_parents_first(Connection& target) {
  std::set<std::string> waiting;
  Statement names{target,
                  "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                  "current_schema() AND table_type = 'BASE TABLE' AND table_name <> ?"};
  names.bind(1, std::string(kMigrations));
  while (names.step()) waiting.insert(names.text(0));
  std::multimap<std::string, std::string> parents;  // child → parent
  Statement references{target,
                       "SELECT conrelid::regclass::text, confrelid::regclass::text FROM "
                       "pg_constraint WHERE contype = 'f' AND connamespace = "
                       "current_schema()::regnamespace"};
  while (references.step()) {
    if (references.text(0) != references.text(1)) {
      parents.emplace(references.text(0), references.text(1));
    }
  }
  std::vector<std::string> order;
  while (!waiting.empty()) {
    const auto ready = std::find_if(waiting.begin(), waiting.end(), [&](const std::string& t) {
      const auto [from, to] = parents.equal_range(t);
      return std::none_of(from, to, [&](const auto& edge) { return waiting.count(edge.second); });
    });
    if (ready == waiting.end()) {
      throw CopyRefused("the tables' references form a cycle, starting at " + *waiting.begin());
    }
    order.push_back(*ready);
    waiting.erase(ready);
  }
  return order;
}

// The tables SQLite keeps that PostgreSQL has no place for: virtual tables (patient search's FTS5
// index, which PostgreSQL's pg_trgm index replaces) and their shadow tables are derived from the
// clinic's rows, and are not copied; any other is refused by name.
void check_nothing_left_behind(sqlite::Connection& source, const std::vector<std::string>& tables) {
  std::vector<std::string> virtual_tables;
  sqlite::Statement found{source,
                          "SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%' FROM sqlite_schema "
                          "WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                          "ORDER BY sql LIKE 'CREATE VIRTUAL TABLE%' DESC"};
  while (found.step()) {
    const std::string name = found.text(0);
    if (found.integer(1) != 0) {
      virtual_tables.push_back(name);
      continue;
    }
    const bool shadow =
        std::any_of(virtual_tables.begin(), virtual_tables.end(),
                    [&](const std::string& v) { return name.starts_with(v + "_"); });
    if (shadow || name == kMigrations) continue;
    if (std::find(tables.begin(), tables.end(), name) == tables.end()) {
      throw CopyRefused("SQLite table " + name + " has no place in PostgreSQL");
    }
  }
}

// The table's columns, as both engines have them; refused when they differ.
Table describe(Connection& target, sqlite::Connection& source, const std::string& name) {
  Table table{name, {}};
  Statement columns{target,
                    "SELECT column_name, data_type, is_identity FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = ? AND is_generated = "
                    "'NEVER' ORDER BY ordinal_position"};
  columns.bind(1, name);
  while (columns.step()) {
    table.columns.push_back({columns.text(0), kind_of(columns.text(1), name, columns.text(0)),
                             columns.text(2) == "YES"});
  }
  std::set<std::string> in_sqlite;
  // hidden 0: an ordinary column (2 and 3 are generated ones, derived from the others).
  sqlite::Statement sqlite_columns{source,
                                   "SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0"};
  sqlite_columns.bind(1, name);
  while (sqlite_columns.step()) in_sqlite.insert(sqlite_columns.text(0));
  for (const Column& column : table.columns) {
    if (in_sqlite.erase(column.name) == 0) {
      throw CopyRefused(name + "." + column.name + " is in PostgreSQL but not in SQLite");
    }
  }
  if (!in_sqlite.empty()) {
    throw CopyRefused(name + "." + *in_sqlite.begin() + " is in SQLite but not in PostgreSQL");
  }
  return table;
}

// One value as both sides give it, whatever engine read it.
struct Cell {
  bool null = true;
  std::int64_t integer = 0;
  double real = 0;
  std::string bytes;  // text or bytea
};

// An order-free checksum of a table's rows: the sum of each row's BLAKE2b digest (libsodium), so
// that the two engines may hand the rows over in any order.
class TableChecksum {
 public:
  void add(const std::vector<Cell>& row, const std::vector<Column>& columns) {
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, kDigest);
    for (std::size_t c = 0; c < row.size(); ++c) {
      const Cell& cell = row[c];
      unsigned char tag = 'n';
      std::string value;
      if (!cell.null) {
        switch (columns[c].kind) {
          case Kind::integer:
            tag = 'i';
            value = std::to_string(cell.integer);
            break;
          case Kind::real:
            tag = 'r';
            value = std::to_string(std::bit_cast<std::uint64_t>(cell.real));
            break;
          case Kind::text:
          case Kind::bytes:
            tag = 's';
            value = cell.bytes;
            break;
        }
      }
      const std::uint64_t length = value.size();
      crypto_generichash_update(&state, &tag, 1);
      crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&length),
                                sizeof length);
      crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(value.data()),
                                value.size());
    }
    unsigned char digest[kDigest];
    crypto_generichash_final(&state, digest, kDigest);
    std::uint64_t halves[2];
    std::memcpy(halves, digest, sizeof halves);
    sum_[0] += halves[0];
    sum_[1] += halves[1];
    ++rows_;
  }
  std::int64_t rows() const { return rows_; }
  std::string hex() const {
    char text[33];
    std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(sum_[1]),
                  static_cast<unsigned long long>(sum_[0]));
    return text;
  }
  bool operator==(const TableChecksum& other) const {
    return rows_ == other.rows_ && sum_[0] == other.sum_[0] && sum_[1] == other.sum_[1];
  }

 private:
  static constexpr std::size_t kDigest = 16;
  std::uint64_t sum_[2] = {0, 0};
  std::int64_t rows_ = 0;
};

// A value of SQLite's row as its PostgreSQL column will keep it; refused when SQLite holds
// another type, which a copy would have to change.
Cell read_sqlite(const sqlite::Statement& row, int c, const Table& table, std::int64_t row_number) {
  Cell cell;
  const int held = row.storage_class(c);
  if (held == SQLITE_NULL) return cell;
  cell.null = false;
  const Column& column = table.columns[static_cast<std::size_t>(c)];
  const bool fits =
      (column.kind == Kind::integer && held == SQLITE_INTEGER) ||
      (column.kind == Kind::real && (held == SQLITE_FLOAT || held == SQLITE_INTEGER)) ||
      (column.kind == Kind::text && held == SQLITE_TEXT) ||
      (column.kind == Kind::bytes && held == SQLITE_BLOB);
  if (!fits) {
    throw CopyRefused(table.name + "." + column.name + " of SQLite's row " +
                      std::to_string(row_number) +
                      " (counted from 1, unordered) is not of the "
                      "type PostgreSQL keeps there; nothing was copied");
  }
  switch (column.kind) {
    case Kind::integer:
      cell.integer = row.integer(c);
      break;
    case Kind::real:
      cell.real = row.real(c);
      break;
    case Kind::text:
      cell.bytes = row.text(c);
      break;
    case Kind::bytes:
      cell.bytes = row.blob(c);
      break;
  }
  return cell;
}

// A value of PostgreSQL's binary row (the read-back casts integers to bigint, reals to double).
Cell read_binary(const std::optional<std::string_view>& value, Kind kind) {
  Cell cell;
  if (!value) return cell;
  cell.null = false;
  std::uint64_t big_endian = 0;
  switch (kind) {
    case Kind::integer:
    case Kind::real:
      if (value->size() != sizeof big_endian) throw StoreError("a number of unexpected size");
      for (const char byte : *value) {
        big_endian = (big_endian << 8) | static_cast<unsigned char>(byte);
      }
      if (kind == Kind::integer) {
        cell.integer = static_cast<std::int64_t>(big_endian);
      } else {
        cell.real = std::bit_cast<double>(big_endian);
      }
      break;
    case Kind::text:
    case Kind::bytes:
      cell.bytes = std::string(*value);
      break;
  }
  return cell;
}

// NULLs of the column's type, so that every batch of a size is one prepared statement.
void bind(Statement& insert, int index, const Cell& cell, Kind kind) {
  switch (kind) {
    case Kind::integer:
      insert.bind(index, cell.null ? std::nullopt : std::optional(cell.integer));
      break;
    case Kind::real:
      insert.bind(index, cell.null ? std::nullopt : std::optional(cell.real));
      break;
    case Kind::text:
      insert.bind(index, cell.null ? std::nullopt : std::optional(cell.bytes));
      break;
    case Kind::bytes:
      insert.bind_bytes(index, cell.null ? std::nullopt : std::optional(cell.bytes));
      break;
  }
}

// Multi-row INSERTs: at most this many rows, this many parameters (PostgreSQL takes 65,535) and
// about this many bytes of values at once.
constexpr std::size_t kRowsPerInsert = 512;
constexpr std::size_t kParametersPerInsert = 30'000;
constexpr std::size_t kBytesPerInsert = 8u << 20;

// In chunks of a power of two rows: a few statements a table for PostgreSQL to prepare.
void insert_rows(Connection& target, const Table& table,
                 const std::vector<std::vector<Cell>>& rows) {
  std::string row_marks = "(";
  for (std::size_t c = 0; c < table.columns.size(); ++c) row_marks += c == 0 ? "?" : ", ?";
  row_marks += ")";
  const std::string into = "INSERT INTO " + table.name + " (" + joined(table.columns) + ") VALUES ";
  for (std::size_t done = 0; done < rows.size();) {
    const std::size_t chunk = std::bit_floor(rows.size() - done);
    std::string sql = into;
    for (std::size_t r = 0; r < chunk; ++r) sql += (r == 0 ? "" : ", ") + row_marks;
    Statement insert{target, sql};
    int index = 1;
    for (std::size_t r = done; r < done + chunk; ++r) {
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        bind(insert, index++, rows[r][c], table.columns[c].kind);
      }
    }
    insert.run();
    done += chunk;
  }
}

std::int64_t count_rows(sqlite::Connection& source, const std::string& table) {
  sqlite::Statement count{source, "SELECT count(*) FROM " + table};
  count.step();
  return count.integer(0);
}

TableChecksum copy_rows(sqlite::Connection& source, Connection& target, const Table& table,
                        const CopyProgress& progress) {
  const std::int64_t total = count_rows(source, table.name);
  const std::size_t rows_per_insert = std::max<std::size_t>(
      1, std::min(kRowsPerInsert, kParametersPerInsert / table.columns.size()));
  TableChecksum read;
  std::vector<std::vector<Cell>> batch;
  std::size_t batch_bytes = 0;
  sqlite::Statement rows{source, "SELECT " + joined(table.columns) + " FROM " + table.name};
  const int columns = static_cast<int>(table.columns.size());
  const auto flush = [&] {
    insert_rows(target, table, batch);
    batch.clear();
    batch_bytes = 0;
    if (progress) progress(table.name, read.rows(), total);
  };
  while (rows.step()) {
    std::vector<Cell> row;
    row.reserve(table.columns.size());
    for (int c = 0; c < columns; ++c) {
      row.push_back(read_sqlite(rows, c, table, read.rows() + 1));
      batch_bytes += row.back().bytes.size() + sizeof(Cell);
    }
    read.add(row, table.columns);
    batch.push_back(std::move(row));
    if (batch.size() == rows_per_insert || batch_bytes >= kBytesPerInsert) flush();
  }
  flush();
  return read;
}

TableChecksum read_back(Connection& target, const Table& table) {
  std::string select;
  for (const Column& column : table.columns) {
    select += select.empty() ? "" : ", ";
    select += column.name;
    if (column.kind == Kind::integer) select += "::bigint";
    if (column.kind == Kind::real) select += "::double precision";
  }
  TableChecksum stored;
  target.stream("SELECT " + select + " FROM " + table.name, [&](const Connection::BinaryRow& row) {
    std::vector<Cell> cells;
    cells.reserve(row.size());
    for (std::size_t c = 0; c < row.size(); ++c) {
      cells.push_back(read_binary(row[c], table.columns[c].kind));
    }
    stored.add(cells, table.columns);
  });
  return stored;
}

// PostgreSQL numbers the next row of an identity column after the rows copied with theirs.
void continue_numbering(Connection& target, const Table& table) {
  for (const Column& column : table.columns) {
    if (!column.identity) continue;
    Statement next{target, "SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT max(" +
                               column.name + ") FROM " + table.name + "), 0) + 1, false)"};
    next.bind(1, table.name).bind(2, column.name);
    next.step();
  }
}

}  // namespace

std::vector<TableCopy> copy_clinic(const std::filesystem::path& sqlite_file,
                                   const DatabaseUrl& target_url, const CopyProgress& progress) {
  if (sodium_init() < 0) throw StoreError("libsodium could not start");
  sqlite::Connection source{sqlite_file};
  sqlite::ReadSnapshot snapshot{source};
  // A big table's read-back is one long statement.
  Connection target{target_url, std::chrono::hours(24)};
  Transaction transaction{target};
  // No other copy or writer in the meantime: the target must stay empty until this commits.
  target.execute("LOCK TABLE audit_log IN EXCLUSIVE MODE");
  const std::vector<std::string> names = tables_parents_first(target);
  check_nothing_left_behind(source, names);
  std::vector<Table> tables;
  for (const std::string& name : names) {
    tables.push_back(describe(target, source, name));
    Statement rows{target, "SELECT EXISTS (SELECT 1 FROM " + name + ")"};
    rows.step();
    if (rows.text(0) == "t") {
      throw CopyRefused("the target database is not empty (" + name +
                        " has rows): copy into a new database");
    }
  }
  std::vector<TableCopy> copied;
  for (const Table& table : tables) {
    const TableChecksum read = copy_rows(source, target, table, progress);
    const TableChecksum stored = read_back(target, table);
    if (!(stored == read)) {
      throw CopyRefused(table.name + ": PostgreSQL holds " + std::to_string(stored.rows()) +
                        " rows with checksum " + stored.hex() + ", SQLite gave " +
                        std::to_string(read.rows()) + " with " + read.hex() +
                        "; nothing was committed");
    }
    continue_numbering(target, table);
    copied.push_back({table.name, read.rows(), read.hex()});
  }
  transaction.commit();
  return copied;
}

}  // namespace plasticity::postgresql
