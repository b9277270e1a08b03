// Migration 16: the order of a session's checklist and events kept in columns.
//
// The order of a session's checklist entries and events kept in a column, for the same reason:
// existing ones keep theirs (rowid grows with every insert), new ones take the next position in
// their session. Events are never changed, so their guard steps aside for the copy.
#pragma once

#include <string_view>

namespace plasticity::sqlite::schema {

inline constexpr std::string_view kSessionRecordPositions = R"sql(
ALTER TABLE session_checklist ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE session_checklist SET position = rowid;
DROP INDEX session_checklist_session;
CREATE UNIQUE INDEX session_checklist_order ON session_checklist(session_id, position);
DROP TRIGGER session_events_are_kept_update;
ALTER TABLE session_events ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE session_events SET position = rowid;
CREATE TRIGGER session_events_are_kept_update BEFORE UPDATE ON session_events
BEGIN SELECT RAISE(ABORT, 'session events are never changed'); END;
CREATE UNIQUE INDEX session_events_order ON session_events(session_id, position);
)sql";

}  // namespace plasticity::sqlite::schema
