// The second half of migration 14 ("vital readings sealed into compact blocks, unique within
// their session"). The migration itself only sets the old readings table aside, whole, still
// guarded against change, as vital_readings_to_move; the readings then cross to the new table
// here, a transaction at a time, in the old table's key order. A five-year clinic holds hundreds
// of millions of readings: moved in one transaction, a stop after an hour would roll the whole
// hour back, and every later start would begin again from nothing. Here each batch commits with
// the old key of the first reading it left behind (vital_readings_to_move_from), so the next
// start goes on from there; the old table is dropped only once every reading is across.
#pragma once

#include <cstdint>

#include "storage/migration.h"
#include "storage/sqlite/sqlite_connection.h"

namespace plasticity::sqlite {

// Moves every reading still set aside, `per_transaction` at a time, then drops the old table;
// tells `report` (when given) of `migration` after each commit. Returns at once when nothing is
// set aside (a new clinic, or one moved long ago).
void move_set_aside_readings(Connection& db, const Migration& migration,
                             const MigrationReport& report, std::int64_t per_transaction);

}  // namespace plasticity::sqlite
