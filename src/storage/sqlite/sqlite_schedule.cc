// The schedule in SQLite: chairs and rooms, working hours, appointments and the outbox.
#include "storage/sqlite/sqlite_store.h"
#include "storage/statements/appointment_statements.h"

namespace plasticity {

using sqlite::Connection;
using sqlite::Statement;
using statements::select_appointments;

namespace {

// Thrown inside the write transaction (rolling it back) when an appointment changed meanwhile.
struct StaleAppointment {};

std::vector<OutboxMessage> select_messages(Connection& db, const std::string& where,
                                           const std::string& value) {
  Statement st{db,
               "SELECT id, appointment_id, patient_id, instruction_id, text, send_after, status, "
               "created_at, sent_at FROM outbox WHERE " +
                   where + " ORDER BY send_after, id"};
  st.bind(1, value);
  std::vector<OutboxMessage> messages;
  while (st.step()) {
    OutboxMessage m{st.text(0),  st.text(1),
                    st.text(2),  st.text(3),
                    st.text(4),  UtcTime{st.integer(5)},
                    st.text(6),  UtcTime{st.integer(7)},
                    std::nullopt};
    if (auto at = st.optional_integer(8)) m.sent_at = UtcTime{*at};
    messages.push_back(std::move(m));
  }
  return messages;
}

}  // namespace

std::vector<Appointment> SqliteStore::appointments_between(UtcTime from, UtcTime to) {
  // An appointment lies within one day's opening hours (scheduling/appointment.cc refuses any
  // other), at most 25 hours (the day clocks fall back), so one that overlaps `from` started less
  // than that before it: bounding starts_at below makes the time index read the week asked for,
  // not every earlier appointment.
  constexpr std::int64_t kLongestAppointment = 25 * 60 * kMillisPerMinute;
  return read([&](Connection& db) {
    return select_appointments<Statement>(
        db, "starts_at > ?1 - ?3 AND starts_at < ?2 AND ends_at > ?1 AND status <> 'cancelled'",
        [&](Statement& st) {
          st.bind(1, from.epoch_ms).bind(2, to.epoch_ms).bind(3, kLongestAppointment);
        });
  });
}

std::optional<Appointment> SqliteStore::find_appointment(const std::string& id) {
  return read([&](Connection& db) {
    return sqlite::first_of(
        select_appointments<Statement>(db, "id = ?1", [&](Statement& st) { st.bind(1, id); }));
  });
}

std::vector<Appointment> SqliteStore::plan_appointments(const std::string& plan_id) {
  return read([&](Connection& db) {
    return select_appointments<Statement>(db, "plan_id = ?1",
                                          [&](Statement& st) { st.bind(1, plan_id); });
  });
}

std::vector<Appointment> SqliteStore::patient_appointments(const std::string& patient_id) {
  return read([&](Connection& db) {
    return select_appointments<Statement>(db, "patient_id = ?1",
                                          [&](Statement& st) { st.bind(1, patient_id); });
  });
}

std::optional<Appointment> SqliteStore::appointment_for_session(const std::string& session_id) {
  return read([&](Connection& db) {
    return sqlite::first_of(select_appointments<Statement>(
        db, "treatment_session_id = ?1", [&](Statement& st) { st.bind(1, session_id); }));
  });
}

ScheduleWriteStatus SqliteStore::apply_schedule_change(const ScheduleChange& change,
                                                       const AuditEntry& audit) {
  try {
    return write_schedule_change(change, audit);
  } catch (const StaleAppointment&) {
    return ScheduleWriteStatus::version_conflict;
  }
}

ScheduleWriteStatus SqliteStore::write_schedule_change(const ScheduleChange& change,
                                                       const AuditEntry& audit) {
  return write([&](Connection& db) {
    // Sessions first: appointments refer to them.
    for (const auto& session : change.sessions) sqlite::insert_treatment_session(db, session);
    Statement move{
        db,
        "UPDATE treatment_sessions SET scheduled_at = ?, chair = ?, version = version + 1 "
        "WHERE id = ? AND phase = 'scheduled'"};
    for (const auto& session : change.rescheduled) {
      move.reset();
      move.bind(1, session.scheduled_at.epoch_ms).bind(2, session.chair).bind(3, session.id);
      if (move.run() != 1) throw StaleAppointment{};
    }
    for (const auto& transition : change.cancelled) {
      if (sqlite::apply_transition(db, transition) != TransitionStatus::ok)
        throw StaleAppointment{};
    }
    for (const auto& a : change.appointments) {
      if (a.version == 1) {
        statements::insert_appointment<Statement>(db, a);
      } else if (!statements::update_appointment<Statement>(db, a)) {
        throw StaleAppointment{};
      }
    }
    Statement withdraw{db,
                       "UPDATE outbox SET status = 'withdrawn' WHERE appointment_id = ? AND "
                       "status = 'pending'"};
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
    sqlite::insert_audit(db, audit);
    return ScheduleWriteStatus::ok;
  });
}

bool SqliteStore::create_resource(const Resource& r, const AuditEntry& audit) {
  return write([&](Connection& db) {
    Statement taken{db, "SELECT 1 FROM resources WHERE id = ? OR name = ?"};
    taken.bind(1, r.id).bind(2, r.name);
    if (taken.step()) return false;
    Statement{db, "INSERT INTO resources (id, kind, name, active) VALUES (?, ?, ?, ?)"}
        .bind(1, r.id)
        .bind(2, r.kind)
        .bind(3, r.name)
        .bind(4, std::int64_t{r.active ? 1 : 0})
        .run();
    sqlite::insert_audit(db, audit);
    return true;
  });
}

bool SqliteStore::update_resource(const Resource& r, const AuditEntry& audit) {
  return write([&](Connection& db) {
    Statement exists{db, "SELECT 1 FROM resources WHERE id = ?"};
    exists.bind(1, r.id);
    Statement taken{db, "SELECT 1 FROM resources WHERE name = ? AND id <> ?"};
    taken.bind(1, r.name).bind(2, r.id);
    if (!exists.step() || taken.step()) return false;
    Statement{db, "UPDATE resources SET name = ?, active = ? WHERE id = ?"}
        .bind(1, r.name)
        .bind(2, std::int64_t{r.active ? 1 : 0})
        .bind(3, r.id)
        .run();
    sqlite::insert_audit(db, audit);
    return true;
  });
}

std::vector<Resource> SqliteStore::resources() {
  return read([&](Connection& db) {
    Statement st{db, "SELECT id, kind, name, active FROM resources ORDER BY kind, name"};
    std::vector<Resource> found;
    while (st.step()) found.push_back({st.text(0), st.text(1), st.text(2), st.integer(3) != 0});
    return found;
  });
}

void SqliteStore::set_working_hours(std::int64_t staff_id, const std::vector<WorkingHours>& hours,
                                    const AuditEntry& audit) {
  write([&](Connection& db) {
    Statement{db, "DELETE FROM working_hours WHERE staff_id = ?"}.bind(1, staff_id).run();
    Statement insert{db,
                     "INSERT INTO working_hours (staff_id, weekday, start_minute, end_minute) "
                     "VALUES (?, ?, ?, ?)"};
    for (const auto& h : hours) {
      insert.reset();
      insert.bind(1, staff_id).bind(2, std::int64_t{h.weekday});
      insert.bind(3, std::int64_t{h.start_minute}).bind(4, std::int64_t{h.end_minute}).run();
    }
    sqlite::insert_audit(db, audit);
  });
}

std::vector<StaffRota> SqliteStore::staff_rota() {
  return read([&](Connection& db) {
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
        rota.back().hours.push_back({static_cast<int>(st.integer(3)),
                                     static_cast<int>(st.integer(4)),
                                     static_cast<int>(st.integer(5))});
      }
    }
    return rota;
  });
}

std::vector<OutboxMessage> SqliteStore::outbox(const std::string& status) {
  return read(
      [&](Connection& db) { return select_messages(db, "?1 = '' OR status = ?1", status); });
}

std::optional<OutboxMessage> SqliteStore::find_outbox_message(const std::string& id) {
  return read([&](Connection& db) { return sqlite::first_of(select_messages(db, "id = ?1", id)); });
}

AcknowledgeStatus SqliteStore::mark_message_sent(const std::string& id, UtcTime at,
                                                 const AuditEntry& audit) {
  return write([&](Connection& db) {
    Statement current{db, "SELECT status FROM outbox WHERE id = ?"};
    current.bind(1, id);
    if (!current.step()) return AcknowledgeStatus::not_found;
    if (current.text(0) != "pending") return AcknowledgeStatus::already_acknowledged;
    Statement{db, "UPDATE outbox SET status = 'sent', sent_at = ? WHERE id = ?"}
        .bind(1, at.epoch_ms)
        .bind(2, id)
        .run();
    sqlite::insert_audit(db, audit);
    return AcknowledgeStatus::ok;
  });
}

}  // namespace plasticity
