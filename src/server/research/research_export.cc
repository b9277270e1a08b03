#include "server/research/research_export.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "outcomes/safe_harbor.h"
#include "server/http/credentials.h"

namespace plasticity::server {
namespace {

constexpr std::int64_t kDayMs = 24 * 60 * kMillisPerMinute;

std::string year_of(UtcTime time) { return std::to_string(utc_date_of(time).year); }

// The first-listed diagnosis's ICD-10 category ("F33"), the coarsest that still says what is
// treated; "none" when the record lists none.
std::string diagnosis_category(const PatientRecord& patient) {
  const auto& dx = patient.demographics.diagnoses;
  return dx.empty() ? "none" : dx.front().code.substr(0, 3);
}

// Each session's vital signs summarised by kind: how many, the lowest, the highest, the mean.
std::vector<OrderedJson> vital_summaries(const std::string& session_rid,
                                         const std::vector<VitalReading>& readings) {
  struct Sum {
    std::size_t n = 0;
    double low = 0, high = 0, total = 0;
  };
  std::map<VitalKind, Sum> sums;
  for (const auto& r : readings) {
    Sum& s = sums[r.kind];
    s.low = s.n ? std::min(s.low, r.value) : r.value;
    s.high = s.n ? std::max(s.high, r.value) : r.value;
    s.total += r.value;
    ++s.n;
  }
  std::vector<OrderedJson> rows;
  for (const auto& [kind, s] : sums) {
    rows.push_back({{"research_session_id", session_rid},
                    {"kind", to_string(kind)},
                    {"unit", ucum_unit(kind)},
                    {"n", s.n},
                    {"min", s.low},
                    {"max", s.high},
                    {"mean", std::round(s.total / static_cast<double>(s.n) * 10) / 10}});
  }
  return rows;
}

}  // namespace

const std::vector<std::string>& research_tables() {
  static const std::vector<std::string> tables{"patients", "courses", "sessions", "assessments",
                                               "vital_signs"};
  return tables;
}

const std::vector<std::string>& research_columns(const std::string& table) {
  static const std::map<std::string, std::vector<std::string>> columns{
      {"patients",
       {"research_id", "birth_year", "age_at_first_session", "sex_at_birth", "diagnoses",
        "first_session_year"}},
      {"courses",
       {"research_course_id", "research_id", "protocol", "drug", "route", "indication",
        "sessions_planned", "start_year", "start_day"}},
      {"sessions",
       {"research_session_id", "research_id", "research_course_id", "session_number", "protocol",
        "drug", "route", "year", "day", "phase", "dose_mg", "dose_mg_per_kg", "infusion_minutes",
        "adverse_events", "adverse_event_kinds", "serious_adverse_events", "lowest_moaas",
        "alarms"}},
      {"assessments",
       {"research_id", "instrument", "instrument_version", "year", "day", "source", "total",
        "severity", "complete", "answers"}},
      {"vital_signs", {"research_session_id", "kind", "unit", "n", "min", "max", "mean"}},
  };
  return columns.at(table);
}

ResearchExport::ResearchExport(Store& store, const ProtocolCatalog& protocols,
                               const InstrumentCatalog& instruments, ResearchExportOptions options)
    : store_(store),
      protocols_(protocols),
      instruments_(instruments),
      options_(std::move(options)) {}

void ResearchExport::load_patients() {
  if (loaded_) return;
  PatientQuery query;
  query.limit = 500;
  while (true) {
    PatientPage page = store_.search_patients(query);
    if (!page.patients.empty()) query.after_patient_id = page.patients.back().id;
    for (auto& p : page.patients) {
      patients_.push_back({keyed_hash(options_.key, "patient:" + p.id), std::move(p)});
    }
    if (!page.has_more) break;
  }
  // By research id: the order a patient was registered in is not exported.
  std::sort(patients_.begin(), patients_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [rid, p] : patients_) ids_.push_back(p.id);
  loaded_ = true;
}

std::size_t ResearchExport::smallest_group() {
  load_patients();
  std::vector<std::string> keys;
  for (const auto& [rid, p] : patients_) {
    keys.push_back(birth_band(p.demographics.birth_date, options_.today) + "|" +
                   std::string(to_string(p.demographics.sex_at_birth)) + "|" +
                   diagnosis_category(p));
  }
  return plasticity::smallest_group(keys);
}

const std::vector<std::string>& ResearchExport::patient_ids() {
  load_patients();
  return ids_;
}

void ResearchExport::write(const std::function<void(const std::string&, const OrderedJson&)>& row) {
  load_patients();
  const std::string& key = options_.key;
  auto rid = [&](const char* kind, const std::string& id) {
    return keyed_hash(key, std::string(kind) + ":" + id);
  };
  // Tables are written whole, one after another: each patient's rows wait in their table.
  std::map<std::string, std::vector<OrderedJson>> tables;
  for (const auto& [patient_rid, patient] : patients_) {
    const auto sessions = store_.patient_treatment_sessions(patient.id);
    const std::optional<UtcTime> first =
        sessions.empty() ? std::nullopt : std::optional(sessions.front().scheduled_at);
    auto day = [&](UtcTime t) {
      return options_.limited_data_set && first
                 ? OrderedJson((t.epoch_ms - first->epoch_ms) / kDayMs)
                 : OrderedJson();
    };
    const CalendarDate age_on = first ? utc_date_of(*first) : options_.today;
    const auto& d = patient.demographics;
    OrderedJson diagnoses = OrderedJson::array();
    for (const auto& dx : d.diagnoses) diagnoses.push_back(dx.code);
    tables["patients"].push_back(
        {{"research_id", patient_rid},
         {"birth_year", birth_year_text(d.birth_date, age_on).empty()
                            ? OrderedJson()
                            : OrderedJson(birth_year_text(d.birth_date, age_on))},
         {"age_at_first_session",
          first ? OrderedJson(age_text(d.birth_date, age_on)) : OrderedJson()},
         {"sex_at_birth", to_string(d.sex_at_birth)},
         {"diagnoses", diagnoses},
         {"first_session_year", first ? OrderedJson(year_of(*first)) : OrderedJson()}});

    // Courses: the confirmed treatment plans; a session belongs to the plan that booked it.
    std::map<std::string, std::string> course_of_session;
    for (const auto& appointment : store_.patient_appointments(patient.id)) {
      if (!appointment.plan_id.empty() && !appointment.treatment_session_id.empty())
        course_of_session[appointment.treatment_session_id] = rid("course", appointment.plan_id);
    }
    for (const auto& plan : store_.patient_plans(patient.id)) {
      if (!plan.confirmed_at) continue;
      const Json body = Json::parse(plan.body_json, nullptr, false);
      const Protocol* protocol = protocols_.find(plan.protocol_id);
      const std::string course_rid = rid("course", plan.id);
      int planned = 0;
      for (const auto& [session, course] : course_of_session) planned += course == course_rid;
      tables["courses"].push_back({{"research_course_id", course_rid},
                                   {"research_id", patient_rid},
                                   {"protocol", plan.protocol_id},
                                   {"drug", protocol ? protocol->drug : ""},
                                   {"route", protocol ? protocol->route : ""},
                                   {"indication", body.value("indication", "")},
                                   {"sessions_planned", planned},
                                   {"start_year", year_of(*plan.confirmed_at)},
                                   {"start_day", day(*plan.confirmed_at)}});
    }

    int number = 0;
    for (const auto& session : sessions) {
      const Protocol* protocol = protocols_.find(session.protocol_id);
      int adverse = 0, serious = 0;
      OrderedJson kinds = OrderedJson::array();
      std::optional<int> lowest_moaas;
      for (const auto& event : store_.session_events(session.id)) {
        const Json payload = Json::parse(event.payload_json, nullptr, false);
        if (!payload.is_object()) continue;
        if (event.kind == "adverse_event") {
          ++adverse;
          serious += payload.value("serious", false) ? 1 : 0;
          kinds.push_back(payload.value("type", ""));  // a kind from a fixed list, never free text
        } else if (event.kind == "sedation" && payload.contains("moaas")) {
          const int moaas = payload["moaas"].get<int>();
          lowest_moaas = lowest_moaas ? std::min(*lowest_moaas, moaas) : moaas;
        }
      }
      const std::string session_rid = rid("session", session.id);
      const auto course = course_of_session.find(session.id);
      tables["sessions"].push_back(
          {{"research_session_id", session_rid},
           {"research_id", patient_rid},
           {"research_course_id",
            course == course_of_session.end() ? OrderedJson() : OrderedJson(course->second)},
           {"session_number", ++number},
           {"protocol", session.protocol_id},
           {"drug", protocol ? protocol->drug : ""},
           {"route", protocol ? protocol->route : ""},
           {"year", year_of(session.scheduled_at)},
           {"day", day(session.scheduled_at)},
           {"phase", to_string(session.phase)},
           {"dose_mg", session.dose.dose_mg},
           {"dose_mg_per_kg", optional_json(session.dose.mg_per_kg)},
           {"infusion_minutes", optional_json(session.dose.infusion_minutes)},
           {"adverse_events", adverse},
           {"adverse_event_kinds", kinds},
           {"serious_adverse_events", serious},
           {"lowest_moaas", optional_json(lowest_moaas)},
           {"alarms", store_.session_alarms(session.id, false).size()}});
      for (auto& v : vital_summaries(session_rid, store_.session_vitals(session.id, {})))
        tables["vital_signs"].push_back(std::move(v));
    }

    for (const auto& a : store_.patient_assessments(patient.id, "")) {
      OrderedJson answers = OrderedJson::object();
      for (const auto& [item, score] : a.answers) answers[item] = score;
      tables["assessments"].push_back({{"research_id", patient_rid},
                                       {"instrument", a.instrument_id},
                                       {"instrument_version", a.instrument_version},
                                       {"year", year_of(a.administered_at)},
                                       {"day", day(a.administered_at)},
                                       {"source", a.source},
                                       {"total", optional_json(a.score.total)},
                                       {"severity", optional_json(a.score.severity)},
                                       {"complete", a.score.complete},
                                       {"answers", answers}});
    }
  }
  for (const auto& table : research_tables()) {
    for (const auto& r : tables[table]) row(table, r);
  }
}

OrderedJson research_ndjson_header(std::size_t smallest_group, int min_k, bool limited_data_set) {
  return {{"record", "export"},
          {"data_set", limited_data_set ? "limited_data_set" : "safe_harbor"},
          {"smallest_group", smallest_group},
          {"min_k", min_k},
          {"tables", research_tables()}};
}

OrderedJson research_ndjson_line(const std::string& table, const OrderedJson& row) {
  OrderedJson line{{"record", table}};
  for (const auto& [column, value] : row.items()) line[column] = value;
  return line;
}

std::optional<std::string> k_refusal(std::size_t k, int min_k) {
  if (k == 0 || k >= static_cast<std::size_t>(min_k)) return std::nullopt;
  return "only " + std::to_string(k) + (k == 1 ? " patient has" : " patients share") +
         " the rarest combination of birth decade, sex and diagnosis, fewer than the clinic's k "
         "of " +
         std::to_string(min_k) + "; an admin may override with a reason";
}

std::string research_key(const std::filesystem::path& file) {
  if (std::filesystem::exists(file)) {
    std::ifstream in(file);
    std::string key;
    in >> key;
    if (key.size() == 64) return key;
    throw std::runtime_error(file.string() + " is not a research key (64 hex digits)");
  }
  const std::string key = new_secret_key();
  const auto temporary = file.string() + ".new";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << key << "\n";
    if (!out.flush()) throw std::runtime_error("cannot write " + temporary);
  }
  std::filesystem::permissions(
      temporary, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::rename(temporary, file);
  return key;
}

}  // namespace plasticity::server
