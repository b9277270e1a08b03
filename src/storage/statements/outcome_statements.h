// The outcome report's reading of the whole clinic (outcomes/cohort.h) and the safety records
// (outcomes/safety.h): a handful of plain SELECTs, each a scan the report needs anyway, joined in
// memory by patient. Written once for both engines (see audit_statements.h); the caller runs them
// in one snapshot.
#pragma once

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/areas/outcome_store.h"

namespace plasticity::statements {

// A session aborted once the patient had come: not a booking cancelled, nor a no-show, which
// leave a session aborted straight from "scheduled". (The safety figures count aborts per dosed
// session; a cancelled appointment is neither.)
inline constexpr const char* kAbortedAfterCheckIn =
    "(phase = 'aborted' AND NOT EXISTS (SELECT 1 FROM session_transitions t "
    "WHERE t.session_id = treatment_sessions.id AND t.to_phase = 'aborted' "
    "AND t.from_phase = 'scheduled'))";

// Every patient's record, or one patient's: `only(column, joiner)` narrows a statement to the
// patient (" WHERE p.id = ?"), and `bind` binds the id at the statement's next parameter.
template <class Statement, class Connection>
std::vector<CohortPatient> read_cohort(Connection& db, const std::string& instrument_id,
                                       const std::optional<std::string>& patient_id) {
  auto only = [&](const std::string& column, const std::string& joiner) {
    return patient_id ? " " + joiner + " " + column + " = ?" : std::string();
  };
  auto bind = [&](Statement& statement, int index) {
    if (patient_id) statement.bind(index, *patient_id);
  };
  std::vector<CohortPatient> cohort;
  std::unordered_map<std::string, std::size_t> index;
  auto patient = [&](const std::string& id) -> CohortPatient* {
    const auto found = index.find(id);
    return found == index.end() ? nullptr : &cohort[found->second];
  };
  Statement people{db,
                   "SELECT p.id, v.sex_at_birth, v.birth_date FROM patients p "
                   "JOIN patient_versions v ON v.patient_id = p.id AND v.version = "
                   "p.current_version" +
                       only("p.id", "WHERE")};
  bind(people, 1);
  while (people.step()) {
    CohortPatient p;
    p.id = people.text(0);
    p.sex_at_birth = people.text(1);
    p.birth_date = parse_iso_date(people.text(2)).value_or(CalendarDate{});
    index.emplace(p.id, cohort.size());
    cohort.push_back(std::move(p));
  }
  Statement diagnoses{db,
                      "SELECT d.patient_id, d.code FROM patient_version_diagnoses d "
                      "JOIN patients p ON p.id = d.patient_id AND d.version = "
                      "p.current_version" +
                          only("d.patient_id", "WHERE") +
                          " ORDER BY d.patient_id, d.version, d.position"};
  bind(diagnoses, 1);
  while (diagnoses.step()) {
    if (auto* p = patient(diagnoses.text(0))) p->diagnosis_codes.push_back(diagnoses.text(1));
  }
  Statement screenings{db,
                       "SELECT patient_id, max(CASE WHEN decision = 'approved' THEN 1 ELSE 0 "
                       "END) FROM screenings" +
                           only("patient_id", "WHERE") + " GROUP BY patient_id"};
  bind(screenings, 1);
  while (screenings.step()) {
    if (auto* p = patient(screenings.text(0))) {
      p->screened = true;
      p->eligible = screenings.integer(1) != 0;
    }
  }
  // A confirmed plan's course: its appointments not cancelled, and how many were discharged.
  Statement plans{db,
                  "SELECT tp.patient_id, count(a.id), "
                  "coalesce(sum(CASE WHEN s.phase = 'discharged' THEN 1 ELSE 0 END), 0) "
                  "FROM treatment_plans tp "
                  "LEFT JOIN appointments a ON a.plan_id = tp.id AND a.status <> 'cancelled' "
                  "LEFT JOIN treatment_sessions s ON s.id = a.treatment_session_id "
                  "WHERE tp.confirmed_at IS NOT NULL" +
                      only("tp.patient_id", "AND") + " GROUP BY tp.patient_id"};
  bind(plans, 1);
  while (plans.step()) {
    if (auto* p = patient(plans.text(0))) {
      p->plan_confirmed = true;
      p->planned_sessions = static_cast<int>(plans.integer(1));
      p->completed_sessions = static_cast<int>(plans.integer(2));
    }
  }
  Statement sessions{db, std::string("SELECT patient_id, protocol_id, dosing_started_at, ") +
                             kAbortedAfterCheckIn +
                             " FROM treatment_sessions WHERE (dosing_started_at IS NOT NULL OR "
                             "phase = 'aborted')" +
                             only("patient_id", "AND")};
  bind(sessions, 1);
  while (sessions.step()) {
    auto* p = patient(sessions.text(0));
    if (!p) continue;
    if (sessions.integer(3) != 0) ++p->aborted_sessions;
    if (!sessions.is_null(2)) p->dosed.push_back({UtcTime{sessions.integer(2)}, sessions.text(1)});
  }
  // In time order per patient, sorted here: no SQL sort of every session of the clinic.
  for (auto& p : cohort) {
    std::sort(p.dosed.begin(), p.dosed.end(), [](const CohortSession& a, const CohortSession& b) {
      return a.dosed_at < b.dosed_at;
    });
  }
  Statement futility{db, "SELECT DISTINCT patient_id FROM alerts WHERE kind = 'futility_review'" +
                             only("patient_id", "AND")};
  bind(futility, 1);
  while (futility.step()) {
    if (auto* p = patient(futility.text(0))) p->futility_review = true;
  }
  Statement totals{db,
                   "SELECT patient_id, administered_at, total FROM assessments "
                   "WHERE instrument_id = ? AND complete = 1 AND total IS NOT NULL" +
                       only("patient_id", "AND") + " ORDER BY patient_id, administered_at"};
  totals.bind(1, instrument_id);
  bind(totals, 2);
  while (totals.step()) {
    if (auto* p = patient(totals.text(0))) {
      p->assessments.push_back({UtcTime{totals.integer(1)}, static_cast<int>(totals.integer(2))});
    }
  }
  return cohort;
}

template <class Statement, class Connection>
SafetyRecords safety_records(Connection& db) {
  SafetyRecords records;
  Statement sessions{
      db, std::string("SELECT sum(CASE WHEN dosing_started_at IS NOT NULL THEN 1 ELSE 0 END), "
                      "sum(CASE WHEN ") +
              kAbortedAfterCheckIn + " THEN 1 ELSE 0 END) FROM treatment_sessions"};
  if (sessions.step()) {
    records.sessions_dosed = static_cast<int>(sessions.optional_integer(0).value_or(0));
    records.sessions_aborted = static_cast<int>(sessions.optional_integer(1).value_or(0));
  }
  Statement alarms{db,
                   "SELECT rule_id, severity, count(*) FROM session_alarms "
                   "GROUP BY rule_id, severity ORDER BY rule_id, severity"};
  while (alarms.step()) {
    records.alarms.push_back({alarms.text(0), alarms.text(1), static_cast<int>(alarms.integer(2))});
  }
  // An SBP alarm keeps the value that raised it: the readings themselves are too many to scan.
  Statement sbp{db,
                "SELECT count(DISTINCT session_id) FROM session_alarms "
                "WHERE rule_id LIKE 'sbp%' AND value > ?"};
  sbp.bind(1, kSbpExcursion);
  if (sbp.step()) records.sessions_sbp_over_180 = static_cast<int>(sbp.integer(0));
  Statement events{db,
                   "SELECT kind, payload FROM session_events "
                   "WHERE kind IN ('adverse_event', 'sedation') ORDER BY at, session_id, position"};
  while (events.step()) {
    // Each payload was checked when recorded (server/sessions/session_event_routes.cc).
    const auto payload = nlohmann::json::parse(events.text(1), nullptr, false);
    if (!payload.is_object()) continue;
    if (events.text(0) == "sedation") {
      records.moaas.push_back(payload.value("moaas", 5));
    } else {
      records.adverse_events.push_back({payload.value("type", std::string("other")),
                                        payload.value("severity", std::string()),
                                        payload.value("serious", false)});
    }
  }
  return records;
}

}  // namespace plasticity::statements
