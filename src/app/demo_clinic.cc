#include "app/demo_clinic.h"

#include <algorithm>
#include <tuple>

#include "server/http/credentials.h"
#include "server/sessions/session_calendar.h"

namespace plasticity::app {
namespace {

struct DemoPatient {
  const char* mrn;
  const char* given;
  const char* family;
  const char* birth_date;
  SexAtBirth sex;
  double weight_kg;
  const char* code;
  const char* display;
};

// Invented people: the surnames say so, so nobody mistakes them for real records.
constexpr DemoPatient kPatients[] = {
    {"DEMO-0001", "Avery", "Demopatient", "1979-03-14", SexAtBirth::female, 64.0, "F33.2",
     "Major depressive disorder, recurrent severe without psychotic features"},
    {"DEMO-0002", "Jordan", "Samplewood", "1986-11-02", SexAtBirth::male, 82.5, "F43.10",
     "Post-traumatic stress disorder, unspecified"},
    {"DEMO-0003", "Riley", "Fictionson", "1992-07-28", SexAtBirth::female, 58.3, "F41.1",
     "Generalized anxiety disorder"},
    {"DEMO-0004", "Morgan", "Testcase", "1968-01-09", SexAtBirth::male, 91.0, "F32.2",
     "Major depressive disorder, single episode, severe without psychotic features"},
    {"DEMO-0005", "Casey", "Placeholder", "2001-05-19", SexAtBirth::intersex, 70.4, "F33.1",
     "Major depressive disorder, recurrent, moderate"},
    {"DEMO-0006", "Quinn", "Mockridge", "1974-09-30", SexAtBirth::female, 77.0, "F31.81",
     "Bipolar II disorder"},
};

const char* kDemoStaff[][2] = {
    {"demo.admin", "admin"},          {"demo.prescriber", "prescriber"},
    {"demo.nurse", "nurse"},          {"demo.therapist", "therapist"},
    {"demo.frontdesk", "front_desk"}, {"demo.researcher", "researcher"},
};

}  // namespace

namespace {

// Three chairs and a therapy room, and the clinical staff on weekdays 08:00-18:00, so plans can
// be booked at once. What exists is left alone.
void seed_demo_schedule(Store& store, UtcTime now) {
  const StaffAccount admin = *store.find_staff_by_username("demo.admin");
  auto audit = [&](const std::string& action) {
    return AuditEntry{0,           now,     admin.id,          admin.username,
                      "admin",     action,  "success",         std::nullopt,
                      "demo-seed", "local", "demo clinic seed"};
  };
  for (const auto& [id, kind, name] :
       {std::tuple{"chair-1", "chair", "Chair 1"}, std::tuple{"chair-2", "chair", "Chair 2"},
        std::tuple{"chair-3", "chair", "Chair 3"}, std::tuple{"chair-4", "chair", "Chair 4"},
        std::tuple{"chair-5", "chair", "Chair 5"}, std::tuple{"chair-6", "chair", "Chair 6"},
        std::tuple{"room-a", "room", "Therapy room"}}) {
    store.create_resource({id, kind, name, true}, audit("resource.create"));
  }
  for (const auto& staff : store.staff_rota()) {
    if (!staff.hours.empty() || (staff.role != Role::prescriber && staff.role != Role::nurse &&
                                 staff.role != Role::therapist)) {
      continue;
    }
    std::vector<WorkingHours> weekdays;
    for (int day = 1; day <= 5; ++day) weekdays.push_back({day, 8 * 60, 18 * 60});
    store.set_working_hours(staff.staff_id, weekdays, audit("rota.update"));
  }
}

}  // namespace

int seed_demo_clinic(Store& store, UtcTime now) {
  const std::string hash = server::hash_password(kDemoPassword);
  for (const auto& [username, role] : kDemoStaff) {
    store.create_staff({0, username, *parse_role(role), hash, now});  // nullopt: already there
  }
  const StaffAccount registrar = *store.find_staff_by_username("demo.frontdesk");
  int added = 0;
  for (const DemoPatient& p : kPatients) {
    PatientRecord record;
    record.id = server::new_random_id();
    record.demographics = {p.mrn,
                           p.given,
                           p.family,
                           *parse_iso_date(p.birth_date),
                           p.sex,
                           p.weight_kg,
                           std::nullopt,
                           std::nullopt,
                           std::nullopt,
                           std::nullopt,
                           {{p.code, p.display}}};
    record.created_at = record.updated_at = now;
    AuditEntry audit{0,
                     now,
                     registrar.id,
                     registrar.username,
                     "front_desk",
                     "patient.create",
                     "success",
                     record.id,
                     "demo-seed",
                     "local",
                     "demo clinic seed"};
    if (store.create_patient(record, registrar.id, audit).status == PatientWriteStatus::ok) ++added;
  }
  seed_demo_schedule(store, now);
  return added;
}

namespace {

AuditEntry demo_audit(const StaffAccount& staff, UtcTime at, const std::string& action,
                      const std::string& patient_id) {
  return {0,
          at,
          staff.id,
          staff.username,
          std::string(to_string(staff.role)),
          action,
          "success",
          patient_id,
          "demo-seed",
          "local",
          "demo clinic seed"};
}

}  // namespace

namespace {

// Stores the session with its appointment in its chair, as booking it would.
void book_demo_session(Store& store, const ClinicSchedule& schedule,
                       const TreatmentSession& session, const AuditEntry& audit) {
  ScheduleChange change;
  change.sessions = {session};
  const AppointmentType* type = server::session_type(schedule, session.protocol_id);
  const auto resources = store.resources();
  const auto chair = std::find_if(resources.begin(), resources.end(),
                                  [&](const Resource& r) { return r.name == session.chair; });
  if (type && chair != resources.end()) {
    change.appointments = {server::session_appointment(session, *type, *chair)};
  }
  change.staff_id = session.created_by;
  change.at = session.created_at;
  store.apply_schedule_change(change, audit);
}

}  // namespace

int start_demo_sessions(Store& store, const ProtocolCatalog& protocols,
                        const ClinicSchedule& schedule, UtcTime now, int chairs) {
  const auto prescriber = store.find_staff_by_username("demo.prescriber");
  const auto nurse = store.find_staff_by_username("demo.nurse");
  const Protocol* iv = protocols.find("iv_ketamine");
  if (!prescriber || !nurse || !iv) return 0;
  int started = 0;
  for (int chair = 1; chair <= chairs && chair <= static_cast<int>(std::size(kPatients)); ++chair) {
    const DemoPatient& demo = kPatients[chair - 1];
    const auto patient = store.find_patient_by_mrn(demo.mrn);
    if (!patient) continue;
    const auto sessions = store.patient_treatment_sessions(patient->id);
    if (std::any_of(sessions.begin(), sessions.end(),
                    [](const TreatmentSession& s) { return !is_finished(s.phase); })) {
      continue;
    }
    const DoseResult dose = calculate_dose(*iv, {.mg_per_kg = 0.5,
                                                 .mg = std::nullopt,
                                                 .weight_kg = demo.weight_kg,
                                                 .weight_source = "recorded in the patient's chart",
                                                 .concentration_mg_per_ml = 1.0,
                                                 .infusion_minutes = std::nullopt,
                                                 .reason = "",
                                                 .prior_doses_mg = {}});
    TreatmentSession session;
    session.id = server::new_random_id();
    session.patient_id = patient->id;
    session.protocol_id = iv->id;
    session.chair = "Chair " + std::to_string(chair);
    session.scheduled_at = UtcTime{now.epoch_ms - 15 * kMillisPerMinute};
    session.dose = *dose.dose;
    session.concentration_mg_per_ml = 1.0;
    session.lot_number = "DEMO-LOT-1";
    session.created_by = prescriber->id;
    session.created_at = session.scheduled_at;
    book_demo_session(store, schedule, session,
                      demo_audit(*prescriber, now, "session.create", patient->id));
    std::vector<ChecklistEntry> checks;
    for (const auto& item : iv->pre_checks) {
      checks.push_back({session.id, "pre_checks", item.id, true, now, nurse->id, nurse->username});
    }
    store.record_checklist(checks, demo_audit(*nurse, now, "session.checklist", patient->id));
    const UtcTime before{now.epoch_ms - 2 * kMillisPerMinute};
    store.record_vitals({{session.id,
                          {{"demo-intake", VitalKind::systolic_bp, 124, before, before},
                           {"demo-intake", VitalKind::diastolic_bp, 78, before, before},
                           {"demo-intake", VitalKind::heart_rate, 72, before, before}},
                          demo_audit(*nurse, now, "vitals.record", patient->id)}});
    SessionPhase from = SessionPhase::scheduled;
    for (SessionPhase to : {SessionPhase::checked_in, SessionPhase::ready, SessionPhase::dosing}) {
      store.record_transition(
          {session.id, from, to, now, nurse->id, nurse->username, "", false, std::nullopt},
          demo_audit(*nurse, now, "session.transition", patient->id));
      from = to;
    }
    ++started;
  }
  return started;
}

namespace {

UtcTime minutes_after(UtcTime t, int minutes) {
  return UtcTime{t.epoch_ms + std::int64_t{minutes} * kMillisPerMinute};
}

// Blood pressure, heart rate and SpO2 as the chair's monitor sent them, `minute` after the first
// device.
void demo_vitals(Store& store, const TreatmentSession& session, const StaffAccount& nurse,
                 UtcTime first_device, int minute, double sbp, double dbp, double hr) {
  const UtcTime at = minutes_after(first_device, minute);
  store.record_vitals({{session.id,
                        {{"demo-chair-monitor", VitalKind::systolic_bp, sbp, at, at},
                         {"demo-chair-monitor", VitalKind::diastolic_bp, dbp, at, at},
                         {"demo-chair-monitor", VitalKind::heart_rate, hr, at, at},
                         {"demo-chair-monitor", VitalKind::spo2, 98, at, at}},
                        demo_audit(nurse, at, "vitals.record", session.patient_id)}});
}

void demo_event(Store& store, const TreatmentSession& session, const StaffAccount& nurse,
                UtcTime at, const std::string& kind, const std::string& payload) {
  store.record_session_event(
      {server::new_random_id(), session.id, kind, at, nurse.id, nurse.username, payload},
      demo_audit(nurse, at, "session.event", session.patient_id));
}

void demo_checklist(Store& store, const TreatmentSession& session, const StaffAccount& nurse,
                    const std::vector<ChecklistItem>& items, const std::string& list, UtcTime at) {
  std::vector<ChecklistEntry> entries;
  for (const auto& item : items) {
    entries.push_back({session.id, list, item.id, true, at, nurse.id, nurse.username});
  }
  store.record_checklist(entries, demo_audit(nurse, at, "session.checklist", session.patient_id));
}

}  // namespace

int seed_demo_history(Store& store, const ProtocolCatalog& protocols,
                      const ClinicSchedule& schedule, UtcTime now) {
  const auto prescriber = store.find_staff_by_username("demo.prescriber");
  const auto nurse = store.find_staff_by_username("demo.nurse");
  const Protocol* esketamine = protocols.find("esketamine_nasal");
  const auto patient = store.find_patient_by_mrn(std::end(kPatients)[-1].mrn);
  if (!prescriber || !nurse || !esketamine || !patient) return 0;
  if (!store.patient_treatment_sessions(patient->id).empty()) return 0;
  const DoseResult dose = calculate_dose(*esketamine, {.mg_per_kg = std::nullopt,
                                                       .mg = 56,
                                                       .weight_kg = std::nullopt,
                                                       .weight_source = "",
                                                       .concentration_mg_per_ml = std::nullopt,
                                                       .infusion_minutes = std::nullopt,
                                                       .reason = "",
                                                       .prior_doses_mg = {}});
  if (!dose.dose) return 0;
  const UtcTime first_device{now.epoch_ms - 26 * 60 * kMillisPerMinute};
  TreatmentSession session;
  session.id = server::new_random_id();
  session.patient_id = patient->id;
  session.protocol_id = esketamine->id;
  session.chair = "Chair 6";
  session.scheduled_at = minutes_after(first_device, -20);
  session.dose = *dose.dose;
  session.lot_number = "DEMO-ESK-0417";
  session.created_by = prescriber->id;
  session.created_at = minutes_after(first_device, -3 * 24 * 60);
  book_demo_session(store, schedule, session,
                    demo_audit(*prescriber, session.created_at, "session.create", patient->id));
  demo_checklist(store, session, *nurse, esketamine->pre_checks, "pre_checks",
                 minutes_after(first_device, -12));
  demo_vitals(store, session, *nurse, first_device, -6, 128, 82, 74);
  demo_vitals(store, session, *nurse, first_device, 40, 146, 90, 81);
  demo_vitals(store, session, *nurse, first_device, 90, 134, 84, 76);
  demo_vitals(store, session, *nurse, first_device, 118, 126, 80, 72);
  demo_event(store, session, *nurse, minutes_after(first_device, 25), "adverse_event",
             R"({"kind":"adverse_event","type":"dissociation","severity":"mild","serious":false,)"
             R"("description":"felt detached from her body","interventions":"reassurance"})");
  demo_event(store, session, *nurse, minutes_after(first_device, 30), "sedation",
             R"({"kind":"sedation","moaas":4})");
  demo_event(store, session, *nurse, minutes_after(first_device, 90), "sedation",
             R"({"kind":"sedation","moaas":5})");
  demo_checklist(store, session, *nurse, esketamine->discharge_checklist, "discharge",
                 minutes_after(first_device, 120));
  const std::pair<SessionPhase, int> steps[] = {{SessionPhase::checked_in, -15},
                                                {SessionPhase::ready, -5},
                                                {SessionPhase::dosing, 0},
                                                {SessionPhase::recovery, 15},
                                                {SessionPhase::discharged, 125}};
  SessionPhase from = SessionPhase::scheduled;
  for (const auto& [to, minute] : steps) {
    const UtcTime at = minutes_after(first_device, minute);
    store.record_transition(
        {session.id, from, to, at, nurse->id, nurse->username, "", false, std::nullopt},
        demo_audit(*nurse, at, "session.transition", patient->id));
    from = to;
  }
  return 1;
}

}  // namespace plasticity::app
