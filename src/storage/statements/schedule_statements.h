// The schedule's other statements: a change of appointments and the sessions they book, chairs and
// rooms, working hours and the outbox. Written once for both engines (see audit_statements.h);
// each runs inside the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/areas/schedule_store.h"
#include "storage/statements/appointment_statements.h"
#include "storage/statements/audit_statements.h"
#include "storage/statements/session_statements.h"

namespace plasticity::statements {

// Thrown inside the write transaction (rolling it back) when an appointment or a session changed
// since the change was made from it.
struct StaleSchedule {};

template <class Statement, class Connection>
void write_schedule_change(Connection& db, const ScheduleChange& change, const AuditEntry& audit) {
  // Sessions first: appointments refer to them.
  for (const auto& session : change.sessions) insert_treatment_session<Statement>(db, session);
  Statement move{db,
                 "UPDATE treatment_sessions SET scheduled_at = ?, chair = ?, version = version + 1 "
                 "WHERE id = ? AND phase = 'scheduled'"};
  for (const auto& session : change.rescheduled) {
    move.reset();
    move.bind(1, session.scheduled_at.epoch_ms).bind(2, session.chair).bind(3, session.id);
    if (move.run() != 1) throw StaleSchedule{};
  }
  for (const auto& transition : change.cancelled) {
    if (apply_transition<Statement>(db, transition) != TransitionStatus::ok) throw StaleSchedule{};
  }
  for (const auto& a : change.appointments) {
    if (a.version == 1) {
      insert_appointment<Statement>(db, a);
    } else if (!update_appointment<Statement>(db, a)) {
      throw StaleSchedule{};
    }
  }
  Statement withdraw{
      db, "UPDATE outbox SET status = 'withdrawn' WHERE appointment_id = ? AND status = 'pending'"};
  for (const auto& id : change.withdraw_messages_of) {
    withdraw.reset();
    withdraw.bind(1, id).run();
  }
  Statement message{db,
                    "INSERT INTO outbox (id, appointment_id, patient_id, instruction_id, text, "
                    "send_after, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)"};
  for (const auto& m : change.messages) {
    message.reset();
    message.bind(1, m.id).bind(2, m.appointment_id).bind(3, m.patient_id);
    message.bind(4, m.instruction_id).bind(5, m.text).bind(6, m.send_after.epoch_ms);
    message.bind(7, m.created_at.epoch_ms).run();
  }
  if (change.confirm_plan_id) {
    Statement{db, "UPDATE treatment_plans SET confirmed_at = ?, confirmed_by = ? WHERE id = ?"}
        .bind(1, change.at.epoch_ms)
        .bind(2, change.staff_id)
        .bind(3, *change.confirm_plan_id)
        .run();
  }
  insert_audit<Statement>(db, audit);
}

template <class Statement, class Connection>
std::vector<Resource> resources(Connection& db) {
  Statement st{db, "SELECT id, kind, name, active FROM resources ORDER BY kind, name"};
  std::vector<Resource> found;
  while (st.step()) found.push_back({st.text(0), st.text(1), st.text(2), st.integer(3) != 0});
  return found;
}

// False when the id or the name is taken.
template <class Statement, class Connection>
bool insert_resource(Connection& db, const Resource& r) {
  Statement taken{db, "SELECT 1 FROM resources WHERE id = ? OR name = ?"};
  if (taken.bind(1, r.id).bind(2, r.name).step()) return false;
  Statement{db, "INSERT INTO resources (id, kind, name, active) VALUES (?, ?, ?, ?)"}
      .bind(1, r.id)
      .bind(2, r.kind)
      .bind(3, r.name)
      .bind(4, std::int64_t{r.active ? 1 : 0})
      .run();
  return true;
}

// False when no resource has the id or another has the name.
template <class Statement, class Connection>
bool update_resource(Connection& db, const Resource& r) {
  Statement taken{db, "SELECT 1 FROM resources WHERE name = ? AND id <> ?"};
  if (taken.bind(1, r.name).bind(2, r.id).step()) return false;
  return Statement{db, "UPDATE resources SET name = ?, active = ? WHERE id = ?"}
             .bind(1, r.name)
             .bind(2, std::int64_t{r.active ? 1 : 0})
             .bind(3, r.id)
             .run() == 1;
}

template <class Statement, class Connection>
void replace_working_hours(Connection& db, std::int64_t staff_id,
                           const std::vector<WorkingHours>& hours) {
  Statement{db, "DELETE FROM working_hours WHERE staff_id = ?"}.bind(1, staff_id).run();
  Statement insert{db,
                   "INSERT INTO working_hours (staff_id, weekday, start_minute, end_minute) "
                   "VALUES (?, ?, ?, ?)"};
  for (const auto& h : hours) {
    insert.reset();
    insert.bind(1, staff_id).bind(2, std::int64_t{h.weekday});
    insert.bind(3, std::int64_t{h.start_minute}).bind(4, std::int64_t{h.end_minute}).run();
  }
}

template <class Statement, class Connection>
std::vector<StaffRota> staff_rota(Connection& db) {
  Statement st{db,
               "SELECT s.id, s.username, s.role, h.weekday, h.start_minute, h.end_minute "
               "FROM staff s LEFT JOIN working_hours h ON h.staff_id = s.id "
               "ORDER BY s.username, h.weekday, h.start_minute"};
  std::vector<StaffRota> rota;
  while (st.step()) {
    if (rota.empty() || rota.back().staff_id != st.integer(0)) {
      rota.push_back(
          {st.integer(0), st.text(1), parse_role(st.text(2)).value_or(Role::front_desk), {}});
    }
    if (!st.is_null(3)) {
      rota.back().hours.push_back({static_cast<int>(st.integer(3)), static_cast<int>(st.integer(4)),
                                   static_cast<int>(st.integer(5))});
    }
  }
  return rota;
}

// Oldest first by send time.
template <class Statement, class Connection>
std::vector<OutboxMessage> select_messages(Connection& db, const std::string& where,
                                           const std::string& value) {
  Statement st{db,
               "SELECT id, appointment_id, patient_id, instruction_id, text, send_after, status, "
               "created_at, sent_at FROM outbox WHERE " +
                   where + " ORDER BY send_after, id"};
  st.bind(1, value);
  std::vector<OutboxMessage> messages;
  while (st.step()) {
    messages.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4),
                        UtcTime{st.integer(5)}, st.text(6), UtcTime{st.integer(7)},
                        optional_time(st.optional_integer(8))});
  }
  return messages;
}

// Only while pending: of two workers sending one message at once, one marks it sent.
template <class Statement, class Connection>
AcknowledgeStatus mark_message_sent(Connection& db, const std::string& id, UtcTime at,
                                    const AuditEntry& audit) {
  Statement exists{db, "SELECT 1 FROM outbox WHERE id = ?"};
  if (!exists.bind(1, id).step()) return AcknowledgeStatus::not_found;
  const int sent =
      Statement{db,
                "UPDATE outbox SET status = 'sent', sent_at = ? WHERE id = ? AND status = "
                "'pending'"}
          .bind(1, at.epoch_ms)
          .bind(2, id)
          .run();
  if (sent == 0) return AcknowledgeStatus::already_acknowledged;
  insert_audit<Statement>(db, audit);
  return AcknowledgeStatus::ok;
}

}  // namespace plasticity::statements
