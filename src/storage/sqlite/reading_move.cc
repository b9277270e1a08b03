#include "storage/sqlite/reading_move.h"

#include <chrono>
#include <optional>
#include <string>

namespace plasticity::sqlite {
namespace {

constexpr std::string_view kColumns =
    "session_id, device_id, kind, measured_at, value, received_at";

bool readings_set_aside(Connection& db) {
  Statement table{db,
                  "SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                  "name = 'vital_readings_to_move'"};
  return table.step();
}

// A reading's key in the old layout. A batch runs from one key (the first reading not yet moved;
// none before the first batch) to just before the next batch's first.
struct OldKey {
  std::string device_id, kind;
  std::int64_t measured_at;

  static std::optional<OldKey> read(Statement& row) {
    if (!row.step()) return std::nullopt;
    return OldKey{row.text(0), row.text(1), row.integer(2)};
  }
  int bind(Statement& statement, int first) const {
    statement.bind(first, device_id).bind(first + 1, kind).bind(first + 2, measured_at);
    return first + 3;
  }
};

std::optional<OldKey> move_from(Connection& db) {
  Statement from{db, "SELECT device_id, kind, measured_at FROM vital_readings_to_move_from"};
  return OldKey::read(from);
}

// The readings from `from` (the first when none) to before `to` (the last when none): a range of
// the old table's primary key, walked, never scanned. Binds from parameter 1 on; returns the next.
struct KeyRange {
  std::optional<OldKey> from, to;

  std::string where() const {
    std::string sql;
    if (from) sql += " WHERE (device_id, kind, measured_at) >= (?, ?, ?)";
    if (to)
      sql += std::string(from ? " AND" : " WHERE") + " (device_id, kind, measured_at) < (?, ?, ?)";
    return sql;
  }
  int bind(Statement& statement) const {
    int next = 1;
    if (from) next = from->bind(statement, next);
    if (to) next = to->bind(statement, next);
    return next;
  }
};

std::int64_t readings_left(Connection& db, const std::optional<OldKey>& from) {
  const KeyRange left{from, std::nullopt};
  Statement count{db, "SELECT count(*) FROM vital_readings_to_move" + left.where()};
  left.bind(count);
  count.step();
  return count.integer(0);
}

// The first reading after the batch that starts at `from`; none when the batch is all that is left.
std::optional<OldKey> next_batch_from(Connection& db, const std::optional<OldKey>& from,
                                      std::int64_t per_transaction) {
  const KeyRange rest{from, std::nullopt};
  Statement next{db, "SELECT device_id, kind, measured_at FROM vital_readings_to_move" +
                         rest.where() + " ORDER BY device_id, kind, measured_at LIMIT 1 OFFSET ?"};
  next.bind(rest.bind(next), per_transaction);
  return OldKey::read(next);
}

// Copies the batch into the new table and remembers where the next one starts; returns its size.
std::int64_t move_batch(Connection& db, const KeyRange& batch) {
  Statement copy{db, "INSERT INTO vital_readings (" + std::string(kColumns) + ") SELECT " +
                         std::string(kColumns) + " FROM vital_readings_to_move" + batch.where()};
  batch.bind(copy);
  const std::int64_t copied = copy.run();
  db.execute("DELETE FROM vital_readings_to_move_from");
  if (batch.to) {
    Statement remember{db,
                       "INSERT INTO vital_readings_to_move_from (device_id, kind, measured_at) "
                       "VALUES (?, ?, ?)"};
    batch.to->bind(remember, 1);
    remember.run();
  }
  return copied;
}

}  // namespace

void move_set_aside_readings(Connection& db, const Migration& migration,
                             const MigrationReport& report, std::int64_t per_transaction) {
  if (!readings_set_aside(db)) return;
  const auto started = std::chrono::steady_clock::now();
  const std::int64_t to_move = readings_left(db, move_from(db));
  std::int64_t moved = 0;
  for (bool last_batch = false; !last_batch;) {
    Transaction transaction{db};
    const auto from = move_from(db);
    const auto to = next_batch_from(db, from, per_transaction);
    moved += move_batch(db, {from, to});
    last_batch = !to.has_value();
    if (last_batch) {
      db.execute("DROP TABLE vital_readings_to_move; DROP TABLE vital_readings_to_move_from");
    }
    transaction.commit();
    if (report) {
      report(migration, MigrationStage::moving,
             {std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started),
              moved, to_move});
    }
  }
}

}  // namespace plasticity::sqlite
