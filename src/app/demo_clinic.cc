#include "app/demo_clinic.h"

#include "server/credentials.h"

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
  return added;
}

}  // namespace plasticity::app
