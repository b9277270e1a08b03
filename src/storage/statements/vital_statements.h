// Vital signs: readings as they arrive, the latest of each kind for the nurse station, and a
// finished session's readings sealed into compact blocks (storage/vital_block.h). The statements,
// written once for both engines (see audit_statements.h); each runs inside the caller's
// transaction.
#pragma once

#include <algorithm>
#include <bit>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "storage/areas/session_store.h"
#include "storage/statements/audit_statements.h"
#include "storage/vital_block.h"

namespace plasticity::statements {

// The INSERT of `rows` readings at once (a power of two up to kReadingsPerInsert), returning
// those that were new.
const std::string& insert_readings_sql(std::size_t rows);
// Readings go in by up to this many a statement: on PostgreSQL one round trip carries them all,
// and the statement texts (one for each power of two up to it) are few enough to stay prepared.
inline constexpr std::size_t kReadingsPerInsert = 64;
bool same_reading(const VitalReading& a, const VitalReading& b);

// Rows of (device_id, kind, value, measured_at, received_at) as readings; unknown kinds skipped.
template <class Statement>
std::vector<VitalReading> read_readings(Statement& st) {
  std::vector<VitalReading> readings;
  while (st.step()) {
    const auto kind = parse_vital_kind(st.text(1));
    if (!kind) continue;
    readings.push_back(
        {st.text(0), *kind, st.real(2), UtcTime{st.integer(3)}, UtcTime{st.integer(4)}});
  }
  return readings;
}

// The readings of `readings` that were not stored before (same session, device, kind and time),
// as stored now.
template <class Statement, class Connection>
std::vector<VitalReading> insert_new_readings(Connection& db, const std::string& session_id,
                                              std::span<const VitalReading> readings) {
  std::vector<VitalReading> added;
  while (!readings.empty()) {
    const std::size_t rows = std::bit_floor(std::min(readings.size(), kReadingsPerInsert));
    Statement st{db, insert_readings_sql(rows)};
    for (std::size_t i = 0; i < rows; ++i) {
      const VitalReading& r = readings[i];
      const int first = static_cast<int>(i) * 6 + 1;
      st.bind(first, session_id).bind(first + 1, r.device_id);
      st.bind(first + 2, std::string(to_string(r.kind))).bind(first + 3, r.measured_at.epoch_ms);
      st.bind(first + 4, r.value).bind(first + 5, r.received_at.epoch_ms);
    }
    for (auto& r : read_readings(st)) added.push_back(std::move(r));
    st.reset();  // a RETURNING statement is finished before the next one runs on SQLite
    readings = readings.subspan(rows);
  }
  return added;
}

// The nurse station's latest reading of each kind, kept as readings arrive (a later one only
// replaces an earlier one: a gateway may send an older queue after a newer reading).
template <class Statement, class Connection>
void keep_latest_readings(Connection& db, const std::string& session_id,
                          const std::vector<VitalReading>& added) {
  std::map<VitalKind, const VitalReading*> latest;
  for (const auto& r : added) {
    const VitalReading*& kept = latest[r.kind];
    if (!kept || kept->measured_at.epoch_ms <= r.measured_at.epoch_ms) kept = &r;
  }
  Statement st{db,
               "INSERT INTO session_latest_vitals (session_id, kind, device_id, measured_at, "
               "value, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, kind) DO "
               "UPDATE SET device_id = excluded.device_id, measured_at = excluded.measured_at, "
               "value = excluded.value, received_at = excluded.received_at "
               "WHERE excluded.measured_at >= session_latest_vitals.measured_at"};
  for (const auto& [kind, r] : latest) {
    st.reset();
    st.bind(1, session_id).bind(2, std::string(to_string(kind))).bind(3, r->device_id);
    st.bind(4, r->measured_at.epoch_ms).bind(5, r->value).bind(6, r->received_at.epoch_ms).run();
  }
}

// How many readings of each batch were new (see TreatmentSessionStore::record_vitals).
template <class Statement, class Connection>
std::vector<std::size_t> insert_vitals(Connection& db, const std::vector<VitalsBatch>& batches) {
  std::vector<std::size_t> counts;
  counts.reserve(batches.size());
  for (const VitalsBatch& batch : batches) {
    const auto added = insert_new_readings<Statement>(db, batch.session_id, batch.readings);
    keep_latest_readings<Statement>(db, batch.session_id, added);
    if (batch.audit) insert_audit<Statement>(db, *batch.audit);
    counts.push_back(added.size());
  }
  return counts;
}

template <class Statement, class Connection>
std::vector<VitalReading> latest_session_vitals(Connection& db, const std::string& session_id) {
  Statement st{db,
               "SELECT device_id, kind, value, measured_at, received_at FROM "
               "session_latest_vitals WHERE session_id = ? ORDER BY kind"};
  st.bind(1, session_id);
  return read_readings(st);
}

// Every reading of a session as stored, by time, kind and device: its sealed blocks and its rows
// (a session imported after it was sealed may have both).
template <class Statement, class Connection>
std::vector<VitalReading> stored_readings(Connection& db, const std::string& session_id,
                                          std::int64_t since) {
  std::vector<VitalReading> readings;
  Statement blocks{db,
                   "SELECT data FROM vital_blocks WHERE session_id = ? AND last_at >= ? "
                   "ORDER BY block"};
  blocks.bind(1, session_id).bind(2, since);
  while (blocks.step()) {
    try {
      for (auto& r : decode_vital_block(blocks.blob(0))) {
        if (r.measured_at.epoch_ms >= since) readings.push_back(std::move(r));
      }
    } catch (const std::runtime_error& error) {
      throw StoreError("session " + session_id + ": " + error.what());
    }
  }
  Statement rows{db,
                 "SELECT device_id, kind, value, measured_at, received_at FROM vital_readings "
                 "WHERE session_id = ? AND measured_at >= ?"};
  rows.bind(1, session_id).bind(2, since);
  for (auto& r : read_readings(rows)) readings.push_back(std::move(r));
  sort_for_block(readings);  // one order whether sealed or not
  return readings;
}

// One session's rows into a new block, checked by decoding it before the rows go.
template <class Statement, class Connection>
std::size_t seal_session(Connection& db, const std::string& session_id, UtcTime now) {
  Statement rows{db,
                 "SELECT device_id, kind, value, measured_at, received_at FROM vital_readings "
                 "WHERE session_id = ?"};
  rows.bind(1, session_id);
  std::vector<VitalReading> readings = read_readings(rows);
  if (readings.empty()) return 0;  // sealed meanwhile by another process
  sort_for_block(readings);
  const std::string block = encode_vital_block(readings);
  const auto back = decode_vital_block(block);
  if (!std::equal(back.begin(), back.end(), readings.begin(), readings.end(), same_reading)) {
    throw StoreError("session " + session_id + ": a sealed block did not decode to its readings");
  }
  Statement{db,
            "INSERT INTO vital_blocks (session_id, block, readings, first_at, last_at, data, "
            "sealed_at) VALUES (?1, (SELECT coalesce(max(block) + 1, 0) FROM vital_blocks WHERE "
            "session_id = ?1), ?2, ?3, ?4, ?5, ?6)"}
      .bind(1, session_id)
      .bind(2, static_cast<std::int64_t>(readings.size()))
      .bind(3, readings.front().measured_at.epoch_ms)
      .bind(4, readings.back().measured_at.epoch_ms)
      .bind_blob(5, block)
      .bind(6, now.epoch_ms)
      .run();
  const int deleted =
      Statement{db, "DELETE FROM vital_readings WHERE session_id = ?"}.bind(1, session_id).run();
  if (static_cast<std::size_t>(deleted) != readings.size()) {
    throw StoreError("session " + session_id + ": sealing moved a different number of readings");
  }
  return readings.size();
}

// Up to `max_sessions` finished sessions' readings sealed, with an audit entry when any were.
template <class Statement, class Connection>
SealReport seal_finished_vitals(Connection& db, std::size_t max_sessions, UtcTime now) {
  Statement due{db,
                "SELECT id FROM treatment_sessions WHERE phase IN ('discharged', 'aborted') "
                "AND EXISTS (SELECT 1 FROM vital_readings r WHERE r.session_id = "
                "treatment_sessions.id) LIMIT ?"};
  due.bind(1, static_cast<std::int64_t>(max_sessions) + 1);
  std::vector<std::string> sessions;
  while (due.step()) sessions.push_back(due.text(0));
  SealReport report;
  report.more = sessions.size() > max_sessions;
  if (report.more) sessions.pop_back();
  for (const auto& id : sessions) report.readings += seal_session<Statement>(db, id, now);
  report.sessions = sessions.size();
  if (report.sessions > 0) {
    insert_audit<Statement>(
        db, AuditEntry{0, now, std::nullopt, "system", "system", "vitals.seal", "success",
                       std::nullopt, "", "local",
                       std::to_string(report.readings) + " readings of " +
                           std::to_string(report.sessions) + " finished sessions sealed"});
  }
  return report;
}

}  // namespace plasticity::statements
