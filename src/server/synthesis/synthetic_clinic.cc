#include "server/synthesis/synthetic_clinic.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <span>
#include <stdexcept>

#include "core/clinic_time.h"
#include "monitoring/alarm_rules.h"
#include "server/http/credentials.h"
#include "server/planning/plan_json.h"
#include "server/planning/screening_json.h"

namespace plasticity::server {
namespace {

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = kMillisPerMinute;
constexpr int kDaysPerYear = 365;
// Three chair slots a clinic day, local time: 08:00, 11:00 and 14:00. A slot holds the longest
// session whole (esketamine: check-in, up to 35 minutes to the dose, two hours' monitoring and up
// to 20 more minutes: under three hours), so one chair's monitor never serves two sessions at once.
constexpr int kSlotMinutes[] = {8 * 60, 11 * 60, 14 * 60};
constexpr int kSlots = 3;
constexpr int kCuffCycleSeconds = 300;  // blood pressure: one cuff reading every five minutes
constexpr int kAlarmWindow = 10;        // readings of each kind the rules look back over

// Session days after the first: IV ketamine's six infusions over three weeks; esketamine twice
// weekly for four weeks, then weekly for four.
const std::vector<int> kIvDays{0, 3, 7, 10, 14, 17};
const std::vector<int> kEsketamineDays{0, 3, 7, 10, 14, 17, 21, 24, 28, 35, 42, 49};
constexpr int kMaintenanceEveryDays = 28;

const char* const kGivenNames[] = {
    "Alex",    "Avery",  "Blake",  "Cameron", "Casey",  "Dana",   "Drew",   "Elliot",
    "Emerson", "Finley", "Harper", "Hayden",  "Jamie",  "Jordan", "Kai",    "Kendall",
    "Logan",   "Morgan", "Parker", "Peyton",  "Quinn",  "Reese",  "Riley",  "Rowan",
    "Sage",    "Sam",    "Skyler", "Taylor",  "Jessie", "Robin",  "Leslie", "Marion"};
const char* const kFamilyNames[] = {
    "Smith",    "Johnson",   "Williams",  "Brown",     "Jones",     "Garcia",   "Miller",
    "Davis",    "Rodriguez", "Martinez",  "Hernandez", "Lopez",     "Gonzalez", "Wilson",
    "Anderson", "Thomas",    "Taylor",    "Moore",     "Jackson",   "Martin",   "Lee",
    "Perez",    "Thompson",  "White",     "Harris",    "Sanchez",   "Clark",    "Ramirez",
    "Lewis",    "Robinson",  "Walker",    "Young",     "Allen",     "King",     "Wright",
    "Scott",    "Torres",    "Nguyen",    "Hill",      "Flores",    "Green",    "Adams",
    "Nelson",   "Baker",     "Hall",      "Rivera",    "Campbell",  "Mitchell", "Carter",
    "Roberts",  "Smithers",  "Goldsmith", "Smithson",  "Blacksmith"};

struct DiagnosisShare {
  const char* code;
  const char* display;
  const char* indication;         // the plan's (protocols/treatment_plan.h)
  const char* second_instrument;  // beside the PHQ-9; "" for none
  bool esketamine_allowed;        // esketamine is for depression only
  double share;
};
const DiagnosisShare kDiagnoses[] = {
    {"F33.2", "Major depressive disorder, recurrent severe without psychotic features", "trd", "",
     true, 0.40},
    {"F33.1", "Major depressive disorder, recurrent, moderate", "trd", "", true, 0.25},
    {"F32.2", "Major depressive disorder, single episode, severe without psychotic features", "trd",
     "", true, 0.10},
    {"F43.10", "Post-traumatic stress disorder, unspecified", "ptsd", "pcl5", false, 0.15},
    {"F41.1", "Generalized anxiety disorder", "gad", "gad7", false, 0.10},
};

// Adverse events at a session, as a share of sessions (the generator's rates, of the order
// reported for subanaesthetic ketamine: nausea and dizziness most often).
struct AdverseShare {
  const char* kind;
  const char* description;
  double share;
};
const AdverseShare kAdverse[] = {
    {"nausea", "Nausea during the infusion", 0.08},
    {"dizziness", "Dizziness on standing", 0.06},
    {"headache", "Headache after dosing", 0.05},
    {"anxiety", "Anxious during dissociation; reassured", 0.03},
    {"vomiting", "Vomited once in recovery", 0.01},
};

std::string pad(int number, int width) {
  std::string text = std::to_string(number);
  return std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(text.size()))),
                     '0') +
         text;
}

// Ketamine's effect on blood pressure and heart rate: rising with the dose, greatest about 35
// minutes after it starts, mostly gone within 90 minutes (a smooth shape, not a PK model).
double effect(double minutes_since_dose) {
  if (minutes_since_dose < 0) return 0;
  const double x = (minutes_since_dose - 35.0) / 25.0;
  return std::exp(-x * x);
}

}  // namespace

struct SyntheticClinic::Course {
  std::string patient_key;
  const DiagnosisShare* diagnosis = nullptr;
  const Protocol* protocol = nullptr;
  int first_day = 0;  // days after the history's start
  double weight_kg = 70;
  bool responder = false;
  double residual = 1;  // the share of the baseline score left once the course has worked
  int phq9_baseline = 18;
  std::string second_instrument;
  int second_baseline = 0;
  double sbp = 120, dbp = 78, hr = 72, bp_response = 15;
};

SyntheticClinic::SyntheticClinic(SynthesisSpec spec, const ProtocolCatalog& protocols,
                                 const InstrumentCatalog& instruments,
                                 const ClinicSchedule& schedule,
                                 const std::vector<ScreeningRule>& screening_rules,
                                 std::vector<SyntheticStaff> staff)
    : spec_(spec),
      protocols_(protocols),
      instruments_(instruments),
      schedule_(schedule),
      screening_rules_(screening_rules),
      staff_(std::move(staff)),
      random_(spec.seed),
      start_{spec.end.epoch_ms - std::int64_t{spec.years} * kDaysPerYear * 24 * 60 * kMinute},
      taken_(static_cast<std::size_t>(spec.years * kDaysPerYear + 1), std::vector<int>(kSlots)) {
  for (const char* id : {"iv_ketamine", "esketamine_nasal"}) {
    if (!protocols_.find(id)) throw std::invalid_argument(std::string("no protocol ") + id);
  }
  for (const char* id : {"phq9", "gad7", "pcl5"}) {
    if (!instruments_.find(id)) throw std::invalid_argument(std::string("no instrument ") + id);
  }
  if (!schedule_.time_zone) throw std::invalid_argument("the clinic has no time zone");
}

double SyntheticClinic::normal(double mean, double sd) {
  return std::normal_distribution<double>{mean, sd}(random_);
}

bool SyntheticClinic::chance(double p) { return std::uniform_real_distribution<>{}(random_) < p; }

int SyntheticClinic::between(int low, int high) {
  return std::uniform_int_distribution<int>{low, high}(random_);
}

const SyntheticStaff& SyntheticClinic::staff(const std::string& role) {
  std::vector<const SyntheticStaff*> of_role;
  for (const auto& s : staff_) {
    if (s.role == role) of_role.push_back(&s);
  }
  if (of_role.empty()) throw std::invalid_argument("no synthetic " + role);
  return *of_role[static_cast<std::size_t>(between(0, static_cast<int>(of_role.size()) - 1))];
}

void SyntheticClinic::use(SyntheticGroup& group, const std::string& patient_key,
                          const SyntheticStaff& who, const std::string& action, UtcTime at,
                          const std::string& detail) {
  group.uses.push_back(
      {patient_key,
       AuditEntry{0, at, who.id ? std::optional(who.id) : std::nullopt, who.username, who.role,
                  action, "success", std::nullopt, "synthetic", "synthetic", detail}});
}

SyntheticGroup SyntheticClinic::next(int count) {
  SyntheticGroup group;
  for (int i = 0; i < count && !done(); ++i) patient(next_patient_++, group);
  return group;
}

void SyntheticClinic::patient(int index, SyntheticGroup& group) {
  const int span_days = spec_.years * kDaysPerYear;
  Course course;
  course.patient_key = "synthetic:patient:" + std::to_string(index + 1);
  course.first_day = static_cast<int>((index + std::uniform_real_distribution<>{}(random_)) *
                                      span_days / spec_.patients);

  double pick = std::uniform_real_distribution<>{}(random_), sum = 0;
  const DiagnosisShare* diagnosis = &kDiagnoses[0];
  for (const auto& d : kDiagnoses) {
    sum += d.share;
    if (pick < sum) {
      diagnosis = &d;
      break;
    }
  }
  course.diagnosis = diagnosis;
  const bool esketamine = diagnosis->esketamine_allowed && chance(0.3);
  course.protocol = protocols_.find(esketamine ? "esketamine_nasal" : "iv_ketamine");
  course.responder = chance(0.5);
  course.residual = course.responder ? std::uniform_real_distribution<>{0.15, 0.5}(random_)
                                     : std::uniform_real_distribution<>{0.7, 1.0}(random_);
  course.phq9_baseline = std::clamp(static_cast<int>(std::lround(normal(18, 3.5))), 10, 27);
  course.second_instrument = diagnosis->second_instrument;
  if (course.second_instrument == "pcl5") {
    course.second_baseline = std::clamp(static_cast<int>(std::lround(normal(52, 10))), 33, 80);
  } else if (course.second_instrument == "gad7") {
    course.second_baseline = std::clamp(static_cast<int>(std::lround(normal(14, 3))), 8, 21);
  }
  course.weight_kg = std::clamp(std::round(normal(78, 16) * 10) / 10, 45.0, 150.0);
  course.sbp = normal(120, 11);
  course.dbp = normal(77, 7);
  course.hr = normal(72, 9);

  const ClinicTimeZone& zone = *schedule_.time_zone;
  const CalendarDate first_date = add_days(zone.to_local(start_).date, course.first_day);
  const int age = between(18, 75);
  IncomingPatient p;
  p.key = course.patient_key;
  p.where = "synthetic patient " + std::to_string(index + 1);
  PatientDemographics& d = p.demographics;
  d.mrn = "SYN-" + pad(index + 1, 6);
  d.given_name = kGivenNames[between(0, int(std::size(kGivenNames)) - 1)];
  d.family_name = kFamilyNames[between(0, int(std::size(kFamilyNames)) - 1)];
  d.birth_date = add_days(CalendarDate{first_date.year - age, 1, 1}, between(0, 364));
  d.sex_at_birth = chance(0.62) ? SexAtBirth::female : SexAtBirth::male;
  d.weight_kg = course.weight_kg;
  d.height_cm = std::round(normal(d.sex_at_birth == SexAtBirth::female ? 164 : 177, 7));
  d.diagnoses = {{diagnosis->code, diagnosis->display}};
  group.incoming.patients.push_back(p);
  const UtcTime registered = zone.to_utc(add_days(first_date, -7), 9 * 60 + between(0, 480));
  if (registered < spec_.end) {
    use(group, p.key, staff("front_desk"), "patient.create", registered, "synthetic");
    use(group, p.key, staff("prescriber"), "patient.read", UtcTime{registered.epoch_ms + 3600000},
        "");
  }

  std::vector<int> chairs;
  const std::vector<UtcTime> slots = book(course, chairs);
  if (!slots.empty()) plan_course(course, d, age, slots, chairs.front(), group);
  const int induction = course.protocol->id == "iv_ketamine"
                            ? static_cast<int>(kIvDays.size())
                            : static_cast<int>(kEsketamineDays.size());
  for (std::size_t n = 0; n < slots.size(); ++n) {
    // The PHQ-9 before every session (the first is the baseline), the second scale before every
    // other one.
    const double weeks = (slots[n].epoch_ms - slots[0].epoch_ms) / (7.0 * 24 * 60 * kMinute);
    const double fall = course.residual + (1 - course.residual) * std::exp(-weeks / 1.2);
    const UtcTime at{slots[n].epoch_ms - 20 * kMinute};
    assessment(p.key, "phq9", at,
               static_cast<int>(std::lround(course.phq9_baseline * fall + normal(0, 1.5))), group);
    if (n % 2 == 0) {
      if (!course.second_instrument.empty()) {
        assessment(p.key, course.second_instrument, UtcTime{at.epoch_ms + kMinute},
                   static_cast<int>(std::lround(course.second_baseline * fall + normal(0, 2))),
                   group);
      }
    }
    const int sequence = static_cast<int>(n) < induction ? static_cast<int>(n) + 1 : 0;
    session(p.key, course, static_cast<int>(n), slots[n], chairs[n], sequence, group);
  }
}

// What the patient told the clinic before the course: nothing that rules ketamine out (they were
// referred for it), now and then a relative contraindication the prescriber overrides.
Intake SyntheticClinic::intake(const Course& course, const PatientDemographics& patient, int age) {
  Intake answers;
  for (const auto& field : intake_fields()) {
    if (field.type == IntakeFieldType::yes_no) answers[field.id] = false;
  }
  answers["ptsd"] = std::string(course.diagnosis->code).starts_with("F43.1");
  answers["recreational_ketamine_pcp_opioid_uses_past_year"] = 0.0;
  answers["adequate_antidepressant_trials"] = static_cast<double>(between(2, 5));
  answers["benzodiazepine_lorazepam_mg_per_day"] = chance(0.1) ? 1.0 : 0.0;
  answers["hypertension"] = std::string(chance(0.15) ? "controlled" : "none");
  answers["cerebrovascular_disease"] = std::string("none");
  answers["pregnancy_status"] =
      std::string(patient.sex_at_birth == SexAtBirth::female ? "not_pregnant" : "not_applicable");
  answers["baseline_sbp"] = std::round(course.sbp);
  answers["baseline_dbp"] = std::round(course.dbp);
  answers["baseline_hr"] = std::round(course.hr);
  answers["weight_kg"] = course.weight_kg;
  answers["baseline_phq9"] = static_cast<double>(course.phq9_baseline);
  if (const FieldErrors errors = validate_intake(answers); !errors.empty()) {
    throw std::logic_error("synthetic intake: " + errors.front().message);
  }
  answers["age_years"] = static_cast<double>(age);
  return answers;
}

// The course's screening (five days before the first session, signed off within the hour, each
// relative contraindication overridden with a reason) and its plan (written and confirmed that
// afternoon), checked by the rules a prescriber's would be.
void SyntheticClinic::plan_course(const Course& course, const PatientDemographics& patient, int age,
                                  const std::vector<UtcTime>& slots, int chair,
                                  SyntheticGroup& group) {
  const ClinicTimeZone& zone = *schedule_.time_zone;
  const LocalDateTime first = zone.to_local(slots.front());
  const UtcTime screened = zone.to_utc(add_days(first.date, -5), 10 * 60 + between(0, 60));
  if (UtcTime{screened.epoch_ms + 6 * 60 * kMinute} > spec_.end) return;
  const SyntheticStaff& prescriber = staff("prescriber");
  const Intake answers = intake(course, patient, age);
  const ScreeningResult result = screen(screening_rules_, course.protocol->id, answers);
  if (result.eligibility == Eligibility::not_eligible) {
    throw std::logic_error("synthetic intake not eligible: " + result.fired.front().id);
  }
  SyntheticCourse c;
  c.patient_key = course.patient_key;
  c.chair = chair;
  ScreeningRecord& s = c.screening;
  s.protocol_id = course.protocol->id;
  s.intake_json = intake_to_json(answers).dump();
  s.eligibility = std::string(to_string(result.eligibility));
  s.fired_json = fired_to_json(result.fired).dump();
  s.screened_at = screened;
  s.screened_by = prescriber.id;
  s.screened_by_username = prescriber.username;
  s.decision = "approved";
  OrderedJson overrides = OrderedJson::array();
  for (const auto& rule : result.fired) {
    if (rule.kind != RuleKind::relative) continue;
    overrides.push_back({{"rule_id", rule.id},
                         {"reason",
                          "Discussed with the patient; benefit judged to outweigh the "
                          "risk (synthetic)"}});
  }
  s.overrides_json = overrides.dump();
  s.signed_by = prescriber.id;
  s.signed_by_username = prescriber.username;
  s.signed_at = UtcTime{screened.epoch_ms + between(10, 50) * kMinute};

  TreatmentPlan& plan = c.plan;
  const bool iv = course.protocol->id == "iv_ketamine";
  plan.indication = course.diagnosis->indication;
  plan.protocol_id = course.protocol->id;
  if (iv) {
    plan.dose_mg_per_kg = 0.5;
  } else {
    plan.dose_mg = 56;
    plan.notes = "84 mg from the third session, as the label allows";
  }
  plan.induction = iv ? std::vector<CoursePhase>{{6, 2}} : std::vector<CoursePhase>{{8, 2}, {4, 1}};
  plan.first_date = first.date;
  plan.start_minute = first.minute_of_day;
  plan.staff_ids = {staff("nurse").id};
  plan.measurements = {{"phq9", "before_every_session"}};
  if (!course.second_instrument.empty()) {
    plan.measurements.push_back({course.second_instrument, "weekly"});
  }
  plan.primary_instrument = "phq9";
  if (const FieldErrors errors = validate_plan(plan, *course.protocol); !errors.empty()) {
    throw std::logic_error("synthetic plan: " + errors.front().message);
  }
  c.record.protocol_id = plan.protocol_id;
  c.record.created_by = prescriber.id;
  c.record.created_at = UtcTime{s.signed_at->epoch_ms + between(60, 180) * kMinute};
  c.record.confirmed_at = UtcTime{c.record.created_at.epoch_ms + between(5, 60) * kMinute};
  c.record.confirmed_by = prescriber.id;
  use(group, course.patient_key, prescriber, "screening.create", s.screened_at,
      s.protocol_id + ": " + s.eligibility);
  use(group, course.patient_key, prescriber, "screening.sign_off", *s.signed_at, "approved");
  use(group, course.patient_key, prescriber, "plan.create", c.record.created_at, plan.protocol_id);
  use(group, course.patient_key, prescriber, "plan.confirm", *c.record.confirmed_at, "");
  group.courses.push_back(std::move(c));
}

// The course's sessions in free chairs, each on the first weekday from its day with a slot open;
// only those over before the history ends.
std::vector<UtcTime> SyntheticClinic::book(const Course& course, std::vector<int>& chairs) {
  std::vector<int> days = course.protocol->id == "iv_ketamine" ? kIvDays : kEsketamineDays;
  if (course.responder && chance(0.7)) {
    const int boosters = between(1, 12);
    for (int b = 1; b <= boosters; ++b) days.push_back(days.back() + kMaintenanceEveryDays);
  }
  const ClinicTimeZone& zone = *schedule_.time_zone;
  const CalendarDate origin = zone.to_local(start_).date;
  std::vector<UtcTime> slots;
  int last_day = -1;
  for (const int offset : days) {
    int day = std::max(course.first_day + offset, last_day + 1);
    const int preferred_slot = between(0, kSlots - 1);
    std::optional<UtcTime> booked;
    for (; day < static_cast<int>(taken_.size()) && !booked; ++day) {
      const int weekday = weekday_of(add_days(origin, day));
      if (weekday == 0 || weekday == 6) continue;
      for (int k = 0; k < kSlots && !booked; ++k) {
        const int slot = (preferred_slot + k) % kSlots;
        if (taken_[day][slot] >= spec_.chairs) continue;
        const UtcTime at = zone.to_utc(add_days(origin, day), kSlotMinutes[slot]);
        if (at.epoch_ms + 4 * 60 * kMinute > spec_.end.epoch_ms) return slots;
        chairs.push_back(++taken_[day][slot]);
        booked = at;
        last_day = day;
      }
    }
    if (!booked) break;
    slots.push_back(*booked);
  }
  return slots;
}

void SyntheticClinic::session(const std::string& patient_key, const Course& course, int number,
                              UtcTime slot, int chair, int plan_sequence, SyntheticGroup& group) {
  const Protocol& protocol = *course.protocol;
  const bool iv = protocol.id == "iv_ketamine";
  IncomingSession s;
  s.key = "synthetic:session:" + patient_key.substr(patient_key.rfind(':') + 1) + ":" +
          std::to_string(number + 1);
  s.where = "synthetic session " + s.key;
  s.patient_key = patient_key;
  s.protocol_id = protocol.id;
  s.chair = "Chair " + std::to_string(chair);
  s.start = UtcTime{slot.epoch_ms + between(0, 10) * kMinute};
  s.lot_number = "SYN-LOT-" + std::to_string(schedule_.time_zone->to_local(slot).date.year);
  SyntheticVisit visit{s.key, patient_key, chair, plan_sequence, {}};
  const SyntheticStaff& nurse = staff("nurse");
  use(group, patient_key, staff("front_desk"), "appointment.book",
      UtcTime{slot.epoch_ms - 3 * 24 * 60 * kMinute}, "synthetic");
  if (chance(0.02)) {  // came in, but was not dosed today (blood pressure, illness)
    s.aborted = true;
    s.end = UtcTime{s.start.epoch_ms + 20 * kMinute};
    use(group, patient_key, nurse, "session.transition", *s.end, "aborted");
    group.incoming.sessions.push_back(std::move(s));
    group.visits.push_back(std::move(visit));
    return;
  }
  s.dosing_start = UtcTime{s.start.epoch_ms + between(15, 25) * kMinute};
  s.dosing_end = UtcTime{s.dosing_start->epoch_ms + (iv ? 40 : 10) * kMinute};
  s.end = UtcTime{s.dosing_start->epoch_ms +
                  (protocol.minimum_monitoring_minutes + between(0, 20)) * kMinute};
  s.dose_mg = iv ? std::round(0.5 * course.weight_kg * 10) / 10 : (number < 2 ? 56 : 84);
  readings(protocol, s, visit, course);
  for (const auto& a : kAdverse) {
    if (!chance(a.share)) continue;
    const UtcTime at{s.dosing_start->epoch_ms + between(10, 60) * kMinute};
    s.adverse_events.push_back({at, AdverseEvent{a.kind, a.description, "mild", false, ""}});
  }
  for (const auto& [at, what] :
       {std::pair{s.start, "session.transition"}, std::pair{*s.dosing_start, "session.transition"},
        std::pair{*s.dosing_end, "session.transition"}, std::pair{*s.end, "session.transition"},
        std::pair{s.start, "patient.read"}, std::pair{*s.dosing_start, "session.read"},
        std::pair{*s.end, "session.read"}}) {
    use(group, patient_key, nurse, what, at, "");
  }
  for (std::int64_t at = s.start.epoch_ms; at < s.end->epoch_ms; at += 10 * kMinute) {
    use(group, patient_key, SyntheticStaff{0, "device:monitor-" + std::to_string(chair), "device"},
        "vitals.record", UtcTime{at}, "synthetic monitor");
  }
  group.incoming.sessions.push_back(std::move(s));
  group.visits.push_back(std::move(visit));
}

void SyntheticClinic::readings(const Protocol& protocol, IncomingSession& s, SyntheticVisit& visit,
                               const Course& course) {
  const std::string device = "monitor-" + std::to_string(visit.chair);
  const double response = std::max(0.0, normal(course.bp_response, 8)) + (chance(0.03) ? 35 : 0);
  const int step = std::max(1, spec_.vitals_every_seconds);
  const int cuff_every = std::max(1, kCuffCycleSeconds / step);
  std::map<VitalKind, std::vector<TimedValue>> seen;
  std::map<VitalKind, double> baseline;
  std::vector<SessionAlarm> open;  // raised and not yet cleared, by rule
  const SyntheticStaff& nurse = staff("nurse");
  int n = 0;
  for (std::int64_t t = s.start.epoch_ms; t <= s.end->epoch_ms; t += step * kSecond, ++n) {
    const UtcTime at{t};
    const double minutes = (t - s.dosing_start->epoch_ms) / static_cast<double>(kMinute);
    const double e = effect(minutes) * response;
    std::vector<std::pair<VitalKind, double>> sample{
        {VitalKind::heart_rate, std::round(course.hr + 0.4 * e + normal(0, 3))},
        {VitalKind::spo2, std::min(100.0, std::round(normal(97.5, 1)))},
        {VitalKind::respiratory_rate, std::round(normal(14, 1.5))}};
    if (n % cuff_every == 0) {
      sample.push_back({VitalKind::systolic_bp, std::round(course.sbp + e + normal(0, 4))});
      sample.push_back({VitalKind::diastolic_bp, std::round(course.dbp + 0.5 * e + normal(0, 3))});
    }
    for (const auto& [kind, value] : sample) {
      s.readings.push_back({device, kind, value, at, at});
      seen[kind].push_back({at, value});
      if (minutes < 0) baseline[kind] = value;
    }
    // The protocol's own rules judge every reading, as the server's monitor does.
    MonitoringSnapshot snapshot;
    for (const auto& [kind, values] : seen) {
      const std::size_t from = values.size() > kAlarmWindow ? values.size() - kAlarmWindow : 0;
      snapshot.readings[kind] = std::span<const TimedValue>(values).subspan(from);
    }
    snapshot.baseline = baseline;
    if (minutes >= 0 && at <= *s.dosing_end) snapshot.dosing_since = *s.dosing_start;
    snapshot.now = at;
    const auto firing = firing_alarms(protocol.alarm_rules, snapshot);
    for (auto& alarm : open) {
      const bool fires = std::any_of(firing.begin(), firing.end(), [&](const FiringAlarm& f) {
        return f.rule_id == alarm.rule_id;
      });
      if (fires)
        alarm.condition_ended_at.reset();
      else if (!alarm.condition_ended_at)
        alarm.condition_ended_at = at;
    }
    for (const auto& f : firing) {
      const bool known = std::any_of(open.begin(), open.end(),
                                     [&](const SessionAlarm& a) { return a.rule_id == f.rule_id; });
      if (known) continue;
      SessionAlarm alarm;
      alarm.id = new_random_id();
      alarm.rule_id = f.rule_id;
      alarm.severity = f.severity;
      alarm.message = f.message;
      alarm.value = f.value;
      alarm.raised_at = at;
      alarm.acknowledged_by = nurse.id;
      alarm.acknowledged_by_username = nurse.username;
      alarm.acknowledged_at = UtcTime{t + between(30, 180) * kSecond};
      alarm.action = "Rechecked; prescriber informed; observed until settled (synthetic)";
      open.push_back(alarm);
    }
    // Cleared once acknowledged and over.
    for (auto it = open.begin(); it != open.end();) {
      if (it->condition_ended_at && *it->acknowledged_at <= at) {
        it->cleared_at = std::max(*it->condition_ended_at, *it->acknowledged_at);
        visit.alarms.push_back(*it);
        it = open.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& alarm : open) {  // still open at discharge: seen, and over when the patient left
    if (!alarm.condition_ended_at) alarm.condition_ended_at = *s.end;
    alarm.cleared_at = std::max(*alarm.condition_ended_at, *alarm.acknowledged_at);
    visit.alarms.push_back(alarm);
  }
}

// Item answers that add up to `total` (clamped to what the scale allows), spread at random over
// the scored items; the PHQ-9's item 9 answered "several days" in one assessment in fifty of
// moderate or worse scores.
void SyntheticClinic::assessment(const std::string& patient_key, const std::string& instrument_id,
                                 UtcTime at, int total, SyntheticGroup& group) {
  if (at > spec_.end) return;
  const Instrument& instrument = instruments_.find(instrument_id)->instrument;
  Answers answers;
  std::vector<std::pair<std::string, int>> items;  // the items the total is spread over, and max
  int room = 0;
  for (const auto& item : instrument.items) {
    if (!item.scored) continue;
    answers[item.id] = 0;
    if (item.id == "phq9_9") continue;
    int most = 0;
    for (const auto& o : item.options) most = std::max(most, o.score);
    items.push_back({item.id, most});
    room += most;
  }
  int left = total;
  if (instrument_id == "phq9" && left >= 10 && chance(0.02)) {
    answers["phq9_9"] = 1;
    --left;
  }
  left = std::clamp(left, 0, room);
  while (left > 0) {
    const auto& [id, most] = items[static_cast<std::size_t>(between(0, int(items.size()) - 1))];
    if (answers[id] >= most) continue;
    ++answers[id];
    --left;
  }
  IncomingAssessment a;
  a.key = "synthetic:assessment:" + patient_key.substr(patient_key.rfind(':') + 1) + ":" +
          instrument_id + ":" + std::to_string(at.epoch_ms);
  a.where = "synthetic assessment " + a.key;
  a.patient_key = patient_key;
  a.instrument_id = instrument_id;
  a.administered_at = at;
  a.answers = std::move(answers);
  group.incoming.assessments.push_back(std::move(a));
  use(group, patient_key, staff("nurse"), "assessment.create", at, instrument_id);
  use(group, patient_key, staff("prescriber"), "assessment.read",
      UtcTime{at.epoch_ms + 30 * kMinute}, "");
}

}  // namespace plasticity::server
