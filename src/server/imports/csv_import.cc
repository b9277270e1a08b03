#include "server/imports/csv_import.h"

#include <csv.h>

#include <algorithm>
#include <cmath>

#include "core/split.h"
#include "server/http/request_support.h"

namespace plasticity::server {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// Rows of RFC 4180 CSV, by libcsv in strict mode; `error` says why when it is not CSV.
Rows parse_csv(const std::string& text, std::string& error) {
  struct Collect {
    Rows rows;
    std::vector<std::string> row;
  } collect;
  csv_parser parser;
  csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
  auto field = [](void* data, std::size_t size, void* out) {
    static_cast<Collect*>(out)->row.emplace_back(static_cast<const char*>(data), size);
  };
  auto end_row = [](int, void* out) {
    auto* c = static_cast<Collect*>(out);
    c->rows.push_back(std::move(c->row));
    c->row.clear();
  };
  if (csv_parse(&parser, text.data(), text.size(), field, end_row, &collect) != text.size() ||
      csv_fini(&parser, field, end_row, &collect) != 0) {
    error = csv_strerror(csv_error(&parser));
  }
  csv_free(&parser);
  return collect.rows;
}

const std::map<std::string, std::vector<std::string>>& columns_by_file() {
  static const std::map<std::string, std::vector<std::string>> columns{
      {"patients.csv",
       {"mrn", "given_name", "family_name", "birth_date", "sex_at_birth", "phone", "email",
        "emergency_contact_name", "emergency_contact_relationship", "emergency_contact_phone",
        "diagnoses"}},
      {"sessions.csv",
       {"mrn", "protocol", "started_at", "outcome", "ended_at", "dose_mg", "dose_stopped_early",
        "chair", "lot_number"}},
      {"assessments.csv", {"mrn", "instrument", "administered_at", "total", "answers"}},
  };
  return columns;
}

// How many of each file's first columns must be there (assessments, patients, sessions: the
// order of columns_by_file).
constexpr std::size_t kRequired[] = {3, 5, 4};

// One data row, by column name, naming its file and row in errors.
class Row {
 public:
  Row(const std::vector<std::string>& header, const std::vector<std::string>& cells,
      std::string where, FieldErrors& errors)
      : header_(header), cells_(cells), where_(std::move(where)), errors_(errors) {}

  const std::string& where() const { return where_; }
  std::string text(const std::string& column) const {
    const auto it = std::find(header_.begin(), header_.end(), column);
    if (it == header_.end()) return "";
    const auto i = static_cast<std::size_t>(it - header_.begin());
    return i < cells_.size() ? cells_[i] : "";
  }
  std::optional<std::string> optional(const std::string& column) const {
    const std::string value = text(column);
    return value.empty() ? std::nullopt : std::optional(value);
  }
  std::string required(const std::string& column) const {
    const std::string value = text(column);
    if (value.empty()) error(column, "required", "is required");
    return value;
  }
  std::optional<UtcTime> time(const std::string& column, bool needed) const {
    const std::string value = needed ? required(column) : text(column);
    if (value.empty()) return std::nullopt;
    const auto parsed = parse_iso8601(value);
    if (!parsed)
      error(column, "instant", "must be a date and time, e.g. 2025-03-04T09:30:00-05:00");
    return parsed;
  }
  std::optional<double> number(const std::string& column) const {
    const std::string value = text(column);
    if (value.empty()) return std::nullopt;
    char* end = nullptr;
    const double parsed = std::strtod(value.c_str(), &end);
    if (end != value.c_str() + value.size() || !std::isfinite(parsed)) {
      error(column, "number", "must be a number");
      return std::nullopt;
    }
    return parsed;
  }
  void error(const std::string& column, const std::string& rule, const std::string& message) const {
    errors_.push_back({where_ + " " + column, rule, where_ + ": " + column + " " + message});
  }

 private:
  const std::vector<std::string>& header_;
  const std::vector<std::string>& cells_;
  std::string where_;
  FieldErrors& errors_;
};

void patient_row(const Row& row, Incoming& in) {
  IncomingPatient p;
  auto& d = p.demographics;
  d.mrn = row.required("mrn");
  p.key = "mrn:" + d.mrn;
  p.where = row.where();
  d.given_name = row.required("given_name");
  d.family_name = row.required("family_name");
  const auto birth = parse_iso_date(row.required("birth_date"));
  if (!birth) row.error("birth_date", "date", "must be a date, YYYY-MM-DD");
  d.birth_date = birth.value_or(CalendarDate{});
  const auto sex = parse_sex_at_birth(row.required("sex_at_birth"));
  if (!sex) row.error("sex_at_birth", "one_of", "must be female, male, intersex or unknown");
  d.sex_at_birth = sex.value_or(SexAtBirth::unknown);
  d.phone = row.optional("phone");
  d.email = row.optional("email");
  if (const auto name = row.optional("emergency_contact_name")) {
    d.emergency_contact = EmergencyContact{*name, row.text("emergency_contact_relationship"),
                                           row.text("emergency_contact_phone")};
  }
  // "F33.2 Major depressive disorder, recurrent severe;F41.1 Generalized anxiety disorder"
  for (const auto& item : split(row.text("diagnoses"), ';')) {
    if (item.empty()) continue;
    const std::size_t space = item.find(' ');
    d.diagnoses.push_back({item.substr(0, space), space == std::string::npos
                                                      ? item.substr(0, space)
                                                      : item.substr(space + 1)});
  }
  in.patients.push_back(std::move(p));
}

void session_row(const Row& row, const ProtocolCatalog& protocols, Incoming& in) {
  IncomingSession s;
  s.where = s.key = row.where();
  s.patient_key = "mrn:" + row.required("mrn");
  s.protocol_id = row.required("protocol");
  if (!s.protocol_id.empty() && !protocols.find(s.protocol_id)) {
    row.error("protocol", "one_of", s.protocol_id + " is not a protocol of this clinic");
  }
  const auto start = row.time("started_at", true);
  s.start = start.value_or(UtcTime{});
  s.end = row.time("ended_at", false);
  const std::string outcome = row.required("outcome");
  if (outcome != "discharged" && outcome != "aborted") {
    row.error("outcome", "one_of", "must be discharged or aborted");
  }
  s.aborted = outcome == "aborted";
  if (const auto dose = row.number("dose_mg")) {
    s.dose_mg = *dose;
    s.dosing_start = s.start;
    s.dosing_end = s.end;
  }
  const std::string early = row.text("dose_stopped_early");
  if (!early.empty() && early != "yes" && early != "no") {
    row.error("dose_stopped_early", "one_of", "must be yes or no");
  }
  s.stopped_early = early == "yes";
  s.chair = row.text("chair");
  s.lot_number = row.text("lot_number");
  in.sessions.push_back(std::move(s));
}

void assessment_row(const Row& row, Incoming& in) {
  IncomingAssessment a;
  a.where = a.key = row.where();
  a.patient_key = "mrn:" + row.required("mrn");
  a.instrument_id = row.required("instrument");
  a.administered_at = row.time("administered_at", true).value_or(UtcTime{});
  if (const auto total = row.number("total")) {
    if (*total != std::floor(*total)) row.error("total", "whole", "must be a whole number");
    a.total = static_cast<int>(*total);
  }
  // "phq9_1=2;phq9_2=1;..."
  const std::string list = row.text("answers");
  if (!list.empty()) {
    Answers answers;
    auto items = split(list, ';');
    if (items.back().empty()) items.pop_back();  // "phq9_1=2;" ends its list, as a spreadsheet may
    for (const auto& item : items) {
      const std::size_t eq = item.find('=');
      const auto score =
          eq == std::string::npos ? std::nullopt : parse_whole_number(item.substr(eq + 1), 3);
      if (!score) {
        row.error("answers", "item_score", "must be item=score pairs joined by ';' (" + item + ")");
      } else {
        answers[item.substr(0, eq)] = static_cast<int>(*score);
      }
    }
    a.answers = answers;
  }
  in.assessments.push_back(std::move(a));
}

}  // namespace

const std::vector<std::string>& csv_import_columns(const std::string& file) {
  return columns_by_file().at(file);
}

void read_csv_import(const std::vector<SourceFile>& files, const ProtocolCatalog& protocols,
                     const InstrumentCatalog&, Incoming& incoming) {
  for (const auto& [name, text] : files) {
    const auto known = columns_by_file().find(name);
    if (known == columns_by_file().end()) {
      incoming.errors.push_back({name, "file_name",
                                 name + ": the files are patients.csv, sessions.csv and "
                                        "assessments.csv (docs/import.md)"});
      continue;
    }
    std::string error;
    const Rows rows = parse_csv(text, error);
    if (!error.empty()) {
      incoming.errors.push_back({name, "csv", name + ": not CSV (" + error + ")"});
      continue;
    }
    if (rows.empty()) continue;
    const auto& header = rows.front();
    const auto& columns = known->second;
    const std::size_t required = kRequired[std::distance(columns_by_file().begin(), known)];
    for (const auto& column : header) {
      if (std::find(columns.begin(), columns.end(), column) == columns.end()) {
        incoming.errors.push_back({name + " " + column, "unknown_column",
                                   name + ": the column " + column + " is not in the template"});
      }
    }
    for (std::size_t i = 0; i < required; ++i) {
      if (std::find(header.begin(), header.end(), columns[i]) == header.end()) {
        incoming.errors.push_back({name + " " + columns[i], "required_column",
                                   name + ": the column " + columns[i] + " is missing"});
      }
    }
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const Row row(header, rows[r], name + " row " + std::to_string(r + 1), incoming.errors);
      if (name == "patients.csv") patient_row(row, incoming);
      if (name == "sessions.csv") session_row(row, protocols, incoming);
      if (name == "assessments.csv") assessment_row(row, incoming);
    }
  }
}

}  // namespace plasticity::server
