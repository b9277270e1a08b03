// Migration 14: vital readings sealed into compact blocks, unique within their session.
//
// A finished session's readings sealed into compact blocks (storage/vital_block.h): about 1.2
// bytes a reading instead of about 150 as rows. Blocks are never changed or deleted; a reading
// leaves vital_readings only once its session has a block (the sealing writes the block and
// deletes the rows in one transaction, after decoding the block and comparing it with them).
// Existing clinics are sealed in place in the background (server) or by `plasticity compact`,
// a few sessions a transaction: resumable, and no reading is ever in neither place.
//
// And a reading is the same reading when its session, device, kind and measurement time are the
// same: keyed by the device alone, two sessions whose monitors share a name at the same
// millisecond kept only one reading, silently. The old table is set aside whole here, still
// guarded; its rows then move to the new one as they are, a transaction at a time, so that a
// clinic of hundreds of millions of readings, interrupted, goes on where it stopped
// (sqlite/reading_move.h).
#pragma once

#include <string_view>

namespace plasticity::sqlite::schema {

inline constexpr std::string_view kSealedVitals = R"sql(
CREATE TABLE vital_blocks (
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  block INTEGER NOT NULL,
  readings INTEGER NOT NULL,
  first_at INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  data BLOB NOT NULL,
  sealed_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, block)
) STRICT;
CREATE TRIGGER vital_blocks_are_kept_update BEFORE UPDATE ON vital_blocks
BEGIN SELECT RAISE(ABORT, 'sealed vital readings are never changed'); END;
CREATE TRIGGER vital_blocks_are_kept_delete BEFORE DELETE ON vital_blocks
BEGIN SELECT RAISE(ABORT, 'sealed vital readings are never deleted'); END;

CREATE TABLE vital_readings_by_session (
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  device_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  measured_at INTEGER NOT NULL,
  value REAL NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, device_id, kind, measured_at)
) STRICT, WITHOUT ROWID;
DROP TRIGGER vital_readings_are_kept_update;
DROP TRIGGER vital_readings_are_kept_delete;
DROP INDEX vital_readings_session;
ALTER TABLE vital_readings RENAME TO vital_readings_to_move;
CREATE TRIGGER vital_readings_to_move_are_kept_update BEFORE UPDATE ON vital_readings_to_move
BEGIN SELECT RAISE(ABORT, 'vital readings are never changed'); END;
CREATE TRIGGER vital_readings_to_move_are_kept_delete BEFORE DELETE ON vital_readings_to_move
BEGIN SELECT RAISE(ABORT, 'vital readings are never deleted'); END;
-- The old key of the first reading not yet moved; no row until the first batch is across.
CREATE TABLE vital_readings_to_move_from (
  device_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  measured_at INTEGER NOT NULL
) STRICT;
ALTER TABLE vital_readings_by_session RENAME TO vital_readings;
CREATE INDEX vital_readings_session ON vital_readings(session_id, measured_at);
CREATE TRIGGER vital_readings_are_kept_update BEFORE UPDATE ON vital_readings
BEGIN SELECT RAISE(ABORT, 'vital readings are never changed'); END;
CREATE TRIGGER vital_readings_are_kept_delete BEFORE DELETE ON vital_readings
WHEN NOT EXISTS (SELECT 1 FROM vital_blocks WHERE session_id = OLD.session_id)
BEGIN SELECT RAISE(ABORT, 'vital readings are never deleted'); END;
)sql";

}  // namespace plasticity::sqlite::schema
