// A synthetic clinic: years of invented but realistic history, made a group of patients at a time
// for `plasticity synthesize` (app/synthesize_commands.cc), the benchmarks and the tests.
//
// Patients arrive evenly over the years (names drawn from invented lists, MRNs SYN-000001...),
// each with a diagnosis and a course: screened (the clinic's own rules judging an intake of
// their history) and signed off, planned and confirmed by a prescriber, then IV ketamine (six
// infusions over three weeks) or esketamine (twice weekly for four weeks, weekly for four more),
// and maintenance sessions every four weeks for most patients whose symptoms fell. Sessions sit in
// the clinic's chairs on weekdays in three slots a day; each is walked through its phases with
// vital signs at the monitor's rate (heart rate, SpO2, respiratory rate every reading; blood
// pressure every cuff cycle of five minutes), ketamine's rise in blood pressure and heart rate
// during dosing, the protocol's own alarm rules judging every reading (monitoring/alarm_rules.h), a
// nurse acknowledging each alarm within three minutes, and adverse events at rates of the order
// reported for ketamine. Symptom scales (the PHQ-9 before every session, the first its baseline;
// GAD-7 or PCL-5 by diagnosis before every other one) fall over the first weeks to a sixth to a
// half of the baseline for about half the patients, and little for the rest. Each session's
// appointment, and the audit rows its use made (one for a monitor's readings every ten minutes, as
// a gateway sending in batches would), come with it.
//
// The same seed gives the same clinic (names, times, values; record ids are random as always).
// Nothing here is a clinical claim: the rates are the generator's, labelled "synthetic".
//
//   SyntheticClinic clinic{spec, protocols, instruments, schedule, staff};
//   while (!clinic.done()) { SyntheticGroup group = clinic.next(50); /* plan_import, write */ }
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "eligibility/screening.h"
#include "interop/instrument_json.h"
#include "interop/protocol_json.h"
#include "scheduling/clinic_schedule.h"
#include "server/imports/import_plan.h"
#include "storage/planning_records.h"

namespace plasticity::server {

struct SynthesisSpec {
  int patients = 100;
  int years = 1;
  int chairs = 12;
  int vitals_every_seconds = 5;  // a monitor's reading set
  std::uint64_t seed = 1;
  UtcTime end;  // the history ends here (now): nothing later is made
};

// Who the history's actions are done by, for the audit rows their use would have made.
struct SyntheticStaff {
  std::int64_t id = 0;
  std::string username;
  std::string role;
};

// What the import does not carry of one session: its chair and booked time, and its alarms
// (session_id empty until the import names the session).
struct SyntheticVisit {
  std::string session_key;
  std::string patient_key;
  int chair = 1;
  int plan_sequence = 0;  // its place in the plan's induction; 0 for a maintenance session
  std::vector<SessionAlarm> alarms;
};

// An audit row for a record the import names later: `patient_key` is the incoming patient's key.
struct SyntheticUse {
  std::string patient_key;
  AuditEntry entry;
};

// A course's screening (signed off) and plan (confirmed), for the patient `patient_key`: ids, the
// patient's and the plan's chair are filled in once the import has named them.
struct SyntheticCourse {
  std::string patient_key;
  ScreeningRecord screening;
  TreatmentPlan plan;
  PlanRecord record;
  int chair = 1;  // the first session's, the plan's chair
};

struct SyntheticGroup {
  Incoming incoming;
  std::vector<SyntheticCourse> courses;
  std::vector<SyntheticVisit> visits;
  std::vector<SyntheticUse> uses;
};

class SyntheticClinic {
 public:
  SyntheticClinic(SynthesisSpec spec, const ProtocolCatalog& protocols,
                  const InstrumentCatalog& instruments, const ClinicSchedule& schedule,
                  const std::vector<ScreeningRule>& screening_rules,
                  std::vector<SyntheticStaff> staff);

  bool done() const { return next_patient_ >= spec_.patients; }
  // The next `count` patients (fewer at the end), in order of their first visit.
  SyntheticGroup next(int count);

 private:
  struct Course;
  void patient(int index, SyntheticGroup& group);
  std::vector<UtcTime> book(const Course& course, std::vector<int>& chairs);
  Intake intake(const Course& course, const PatientDemographics& patient, int age);
  void plan_course(const Course& course, const PatientDemographics& patient, int age,
                   const std::vector<UtcTime>& slots, int chair, SyntheticGroup& group);
  void session(const std::string& patient_key, const Course& course, int number, UtcTime slot,
               int chair, int plan_sequence, SyntheticGroup& group);
  void readings(const Protocol& protocol, IncomingSession& session, SyntheticVisit& visit,
                const Course& course);
  void assessment(const std::string& patient_key, const std::string& instrument_id, UtcTime at,
                  int total, SyntheticGroup& group);
  void use(SyntheticGroup& group, const std::string& patient_key, const SyntheticStaff& who,
           const std::string& action, UtcTime at, const std::string& detail);
  const SyntheticStaff& staff(const std::string& role);
  double normal(double mean, double sd);
  bool chance(double p);
  int between(int low, int high);  // inclusive

  SynthesisSpec spec_;
  const ProtocolCatalog& protocols_;
  const InstrumentCatalog& instruments_;
  const ClinicSchedule& schedule_;
  const std::vector<ScreeningRule>& screening_rules_;
  std::vector<SyntheticStaff> staff_;
  std::mt19937_64 random_;
  UtcTime start_;
  int next_patient_ = 0;
  // Chairs taken per clinic day (days since start_) and slot.
  std::vector<std::vector<int>> taken_;
};

}  // namespace plasticity::server
