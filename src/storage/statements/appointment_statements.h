// Appointments: the statements, written once for both engines (see audit_statements.h). The
// schedule reads and changes them; a plan writes its proposed ones.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/areas/schedule_store.h"

namespace plasticity::statements {

// An appointment's staff are kept as their ids, comma-separated.
std::string joined_ids(const std::vector<std::int64_t>& ids);
std::vector<std::int64_t> split_ids(const std::string& text);
std::optional<std::string> unless_empty(const std::string& text);

constexpr const char* kAppointmentColumns =
    "id, patient_id, type_id, resource_id, staff_ids, starts_at, ends_at, status, plan_id, "
    "plan_sequence, treatment_session_id, note, version, created_by, created_at";

template <class Statement>
Appointment appointment_row(const Statement& st) {
  Appointment a;
  a.id = st.text(0);
  a.patient_id = st.text(1);
  a.type_id = st.text(2);
  a.resource_id = st.text(3);
  a.staff_ids = split_ids(st.text(4));
  a.starts_at = UtcTime{st.integer(5)};
  a.ends_at = UtcTime{st.integer(6)};
  a.status = parse_appointment_status(st.text(7)).value_or(AppointmentStatus::proposed);
  a.plan_id = st.optional_text(8).value_or("");
  a.plan_sequence = static_cast<int>(st.integer(9));
  a.treatment_session_id = st.optional_text(10).value_or("");
  a.note = st.text(11);
  a.version = st.integer(12);
  a.created_by = st.integer(13);
  a.created_at = UtcTime{st.integer(14)};
  return a;
}

// The appointments `where` selects (parameters bound by `bind`), by start.
template <class Statement, class Connection, class Bind>
std::vector<Appointment> select_appointments(Connection& db, const std::string& where,
                                             Bind&& bind) {
  Statement st{db, std::string("SELECT ") + kAppointmentColumns + " FROM appointments WHERE " +
                       where + " ORDER BY starts_at, plan_sequence, id"};
  bind(st);
  std::vector<Appointment> found;
  while (st.step()) found.push_back(appointment_row(st));
  return found;
}

// Every column of `a` as ?1..?15, in kAppointmentColumns' order.
template <class Statement>
Statement& bind_appointment(Statement& st, const Appointment& a) {
  st.bind(1, a.id).bind(2, a.patient_id).bind(3, a.type_id).bind(4, a.resource_id);
  st.bind(5, joined_ids(a.staff_ids)).bind(6, a.starts_at.epoch_ms).bind(7, a.ends_at.epoch_ms);
  st.bind(8, std::string(to_string(a.status))).bind(9, unless_empty(a.plan_id));
  st.bind(10, static_cast<std::int64_t>(a.plan_sequence));
  st.bind(11, unless_empty(a.treatment_session_id)).bind(12, a.note).bind(13, a.version);
  return st.bind(14, a.created_by).bind(15, a.created_at.epoch_ms);
}

template <class Statement, class Connection>
void insert_appointment(Connection& db, const Appointment& a) {
  Statement st{db,
               std::string("INSERT INTO appointments (") + kAppointmentColumns +
                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"};
  bind_appointment(st, a).run();
}

// Updates the appointment only if the store still holds the version before it.
template <class Statement, class Connection>
bool update_appointment(Connection& db, const Appointment& a) {
  Statement st{db,
               "UPDATE appointments SET patient_id = ?2, type_id = ?3, resource_id = ?4, "
               "staff_ids = ?5, starts_at = ?6, ends_at = ?7, status = ?8, plan_id = ?9, "
               "plan_sequence = ?10, treatment_session_id = ?11, note = ?12, version = ?13 "
               "WHERE id = ?1 AND version = ?13 - 1 AND created_by = ?14 AND created_at = ?15"};
  return bind_appointment(st, a).run() == 1;
}

}  // namespace plasticity::statements
