// `plasticity synthesize`: a synthetic clinic of years of history (server/synthesis/), written
// through the store in bulk a group of patients at a time, each group one transaction planned as
// an import (the same scoring, phases and checks as a real history). The staff the history names
// (synthetic.*) are made when missing, with passwords nobody knows (an admin sets one to use
// them), and so are the chairs "Chair 1".."Chair N". Progress goes to standard error; the last
// line on standard output is a JSON summary of what was made.
#include <chrono>
#include <iostream>
#include <map>

#include "app/clinic_loading.h"
#include "app/commands.h"
#include "server/api.h"
#include "server/http/credentials.h"
#include "server/planning/plan_json.h"
#include "server/sessions/session_calendar.h"
#include "server/synthesis/synthetic_clinic.h"

namespace plasticity::app {
namespace {

constexpr int kPatientsPerTransaction = 25;

// The staff the synthetic history names: found, or made with a password nobody knows.
std::vector<server::SyntheticStaff> synthetic_staff(Store& store, UtcTime now) {
  const std::pair<const char*, Role> accounts[] = {{"synthetic.prescriber", Role::prescriber},
                                                   {"synthetic.nurse1", Role::nurse},
                                                   {"synthetic.nurse2", Role::nurse},
                                                   {"synthetic.nurse3", Role::nurse},
                                                   {"synthetic.frontdesk", Role::front_desk}};
  std::vector<server::SyntheticStaff> staff;
  for (const auto& [username, role] : accounts) {
    auto found = store.find_staff_by_username(username);
    std::int64_t id = found ? found->id : 0;
    if (!found) {
      id = *store.create_staff(
          {0, username, role, server::hash_password(server::new_random_id()), now});
      store.append_audit({0, now, id, username, std::string(to_string(role)), "staff.create",
                          "success", std::nullopt, "cli", "local",
                          "created by plasticity synthesize"});
    }
    staff.push_back({id, username, std::string(to_string(role))});
  }
  return staff;
}

// "Chair 1".."Chair N", made when the clinic has fewer; their ids by name.
std::map<std::string, Resource> synthetic_chairs(Store& store, int chairs,
                                                 const AuditEntry& audit) {
  std::map<std::string, Resource> by_name;
  for (const auto& r : store.resources()) by_name[r.name] = r;
  for (int c = 1; c <= chairs; ++c) {
    const std::string name = "Chair " + std::to_string(c);
    if (by_name.contains(name)) continue;
    Resource chair{"synthetic-chair-" + std::to_string(c), "chair", name, true};
    AuditEntry entry = audit;
    entry.action = "resource.create";
    store.create_resource(chair, entry);
    by_name[name] = chair;
  }
  return by_name;
}

struct Totals {
  std::size_t patients = 0, screenings = 0, plans = 0, sessions = 0, vital_readings = 0,
              assessments = 0, alarms = 0, adverse_events = 0, appointments = 0, audit_rows = 0;
};

const Resource& chair_named(const std::map<std::string, Resource>& chairs, int chair) {
  return chairs.at("Chair " + std::to_string(chair));
}

// Each course's screening and plan, for a patient the import made; the plan's id by patient key.
std::map<std::string, std::string> add_courses(const server::SyntheticGroup& group,
                                               const std::map<std::string, std::string>& id_of,
                                               const std::map<std::string, Resource>& chairs,
                                               ImportBatch& batch) {
  std::map<std::string, std::string> plan_of;
  for (const auto& course : group.courses) {
    const auto patient = id_of.find(course.patient_key);
    if (patient == id_of.end()) continue;
    ScreeningRecord screening = course.screening;
    screening.id = server::new_random_id();
    screening.patient_id = patient->second;
    TreatmentPlan plan = course.plan;
    plan.screening_id = screening.id;
    plan.resource_id = chair_named(chairs, course.chair).id;
    PlanRecord record = course.record;
    record.id = server::new_random_id();
    record.patient_id = patient->second;
    record.screening_id = screening.id;
    record.body_json = server::plan_to_json(plan).dump();
    plan_of[course.patient_key] = record.id;
    batch.screenings.push_back(std::move(screening));
    batch.plans.push_back(std::move(record));
  }
  return plan_of;
}

// What the import does not carry, added to its batch: each course's screening and plan, each
// session's place on the calendar (in its plan) and its alarms, and the audit rows, by the ids the
// plan gave the incoming records.
void add_visits(const server::SyntheticGroup& group, const ClinicSchedule& schedule,
                const std::map<std::string, Resource>& chairs, ImportBatch& batch) {
  std::map<std::string, std::string> id_of;  // source key → record id
  for (const auto& r : batch.provenance) id_of[r.source_key] = r.record_id;
  const auto plan_of = add_courses(group, id_of, chairs, batch);
  std::map<std::string, const TreatmentSession*> sessions;
  for (const auto& s : batch.sessions) sessions[s.id] = &s;
  std::map<std::string, bool> aborted;
  for (const auto& t : batch.transitions) {
    if (t.to == SessionPhase::aborted) aborted[t.session_id] = true;
  }
  for (const auto& visit : group.visits) {
    const auto id = id_of.find(visit.session_key);
    if (id == id_of.end()) continue;
    const TreatmentSession& session = *sessions.at(id->second);
    const AppointmentType* type = server::session_type(schedule, session.protocol_id);
    const auto chair = chairs.find(session.chair);
    if (type && chair != chairs.end()) {
      Appointment a = server::session_appointment(session, *type, chair->second);
      if (aborted.contains(session.id)) a.status = AppointmentStatus::cancelled;
      const auto plan = plan_of.find(visit.patient_key);
      if (plan != plan_of.end() && visit.plan_sequence > 0) {
        a.plan_id = plan->second;
        a.plan_sequence = visit.plan_sequence;
      }
      batch.appointments.push_back(a);
    }
    for (SessionAlarm alarm : visit.alarms) {
      alarm.session_id = session.id;
      batch.alarms.push_back(alarm);
    }
  }
  for (const auto& use : group.uses) {
    const auto patient = id_of.find(use.patient_key);
    if (patient == id_of.end()) continue;  // a patient the clinic already had: nothing new
    AuditEntry entry = use.entry;
    entry.patient_id = patient->second;
    batch.audits.push_back(entry);
  }
}

}  // namespace

int synthesize(const SynthesizeCommand& command) {
  const auto store = open_records({command.data_dir, command.database});
  if (store == nullptr) return 2;
  const LoadedClinic clinic = load_clinic(command.definitions, command.data_dir, *store, "");
  const UtcTime now = server::system_now();
  const auto staff = synthetic_staff(*store, now);
  const server::SyntheticStaff& author = staff.front();
  AuditEntry audit{
      0,         now,          author.id, author.username, author.role, "synthesize.run",
      "success", std::nullopt, "cli",     "local",         ""};
  const auto chairs = synthetic_chairs(*store, command.chairs, audit);
  const ClinicSchedule& schedule = clinic.settings.schedule;
  server::SyntheticClinic synthetic{{command.patients, command.years, command.chairs,
                                     command.vitals_every_seconds, command.seed, now},
                                    clinic.protocols,
                                    clinic.instruments,
                                    schedule,
                                    clinic.settings.screening_rules,
                                    staff};
  const std::string source = "synthetic:seed-" + std::to_string(command.seed);
  const server::ImportContext context{source, author.id, author.username, now,
                                      schedule.time_zone->to_local(now).date};
  Totals totals;
  const auto started = std::chrono::steady_clock::now();
  while (!synthetic.done()) {
    const server::SyntheticGroup group = synthetic.next(kPatientsPerTransaction);
    server::ImportPlan plan =
        server::plan_import(group.incoming, *store, clinic.instruments, clinic.protocols, context);
    if (!plan.errors.empty()) {
      for (const auto& e : plan.errors) std::cerr << "error: " << e.message << "\n";
      std::cerr << "error: the synthetic clinic made records the import refuses: nothing more "
                   "was written\n";
      return 3;
    }
    add_visits(group, schedule, chairs, plan.batch);
    AuditEntry run = audit;
    run.detail = source + ": " + std::to_string(plan.counts.patients) + " patients, " +
                 std::to_string(plan.counts.sessions) + " sessions";
    run.shown_patient_ids = plan.patient_ids;
    store->import_records(plan.batch, run);
    seal_all(*store, nullptr);  // as it goes: the next group's rows reuse the pages these leave
    totals.patients += plan.counts.patients;
    totals.screenings += plan.batch.screenings.size();
    totals.plans += plan.batch.plans.size();
    totals.sessions += plan.counts.sessions;
    totals.vital_readings += plan.counts.vital_readings;
    totals.assessments += plan.counts.assessments;
    totals.adverse_events += plan.counts.adverse_events;
    totals.alarms += plan.batch.alarms.size();
    totals.appointments += plan.batch.appointments.size();
    totals.audit_rows += plan.batch.audits.size() + 1;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cerr << "patients " << totals.patients << "/" << command.patients << ", sessions "
              << totals.sessions << ", vital readings " << totals.vital_readings << " ("
              << static_cast<long>(totals.vital_readings / std::max(seconds, 1e-3))
              << "/s), assessments " << totals.assessments << "\n";
  }
  server::OrderedJson summary{{"patients", totals.patients},
                              {"screenings", totals.screenings},
                              {"plans", totals.plans},
                              {"sessions", totals.sessions},
                              {"vital_readings", totals.vital_readings},
                              {"assessments", totals.assessments},
                              {"alarms", totals.alarms},
                              {"adverse_events", totals.adverse_events},
                              {"appointments", totals.appointments},
                              {"audit_rows", totals.audit_rows},
                              {"seed", command.seed},
                              {"years", command.years},
                              {"chairs", command.chairs},
                              {"vitals_every_seconds", command.vitals_every_seconds}};
  std::cout << summary.dump() << "\n";
  return 0;
}

}  // namespace plasticity::app
