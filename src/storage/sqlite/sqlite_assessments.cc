// Assessments (answers, scores, flags), self-report links and alerts in SQLite.
#include "storage/sqlite/sqlite_store.h"

namespace plasticity {

using sqlite::Connection;
using sqlite::Statement;

namespace {

std::string join(const std::vector<std::string>& values) {
  std::string joined;
  for (const auto& value : values) joined += (joined.empty() ? "" : ",") + value;
  return joined;
}

std::vector<std::string> split(const std::string& joined) {
  std::vector<std::string> values;
  std::size_t start = 0;
  while (start <= joined.size() && !joined.empty()) {
    const std::size_t comma = std::min(joined.find(',', start), joined.size());
    values.push_back(joined.substr(start, comma - start));
    start = comma + 1;
  }
  return values;
}

}  // namespace

void sqlite::insert_assessment(Connection& db, const AssessmentRecord& a) {
  Statement st{
      db,
      "INSERT INTO assessments (id, patient_id, instrument_id, instrument_version, "
      "administered_at, source, recorded_by, link_id, total, severity, complete, "
      "provisional_diagnosis, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"};
  st.bind(1, a.id).bind(2, a.patient_id).bind(3, a.instrument_id).bind(4, a.instrument_version);
  st.bind(5, a.administered_at.epoch_ms)
      .bind(6, a.source)
      .bind(7, a.recorded_by)
      .bind(8, a.link_id);
  st.bind(9, a.score.total ? std::optional<std::int64_t>(*a.score.total) : std::nullopt);
  st.bind(10, a.score.severity).bind(11, std::int64_t{a.score.complete});
  st.bind(12, a.score.provisional_diagnosis
                  ? std::optional<std::int64_t>(*a.score.provisional_diagnosis)
                  : std::nullopt);
  st.bind(13, a.recorded_at.epoch_ms).run();

  Statement answer{
      db, "INSERT INTO assessment_answers (assessment_id, item_id, score) VALUES (?, ?, ?)"};
  for (const auto& [item, score] : a.answers) {
    answer.reset();
    answer.bind(1, a.id).bind(2, item).bind(3, std::int64_t{score}).run();
  }
  Statement subscale{
      db, "INSERT INTO assessment_subscales (assessment_id, subscale, value) VALUES (?, ?, ?)"};
  for (const auto& [name, value] : a.score.subscales) {
    subscale.reset();
    subscale.bind(1, a.id).bind(2, name);
    subscale.bind(3, value ? std::optional<std::int64_t>(*value) : std::nullopt).run();
  }
  Statement flag{db, "INSERT INTO assessment_flags (assessment_id, flag) VALUES (?, ?)"};
  for (const auto& name : a.score.flags) {
    flag.reset();
    flag.bind(1, a.id).bind(2, name).run();
  }
}

void sqlite::insert_alert(Connection& db, const AlertRecord& alert) {
  Statement{db,
            "INSERT INTO alerts (id, patient_id, assessment_id, kind, message, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)"}
      .bind(1, alert.id)
      .bind(2, alert.patient_id)
      .bind(3, alert.assessment_id)
      .bind(4, alert.kind)
      .bind(5, alert.message)
      .bind(6, alert.created_at.epoch_ms)
      .run();
}

namespace {

bool patient_exists(Connection& db, const std::string& patient_id) {
  Statement st{db, "SELECT 1 FROM patients WHERE id = ?"};
  st.bind(1, patient_id);
  return st.step();
}

// Fills answers, subscales and flags of `a` from their tables.
void read_assessment_details(Connection& db, AssessmentRecord& a) {
  Statement answers{db, "SELECT item_id, score FROM assessment_answers WHERE assessment_id = ?"};
  answers.bind(1, a.id);
  while (answers.step()) a.answers[answers.text(0)] = static_cast<int>(answers.integer(1));
  Statement subscales{db,
                      "SELECT subscale, value FROM assessment_subscales WHERE assessment_id = ?"};
  subscales.bind(1, a.id);
  while (subscales.step()) {
    const auto value = subscales.optional_integer(1);
    a.score.subscales[subscales.text(0)] =
        value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
  }
  Statement flags{db, "SELECT flag FROM assessment_flags WHERE assessment_id = ? ORDER BY rowid"};
  flags.bind(1, a.id);
  while (flags.step()) a.score.flags.push_back(flags.text(0));
}

template <class Bind>
std::vector<AlertRecord> select_alerts(Connection& db, const std::string& where, Bind&& bind) {
  Statement st{db,
               "SELECT a.id, a.patient_id, a.assessment_id, a.kind, a.message, a.created_at, "
               "a.acknowledged_by, coalesce(s.username, ''), a.acknowledged_at, a.note "
               "FROM alerts a LEFT JOIN staff s ON s.id = a.acknowledged_by WHERE " +
                   where + " ORDER BY a.created_at DESC, a.id"};
  bind(st);
  std::vector<AlertRecord> result;
  while (st.step()) {
    AlertRecord alert{st.text(0),          st.text(1),
                      st.optional_text(2), st.text(3),
                      st.text(4),          UtcTime{st.integer(5)},
                      !st.is_null(8),      st.optional_integer(6),
                      st.text(7),          std::nullopt,
                      st.text(9)};
    if (auto at = st.optional_integer(8)) alert.acknowledged_at = UtcTime{*at};
    result.push_back(std::move(alert));
  }
  return result;
}

}  // namespace

AssessmentWriteStatus SqliteStore::record_assessments(
    const std::vector<AssessmentRecord>& assessments, const std::vector<AlertRecord>& alerts,
    const std::optional<std::string>& link_id, UtcTime at, const AuditEntry& audit) {
  return write([&](Connection& db) {
    if (link_id) {
      Statement spend{db,
                      "UPDATE assessment_links SET used_at = ? WHERE id = ? AND used_at IS NULL"};
      if (spend.bind(1, at.epoch_ms).bind(2, *link_id).run() != 1) {
        return AssessmentWriteStatus::link_spent;
      }
    }
    for (const auto& assessment : assessments) {
      if (!patient_exists(db, assessment.patient_id))
        return AssessmentWriteStatus::patient_not_found;
      insert_assessment(db, assessment);
    }
    for (const auto& alert : alerts) sqlite::insert_alert(db, alert);
    sqlite::insert_audit(db, audit);
    return AssessmentWriteStatus::ok;
  });
}

namespace {

// The assessments `where` selects (parameters bound by `bind`), by administration time.
std::vector<AssessmentRecord> select_assessments(Connection& db, const std::string& where,
                                                 const std::function<void(Statement&)>& bind) {
  Statement st{db,
               "SELECT id, patient_id, instrument_id, instrument_version, administered_at, "
               "source, recorded_by, link_id, total, severity, complete, provisional_diagnosis, "
               "recorded_at FROM assessments WHERE " +
                   where + " ORDER BY administered_at, recorded_at, id"};
  bind(st);
  std::vector<AssessmentRecord> records;
  while (st.step()) {
    AssessmentRecord a;
    a.id = st.text(0);
    a.patient_id = st.text(1);
    a.instrument_id = st.text(2);
    a.instrument_version = st.text(3);
    a.administered_at = UtcTime{st.integer(4)};
    a.source = st.text(5);
    a.recorded_by = st.optional_integer(6);
    a.link_id = st.optional_text(7);
    if (auto total = st.optional_integer(8)) a.score.total = static_cast<int>(*total);
    a.score.severity = st.optional_text(9);
    a.score.complete = st.integer(10) != 0;
    if (auto diagnosis = st.optional_integer(11)) a.score.provisional_diagnosis = *diagnosis != 0;
    a.recorded_at = UtcTime{st.integer(12)};
    records.push_back(std::move(a));
  }
  for (auto& record : records) read_assessment_details(db, record);
  return records;
}

}  // namespace

std::vector<AssessmentRecord> SqliteStore::patient_assessments(const std::string& patient_id,
                                                               const std::string& instrument_id) {
  return read([&](Connection& db) {
    return select_assessments(
        db, "patient_id = ?1 AND (?2 = '' OR instrument_id = ?2)",
        [&](Statement& st) { st.bind(1, patient_id).bind(2, instrument_id); });
  });
}

std::optional<AssessmentRecord> SqliteStore::find_assessment(const std::string& assessment_id) {
  return read([&](Connection& db) {
    return sqlite::first_of(
        select_assessments(db, "id = ?1", [&](Statement& st) { st.bind(1, assessment_id); }));
  });
}

void SqliteStore::create_assessment_link(const AssessmentLink& link, const AuditEntry& audit) {
  write([&](Connection& db) {
    Statement{db,
              "INSERT INTO assessment_links (id, token_hash, patient_id, instruments, created_by, "
              "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)"}
        .bind(1, link.id)
        .bind(2, link.token_hash)
        .bind(3, link.patient_id)
        .bind(4, join(link.instruments))
        .bind(5, link.created_by)
        .bind(6, link.created_at.epoch_ms)
        .bind(7, link.expires_at.epoch_ms)
        .run();
    sqlite::insert_audit(db, audit);
  });
}

std::optional<AssessmentLink> SqliteStore::find_assessment_link(const std::string& token_hash) {
  return read([&](Connection& db) -> std::optional<AssessmentLink> {
    Statement st{db,
                 "SELECT id, patient_id, instruments, created_by, created_at, expires_at, used_at "
                 "FROM assessment_links WHERE token_hash = ?"};
    st.bind(1, token_hash);
    if (!st.step()) return std::nullopt;
    AssessmentLink link{st.text(0),
                        token_hash,
                        st.text(1),
                        split(st.text(2)),
                        st.integer(3),
                        UtcTime{st.integer(4)},
                        UtcTime{st.integer(5)},
                        std::nullopt};
    if (auto used = st.optional_integer(6)) link.used_at = UtcTime{*used};
    return link;
  });
}

std::vector<AlertRecord> SqliteStore::alerts(bool open_only,
                                             const std::optional<std::string>& patient_id) {
  return read([&](Connection& db) {
    // Only the filters given become conditions, so each is planned on its index.
    std::string where = "1";
    if (open_only) where += " AND a.acknowledged_at IS NULL";
    if (patient_id) where += " AND a.patient_id = ?1";
    return select_alerts(db, where, [&](Statement& st) {
      if (patient_id) st.bind(1, *patient_id);
    });
  });
}

std::optional<AlertRecord> SqliteStore::find_alert(const std::string& alert_id) {
  return read([&](Connection& db) -> std::optional<AlertRecord> {
    auto found = select_alerts(db, "a.id = ?1", [&](Statement& st) { st.bind(1, alert_id); });
    if (found.empty()) return std::nullopt;
    return found.front();
  });
}

AcknowledgeStatus SqliteStore::acknowledge_alert(const std::string& alert_id, std::int64_t staff_id,
                                                 const std::string& note, UtcTime at,
                                                 const AuditEntry& audit) {
  return write([&](Connection& db) {
    Statement current{db, "SELECT acknowledged_at FROM alerts WHERE id = ?"};
    current.bind(1, alert_id);
    if (!current.step()) return AcknowledgeStatus::not_found;
    if (!current.is_null(0)) return AcknowledgeStatus::already_acknowledged;
    Statement{db,
              "UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ?, note = ? WHERE id = ?"}
        .bind(1, staff_id)
        .bind(2, at.epoch_ms)
        .bind(3, note)
        .bind(4, alert_id)
        .run();
    sqlite::insert_audit(db, audit);
    return AcknowledgeStatus::ok;
  });
}

}  // namespace plasticity
