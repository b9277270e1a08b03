// Screenings, treatment plans and KAP therapy notes: the statements, written once for both
// engines (see audit_statements.h). Each runs inside the caller's transaction. Records written in
// the same millisecond are ordered by id, on both engines.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/areas/planning_store.h"
#include "storage/areas/therapy_note_store.h"
#include "storage/statements/appointment_statements.h"
#include "storage/statements/audit_statements.h"

namespace plasticity::statements {

template <class Statement, class Connection>
std::vector<ScreeningRecord> select_screenings(Connection& db, const std::string& where,
                                               const std::string& value) {
  Statement st{db,
               "SELECT c.id, c.patient_id, c.protocol_id, c.intake, c.eligibility, c.fired, "
               "c.screened_at, c.screened_by, coalesce(a.username, ''), c.decision, c.overrides, "
               "c.sign_off_note, c.signed_by, coalesce(b.username, ''), c.signed_at "
               "FROM screenings c LEFT JOIN staff a ON a.id = c.screened_by "
               "LEFT JOIN staff b ON b.id = c.signed_by WHERE " +
                   where + " ORDER BY c.screened_at DESC, c.id DESC"};
  st.bind(1, value);
  std::vector<ScreeningRecord> found;
  while (st.step()) {
    ScreeningRecord r{st.text(0),
                      st.text(1),
                      st.text(2),
                      st.text(3),
                      st.text(4),
                      st.text(5),
                      UtcTime{st.integer(6)},
                      st.integer(7),
                      st.text(8),
                      st.optional_text(9),
                      st.text(10),
                      st.text(11),
                      st.optional_integer(12),
                      st.text(13),
                      std::nullopt};
    if (auto at = st.optional_integer(14)) r.signed_at = UtcTime{*at};
    found.push_back(std::move(r));
  }
  return found;
}

// A screening as it stands: with its sign-off when it has one (an imported or synthetic history).
template <class Statement, class Connection>
void insert_screening(Connection& db, const ScreeningRecord& r) {
  Statement st{db,
               "INSERT INTO screenings (id, patient_id, protocol_id, intake, eligibility, fired, "
               "screened_at, screened_by, decision, overrides, sign_off_note, signed_by, "
               "signed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"};
  st.bind(1, r.id).bind(2, r.patient_id).bind(3, r.protocol_id).bind(4, r.intake_json);
  st.bind(5, r.eligibility).bind(6, r.fired_json).bind(7, r.screened_at.epoch_ms);
  st.bind(8, r.screened_by).bind(9, r.decision).bind(10, r.overrides_json);
  st.bind(11, r.sign_off_note).bind(12, r.signed_by);
  st.bind(13, r.signed_at ? std::optional<std::int64_t>(r.signed_at->epoch_ms) : std::nullopt);
  st.run();
}

template <class Statement, class Connection>
AcknowledgeStatus sign_off_screening(Connection& db, const ScreeningSignOff& s,
                                     const AuditEntry& audit) {
  Statement exists{db, "SELECT 1 FROM screenings WHERE id = ?"};
  if (!exists.bind(1, s.screening_id).step()) return AcknowledgeStatus::not_found;
  // Only while unsigned: of two prescribers signing at once, one signs.
  const int signed_now =
      Statement{db,
                "UPDATE screenings SET decision = ?, overrides = ?, sign_off_note = ?, "
                "signed_by = ?, signed_at = ? WHERE id = ? AND decision IS NULL"}
          .bind(1, s.decision)
          .bind(2, s.overrides_json)
          .bind(3, s.note)
          .bind(4, s.staff_id)
          .bind(5, s.at.epoch_ms)
          .bind(6, s.screening_id)
          .run();
  if (signed_now == 0) return AcknowledgeStatus::already_acknowledged;
  insert_audit<Statement>(db, audit);
  return AcknowledgeStatus::ok;
}

template <class Statement, class Connection>
std::vector<PlanRecord> select_plans(Connection& db, const std::string& where,
                                     const std::string& value) {
  Statement st{db,
               "SELECT p.id, p.patient_id, p.screening_id, p.protocol_id, v.body, p.version, "
               "p.created_by, p.created_at, p.confirmed_at, p.confirmed_by FROM treatment_plans p "
               "JOIN plan_versions v ON v.plan_id = p.id AND v.version = p.version WHERE " +
                   where + " ORDER BY p.created_at DESC, p.id DESC"};
  st.bind(1, value);
  std::vector<PlanRecord> found;
  while (st.step()) {
    PlanRecord plan{st.text(0),    st.text(1),
                    st.text(2),    st.text(3),
                    st.text(4),    st.integer(5),
                    st.integer(6), UtcTime{st.integer(7)},
                    std::nullopt,  st.optional_integer(9)};
    if (auto at = st.optional_integer(8)) plan.confirmed_at = UtcTime{*at};
    found.push_back(std::move(plan));
  }
  return found;
}

template <class Statement, class Connection>
void insert_plan_version(Connection& db, const PlanVersion& v) {
  Statement{db,
            "INSERT INTO plan_versions (plan_id, version, body, at, staff_id, reason) VALUES "
            "(?, ?, ?, ?, ?, ?)"}
      .bind(1, v.plan_id)
      .bind(2, v.version)
      .bind(3, v.body_json)
      .bind(4, v.at.epoch_ms)
      .bind(5, v.staff_id)
      .bind(6, v.reason)
      .run();
}

// A plan with its first version, confirmed when it says so.
template <class Statement, class Connection>
void insert_plan(Connection& db, const PlanRecord& plan) {
  Statement st{db,
               "INSERT INTO treatment_plans (id, patient_id, screening_id, protocol_id, version, "
               "created_by, created_at, confirmed_at, confirmed_by) VALUES (?, ?, ?, ?, ?, ?, ?, "
               "?, ?)"};
  st.bind(1, plan.id).bind(2, plan.patient_id).bind(3, plan.screening_id);
  st.bind(4, plan.protocol_id).bind(5, plan.version).bind(6, plan.created_by);
  st.bind(7, plan.created_at.epoch_ms);
  st.bind(8, plan.confirmed_at ? std::optional<std::int64_t>(plan.confirmed_at->epoch_ms)
                               : std::nullopt);
  st.bind(9, plan.confirmed_by).run();
  insert_plan_version<Statement>(db, {plan.id, plan.version, plan.body_json, plan.created_at,
                                      plan.created_by, "", "plan written"});
}

// One course per screening: screening_used (nothing written) when a plan already started from it.
template <class Statement, class Connection>
PlanWriteStatus create_plan(Connection& db, const PlanRecord& plan,
                            const std::vector<Appointment>& proposed, const AuditEntry& audit) {
  Statement used{db, "SELECT 1 FROM treatment_plans WHERE screening_id = ?"};
  if (used.bind(1, plan.screening_id).step()) return PlanWriteStatus::screening_used;
  insert_plan<Statement>(db, plan);
  for (const auto& appointment : proposed) insert_appointment<Statement>(db, appointment);
  insert_audit<Statement>(db, audit);
  return PlanWriteStatus::ok;
}

template <class Statement, class Connection>
PlanWriteStatus revise_plan(Connection& db, const PlanVersion& version, const AuditEntry& audit) {
  Statement current{db, "SELECT version FROM treatment_plans WHERE id = ?"};
  if (!current.bind(1, version.plan_id).step()) return PlanWriteStatus::not_found;
  if (current.integer(0) != version.version - 1) return PlanWriteStatus::version_conflict;
  // Only from the version read: two revisions at once through two processes cannot both land.
  const int moved =
      Statement{db, "UPDATE treatment_plans SET version = ? WHERE id = ? AND version = ?"}
          .bind(1, version.version)
          .bind(2, version.plan_id)
          .bind(3, version.version - 1)
          .run();
  if (moved == 0) return PlanWriteStatus::version_conflict;
  insert_plan_version<Statement>(db, version);
  insert_audit<Statement>(db, audit);
  return PlanWriteStatus::ok;
}

template <class Statement, class Connection>
std::vector<PlanVersion> plan_versions(Connection& db, const std::string& plan_id) {
  Statement st{db,
               "SELECT v.version, v.body, v.at, v.staff_id, coalesce(s.username, ''), v.reason "
               "FROM plan_versions v LEFT JOIN staff s ON s.id = v.staff_id WHERE v.plan_id = ? "
               "ORDER BY v.version"};
  st.bind(1, plan_id);
  std::vector<PlanVersion> versions;
  while (st.step()) {
    versions.push_back({plan_id, st.integer(0), st.text(1), UtcTime{st.integer(2)}, st.integer(3),
                        st.text(4), st.text(5)});
  }
  return versions;
}

template <class Statement, class Connection>
std::vector<TherapyNoteRecord> select_notes(Connection& db, const std::string& where,
                                            const std::string& value) {
  Statement st{db,
               "SELECT n.id, n.patient_id, n.template_id, coalesce(n.treatment_session_id, ''), "
               "n.sections, n.author_id, coalesce(s.username, ''), n.written_at "
               "FROM therapy_notes n LEFT JOIN staff s ON s.id = n.author_id WHERE " +
                   where + " ORDER BY n.written_at DESC, n.id DESC"};
  st.bind(1, value);
  std::vector<TherapyNoteRecord> notes;
  while (st.step()) {
    notes.push_back({st.text(0),
                     st.text(1),
                     st.text(2),
                     st.text(3),
                     st.text(4),
                     st.integer(5),
                     st.text(6),
                     UtcTime{st.integer(7)},
                     {}});
  }
  Statement grants{db,
                   "SELECT staff_id FROM therapy_note_grants WHERE note_id = ? ORDER BY "
                   "granted_at, staff_id"};
  for (auto& note : notes) {
    grants.reset();
    grants.bind(1, note.id);
    while (grants.step()) note.granted.push_back(grants.integer(0));
  }
  return notes;
}

template <class Statement, class Connection>
void create_therapy_note(Connection& db, const TherapyNoteRecord& note, const AuditEntry& audit) {
  Statement{db,
            "INSERT INTO therapy_notes (id, patient_id, template_id, treatment_session_id, "
            "sections, author_id, written_at) VALUES (?, ?, ?, ?, ?, ?, ?)"}
      .bind(1, note.id)
      .bind(2, note.patient_id)
      .bind(3, note.template_id)
      .bind(4, unless_empty(note.treatment_session_id))
      .bind(5, note.sections_json)
      .bind(6, note.author_id)
      .bind(7, note.written_at.epoch_ms)
      .run();
  insert_audit<Statement>(db, audit);
}

// A grant only adds a reader; granting twice keeps the first grant.
template <class Statement, class Connection>
void grant_therapy_note(Connection& db, const std::string& note_id, std::int64_t staff_id,
                        std::int64_t granted_by, UtcTime at, const AuditEntry& audit) {
  Statement{db,
            "INSERT INTO therapy_note_grants (note_id, staff_id, granted_by, granted_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (note_id, staff_id) DO NOTHING"}
      .bind(1, note_id)
      .bind(2, staff_id)
      .bind(3, granted_by)
      .bind(4, at.epoch_ms)
      .run();
  insert_audit<Statement>(db, audit);
}

}  // namespace plasticity::statements
