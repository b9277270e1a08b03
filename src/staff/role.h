// Staff roles and what each may do. docs/roles.md is the human-readable form of this table; the
// server checks `role_may` on every route before it touches data.
//
//   if (!role_may(Role::front_desk, Permission::read_audit)) { /* 403 */ }
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace plasticity {

enum class Role { admin, prescriber, nurse, therapist, front_desk, researcher };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);
const std::vector<std::string_view>& role_names();

enum class Permission {
  read_patients,          // identified demographics, search, chart, history
  create_patients,        // register a patient
  update_patients,        // correct or update demographics, weight, diagnoses
  read_audit,             // the audit trail (who did what to which patient)
  read_assessments,       // questionnaire answers, scores, trajectories
  record_assessments,     // enter a questionnaire or a clinician-rated scale
  send_assessment_links,  // give a patient a self-report link
  manage_alerts,          // see and acknowledge suicidality and risk alerts (the care team)
  read_sessions,          // treatment sessions: doses, vital signs, alarms, the nurse station
  run_sessions,           // move a session through its phases, confirm checks, record vitals,
                          // acknowledge its alarms
  prescribe_doses,        // book a treatment session with its dose
  manage_devices,         // register monitors and gateways that send vital signs
  screen_patients,        // take an eligibility screening (the prescriber signs it off)
  read_schedule,          // the calendar: appointments, chairs and rooms, who works when
  manage_schedule,        // book, move and cancel appointments; send patient instructions
  manage_rota,            // chairs and rooms, staff working hours
  write_therapy_notes,    // KAP therapy notes (reading one needs its author's grant)
  manage_staff,           // staff accounts: create, change role, deactivate, password links
  manage_settings,        // the clinic's settings: time zone, crisis text, patient instructions
  read_outcomes,          // the clinic's outcome report (a researcher sees small counts hidden)
                          // and the forecast model's coefficients and calibration
  read_forecast,          // a patient's early-response forecast (the care team)
  refit_forecast,         // refit the clinic's forecast model now rather than at night
  export_records,         // the identified FHIR bulk export of every patient's records
  export_research,        // the de-identified research export (HIPAA Safe Harbor)
  import_records,         // bring in a clinic's history (FHIR, CSV) from another system
};

std::string_view to_string(Permission permission);
const std::vector<Permission>& all_permissions();

// The researcher role never reads identified patient data: it gets de-identified exports only.
bool role_may(Role role, Permission permission);

}  // namespace plasticity
