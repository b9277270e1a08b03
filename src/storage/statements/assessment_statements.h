// Assessments (answers, scores, flags), self-report links and alerts: the statements, written
// once for both engines (see audit_statements.h). Each runs inside the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/areas/assessment_store.h"
#include "storage/statements/audit_statements.h"
#include "storage/statements/first_of.h"

namespace plasticity::statements {

// A link's instruments are kept comma-separated (instrument ids have no commas).
std::string join_instruments(const std::vector<std::string>& values);
std::vector<std::string> split_instruments(const std::string& joined);

template <class Statement, class Connection>
void insert_assessment(Connection& db, const AssessmentRecord& a) {
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
  Statement flag{db,
                 "INSERT INTO assessment_flags (assessment_id, flag, position) VALUES (?, ?, ?)"};
  for (std::size_t i = 0; i < a.score.flags.size(); ++i) {
    flag.reset();
    flag.bind(1, a.id).bind(2, a.score.flags[i]).bind(3, static_cast<std::int64_t>(i)).run();
  }
}

template <class Statement, class Connection>
void insert_alert(Connection& db, const AlertRecord& alert) {
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

// Answers, subscales and flags of `a` from their tables.
template <class Statement, class Connection>
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
  Statement flags{db,
                  "SELECT flag FROM assessment_flags WHERE assessment_id = ? ORDER BY position"};
  flags.bind(1, a.id);
  while (flags.step()) a.score.flags.push_back(flags.text(0));
}

// The assessments `where` selects (parameters bound by `bind`), by administration time.
template <class Statement, class Connection, class Bind>
std::vector<AssessmentRecord> select_assessments(Connection& db, const std::string& where,
                                                 Bind&& bind) {
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
  for (auto& record : records) read_assessment_details<Statement>(db, record);
  return records;
}

template <class Statement, class Connection>
AssessmentWriteStatus record_assessments(Connection& db,
                                         const std::vector<AssessmentRecord>& assessments,
                                         const std::vector<AlertRecord>& alerts,
                                         const std::optional<std::string>& link_id, UtcTime at,
                                         const AuditEntry& audit) {
  if (link_id) {
    // Spent only while unspent: of two submissions through one link, one is written.
    Statement spend{db, "UPDATE assessment_links SET used_at = ? WHERE id = ? AND used_at IS NULL"};
    if (spend.bind(1, at.epoch_ms).bind(2, *link_id).run() != 1) {
      return AssessmentWriteStatus::link_spent;
    }
  }
  for (const auto& assessment : assessments) {
    Statement patient{db, "SELECT 1 FROM patients WHERE id = ?"};
    if (!patient.bind(1, assessment.patient_id).step()) {
      return AssessmentWriteStatus::patient_not_found;
    }
    insert_assessment<Statement>(db, assessment);
  }
  for (const auto& alert : alerts) insert_alert<Statement>(db, alert);
  insert_audit<Statement>(db, audit);
  return AssessmentWriteStatus::ok;
}

template <class Statement, class Connection>
std::vector<AssessmentRecord> patient_assessments(Connection& db, const std::string& patient_id,
                                                  const std::string& instrument_id) {
  // Only the filters given become conditions, so each is planned on its index.
  return select_assessments<Statement>(
      db, instrument_id.empty() ? "patient_id = ?1" : "patient_id = ?1 AND instrument_id = ?2",
      [&](Statement& st) {
        st.bind(1, patient_id);
        if (!instrument_id.empty()) st.bind(2, instrument_id);
      });
}

template <class Statement, class Connection>
std::optional<AssessmentRecord> find_assessment(Connection& db, const std::string& id) {
  return first_of(
      select_assessments<Statement>(db, "id = ?1", [&](Statement& st) { st.bind(1, id); }));
}

template <class Statement, class Connection>
void create_assessment_link(Connection& db, const AssessmentLink& link, const AuditEntry& audit) {
  Statement{db,
            "INSERT INTO assessment_links (id, token_hash, patient_id, instruments, created_by, "
            "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)"}
      .bind(1, link.id)
      .bind(2, link.token_hash)
      .bind(3, link.patient_id)
      .bind(4, join_instruments(link.instruments))
      .bind(5, link.created_by)
      .bind(6, link.created_at.epoch_ms)
      .bind(7, link.expires_at.epoch_ms)
      .run();
  insert_audit<Statement>(db, audit);
}

template <class Statement, class Connection>
std::optional<AssessmentLink> find_assessment_link(Connection& db, const std::string& token_hash) {
  Statement st{db,
               "SELECT id, patient_id, instruments, created_by, created_at, expires_at, used_at "
               "FROM assessment_links WHERE token_hash = ?"};
  st.bind(1, token_hash);
  if (!st.step()) return std::nullopt;
  AssessmentLink link{st.text(0),
                      token_hash,
                      st.text(1),
                      split_instruments(st.text(2)),
                      st.integer(3),
                      UtcTime{st.integer(4)},
                      UtcTime{st.integer(5)},
                      std::nullopt};
  if (auto used = st.optional_integer(6)) link.used_at = UtcTime{*used};
  return link;
}

template <class Statement, class Connection, class Bind>
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

template <class Statement, class Connection>
std::vector<AlertRecord> alerts(Connection& db, bool open_only,
                                const std::optional<std::string>& patient_id) {
  // Only the filters given become conditions, so each is planned on its index.
  std::string where = "TRUE";
  if (open_only) where += " AND a.acknowledged_at IS NULL";
  if (patient_id) where += " AND a.patient_id = ?1";
  return select_alerts<Statement>(db, where, [&](Statement& st) {
    if (patient_id) st.bind(1, *patient_id);
  });
}

template <class Statement, class Connection>
std::optional<AlertRecord> find_alert(Connection& db, const std::string& alert_id) {
  return first_of(
      select_alerts<Statement>(db, "a.id = ?1", [&](Statement& st) { st.bind(1, alert_id); }));
}

template <class Statement, class Connection>
AcknowledgeStatus acknowledge_alert(Connection& db, const std::string& alert_id,
                                    std::int64_t staff_id, const std::string& note, UtcTime at,
                                    const AuditEntry& audit) {
  Statement current{db, "SELECT 1 FROM alerts WHERE id = ?"};
  if (!current.bind(1, alert_id).step()) return AcknowledgeStatus::not_found;
  // Only while still open: two clinicians acknowledging at once through two processes leave one
  // acknowledgement, and the other is told it was already done.
  const int acknowledged =
      Statement{db,
                "UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ?, note = ? WHERE id = ? "
                "AND acknowledged_at IS NULL"}
          .bind(1, staff_id)
          .bind(2, at.epoch_ms)
          .bind(3, note)
          .bind(4, alert_id)
          .run();
  if (acknowledged == 0) return AcknowledgeStatus::already_acknowledged;
  insert_audit<Statement>(db, audit);
  return AcknowledgeStatus::ok;
}

template <class Statement, class Connection>
void create_alert(Connection& db, const AlertRecord& alert, const AuditEntry& audit) {
  insert_alert<Statement>(db, alert);
  insert_audit<Statement>(db, audit);
}

}  // namespace plasticity::statements
