// Sealed vital signs in SQLite: a finished session's readings moved from rows into compact blocks
// (storage/vital_block.h), and a session's readings read back from both.
#include <algorithm>
#include <bit>

#include "storage/sqlite/sqlite_store.h"
#include "storage/vital_block.h"

namespace plasticity {

using sqlite::Connection;
using sqlite::read_readings;
using sqlite::Statement;

namespace {

// Every reading of a session as stored, by time, kind and device: its sealed blocks and its rows
// (a session imported after it was sealed may have both).
std::vector<VitalReading> stored_readings(Connection& db, const std::string& session_id,
                                          std::int64_t since) {
  std::vector<VitalReading> readings;
  Statement blocks{
      db,
      "SELECT data, session_id FROM vital_blocks WHERE session_id = ? AND last_at >= ? "
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

bool same_reading(const VitalReading& a, const VitalReading& b) {
  return a.device_id == b.device_id && a.kind == b.kind && a.measured_at == b.measured_at &&
         a.received_at == b.received_at &&
         std::bit_cast<std::uint64_t>(a.value) == std::bit_cast<std::uint64_t>(b.value);
}

// One session's rows into a new block, checked by decoding it before the rows go.
std::size_t seal_session(Connection& db, const std::string& session_id, UtcTime now) {
  Statement rows{db,
                 "SELECT device_id, kind, value, measured_at, received_at FROM vital_readings "
                 "WHERE session_id = ?"};
  rows.bind(1, session_id);
  std::vector<VitalReading> readings = read_readings(rows);
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

}  // namespace

std::vector<VitalReading> SqliteStore::session_vitals(const std::string& session_id,
                                                      std::optional<UtcTime> since) {
  return read(
      [&](Connection& db) { return stored_readings(db, session_id, since ? since->epoch_ms : 0); });
}

SealReport SqliteStore::seal_finished_vitals(std::size_t max_sessions, UtcTime now) {
  return write([&](Connection& db) {
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
    for (const auto& id : sessions) report.readings += seal_session(db, id, now);
    report.sessions = sessions.size();
    if (report.sessions > 0) {
      sqlite::insert_audit(
          db, AuditEntry{0, now, std::nullopt, "system", "system", "vitals.seal", "success",
                         std::nullopt, "", "local",
                         std::to_string(report.readings) + " readings of " +
                             std::to_string(report.sessions) + " finished sessions sealed"});
    }
    return report;
  });
}

}  // namespace plasticity
