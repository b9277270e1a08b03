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
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/areas/session_store.h"
#include "storage/statements/audit_statements.h"
#include "storage/vital_block.h"

namespace plasticity::statements {

// Readings, and the latest of each kind, go in by up to this many rows a statement: on
// PostgreSQL one round trip carries them all, and the statement texts (one for each power of two
// up to it) are few enough to stay prepared.
inline constexpr std::size_t kRowsPerInsert = 64;
// The INSERT of `rows` readings at once (a power of two up to kRowsPerInsert), returning the key
// (session, device, kind, time) of each that was new.
const std::string& insert_readings_sql(std::size_t rows);
// The upsert of `rows` sessions' latest readings of a kind, each replacing an earlier one only.
const std::string& keep_latest_sql(std::size_t rows);
// What makes a reading the same reading, as one text.
std::string reading_key(std::string_view session_id, std::string_view device_id,
                        std::string_view kind, std::int64_t measured_at);
bool same_reading(const VitalReading& a, const VitalReading& b);

// Runs `sql(rows)` over `items`, up to kRowsPerInsert rows a statement, binding each item's six
// parameters with `bind(statement, first, item)` and handing each row returned to `returned`.
template <class Statement, class Connection, class Item, class Bind, class Returned>
void insert_rows(Connection& db, const std::string& (*sql)(std::size_t),
                 std::span<const Item> items, Bind&& bind, Returned&& returned) {
  while (!items.empty()) {
    const std::size_t rows = std::bit_floor(std::min(items.size(), kRowsPerInsert));
    Statement st{db, sql(rows)};
    for (std::size_t i = 0; i < rows; ++i) bind(st, static_cast<int>(i) * 6 + 1, items[i]);
    while (st.step()) returned(st);
    st.reset();  // a RETURNING statement is finished before the next one runs on SQLite
    items = items.subspan(rows);
  }
}

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

// A reading of a group of batches, with the batch it came in.
struct BatchReading {
  std::size_t batch;
  const std::string* session_id;
  const VitalReading* reading;
};

// Every reading of `batches` not stored before goes in, all batches' together; for each batch, the
// readings that were new, in the batch's order. A reading two batches carry counts for the first,
// as if the batches had been stored one after the other.
template <class Statement, class Connection>
std::vector<std::vector<const VitalReading*>> insert_new_readings(
    Connection& db, const std::vector<VitalsBatch>& batches) {
  std::unordered_map<std::string, BatchReading> first;  // by reading_key
  std::vector<BatchReading> candidates;
  for (std::size_t b = 0; b < batches.size(); ++b) {
    for (const auto& r : batches[b].readings) {
      const BatchReading candidate{b, &batches[b].session_id, &r};
      const std::string key = reading_key(batches[b].session_id, r.device_id, to_string(r.kind),
                                          r.measured_at.epoch_ms);
      if (first.try_emplace(key, candidate).second) candidates.push_back(candidate);
    }
  }
  std::vector<std::vector<const VitalReading*>> added(batches.size());
  insert_rows<Statement>(
      db, insert_readings_sql, std::span<const BatchReading>(candidates),
      [](Statement& st, int at, const BatchReading& c) {
        st.bind(at, *c.session_id).bind(at + 1, c.reading->device_id);
        st.bind(at + 2, std::string(to_string(c.reading->kind)));
        st.bind(at + 3, c.reading->measured_at.epoch_ms).bind(at + 4, c.reading->value);
        st.bind(at + 5, c.reading->received_at.epoch_ms);
      },
      [&](Statement& st) {
        const BatchReading& c =
            first.at(reading_key(st.text(0), st.text(1), st.text(2), st.integer(3)));
        added[c.batch].push_back(c.reading);
      });
  for (auto& readings : added) std::sort(readings.begin(), readings.end(), std::less<>{});
  return added;
}

// The nurse station's latest reading of each kind, kept as readings arrive (a later one only
// replaces an earlier one: a gateway may send an older queue after a newer reading).
template <class Statement, class Connection>
void keep_latest_readings(Connection& db, const std::vector<VitalsBatch>& batches,
                          const std::vector<std::vector<const VitalReading*>>& added) {
  std::map<std::pair<std::string, VitalKind>, BatchReading> latest;
  for (std::size_t b = 0; b < batches.size(); ++b) {
    for (const VitalReading* r : added[b]) {
      auto [kept, is_new] = latest.try_emplace({batches[b].session_id, r->kind},
                                               BatchReading{b, &batches[b].session_id, r});
      if (!is_new && kept->second.reading->measured_at.epoch_ms <= r->measured_at.epoch_ms) {
        kept->second.reading = r;
      }
    }
  }
  std::vector<BatchReading> rows;
  for (const auto& [key, r] : latest) rows.push_back(r);
  insert_rows<Statement>(
      db, keep_latest_sql, std::span<const BatchReading>(rows),
      [](Statement& st, int at, const BatchReading& c) {
        st.bind(at, *c.session_id).bind(at + 1, std::string(to_string(c.reading->kind)));
        st.bind(at + 2, c.reading->device_id).bind(at + 3, c.reading->measured_at.epoch_ms);
        st.bind(at + 4, c.reading->value).bind(at + 5, c.reading->received_at.epoch_ms);
      },
      [](Statement&) {});
}

// How many readings of each batch were new (see TreatmentSessionStore::record_vitals).
template <class Statement, class Connection>
std::vector<std::size_t> insert_vitals(Connection& db, const std::vector<VitalsBatch>& batches) {
  const auto added = insert_new_readings<Statement>(db, batches);
  keep_latest_readings<Statement>(db, batches, added);
  std::vector<std::size_t> counts;
  for (std::size_t b = 0; b < batches.size(); ++b) {
    if (batches[b].audit) insert_audit<Statement>(db, *batches[b].audit);
    counts.push_back(added[b].size());
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
