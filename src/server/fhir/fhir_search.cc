#include "server/fhir/fhir_search.h"

#include <algorithm>
#include <map>

#include "core/split.h"
#include "server/http/request_support.h"

namespace plasticity::server::fhir {
namespace {

const std::vector<std::string> kCommon{"_count", "_offset", "_lastUpdated", "_format"};

// Each type's parameters with their FHIR search types (hl7.org/fhir/R4/searchparameter-registry).
const std::map<std::string, std::vector<SearchParameter>>& parameters_by_type() {
  const SearchParameter patient{"patient", "reference"}, subject{"subject", "reference"};
  static const std::map<std::string, std::vector<SearchParameter>> table{
      {"Patient",
       {{"_id", "token"}, {"identifier", "token"}, {"name", "string"}, {"birthdate", "date"}}},
      {"Condition", {patient, subject, {"code", "token"}}},
      {"Encounter", {patient, subject, {"date", "date"}}},
      {"MedicationAdministration",
       {patient, subject, {"effective-time", "date"}, {"code", "token"}}},
      {"Observation",
       {patient, subject, {"date", "date"}, {"code", "token"}, {"category", "token"}}},
      {"AdverseEvent", {patient, subject, {"date", "date"}}},
      {"QuestionnaireResponse",
       {patient, subject, {"authored", "date"}, {"questionnaire", "reference"}}},
      {"Questionnaire", {{"_id", "token"}, {"url", "uri"}}},
  };
  return table;
}

std::string percent_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

bool code_matches(const std::string& wanted, const std::vector<std::string>& codes) {
  for (const auto& code : codes) {
    if (code == wanted) return true;  // system|code
    const std::size_t bar = code.rfind('|');
    const std::string bare = bar == std::string::npos ? code : code.substr(bar + 1);
    if (wanted == bare || wanted == "|" + bare) return true;
  }
  return false;
}

bool in_range(const TimeRange& range, std::optional<UtcTime> time) {
  if (!time) return false;
  return (!range.from || *time >= *range.from) && (!range.to || *time < *range.to);
}

}  // namespace

const std::vector<SearchParameter>& search_parameters(const std::string& type) {
  static const std::vector<SearchParameter> none;
  const auto found = parameters_by_type().find(type);
  return found == parameters_by_type().end() ? none : found->second;
}

std::optional<TimeRange> read_date_parameter(const std::string& value) {
  std::string prefix = "eq";
  std::string text = value;
  if (text.size() > 2 && std::isalpha(static_cast<unsigned char>(text[0]))) {
    prefix = text.substr(0, 2);
    text = text.substr(2);
  }
  // The range the value covers, by its precision.
  std::optional<UtcTime> from, to;
  if (text.size() == 4 || text.size() == 7 || text.size() == 10) {
    const std::string day = text + std::string(text.size() == 4   ? "-01-01"
                                               : text.size() == 7 ? "-01"
                                                                  : "");
    const auto start = parse_iso_date(day);
    if (!start) return std::nullopt;
    from = parse_iso8601(day);
    if (text.size() == 10) {
      to = UtcTime{from->epoch_ms + 24 * 60 * kMillisPerMinute};
    } else {
      to = parse_iso8601(to_iso_string(add_months(*start, text.size() == 4 ? 12 : 1)));
    }
  } else {
    from = parse_iso8601(text);
    // Seconds precision covers its whole second; a fraction, its millisecond.
    if (from) to = UtcTime{from->epoch_ms + (text.find('.') == std::string::npos ? 1000 : 1)};
  }
  if (!from || !to) return std::nullopt;
  if (prefix == "eq") return TimeRange{from, to};
  if (prefix == "ge") return TimeRange{from, std::nullopt};
  if (prefix == "gt") return TimeRange{to, std::nullopt};
  if (prefix == "lt") return TimeRange{std::nullopt, from};
  if (prefix == "le") return TimeRange{std::nullopt, to};
  return std::nullopt;
}

Search read_search(const std::string& type, const QueryPairs& query, FieldErrors& errors) {
  Search search;
  search.type = type;
  const auto& own = search_parameters(type);
  for (const auto& pair : query) {
    // Not a structured binding: clang 14 cannot capture one in the lambda below.
    const std::string& name = pair.first;
    const std::string& value = pair.second;
    const auto parameter = std::find_if(own.begin(), own.end(),
                                        [&](const SearchParameter& p) { return p.name == name; });
    const bool known =
        parameter != own.end() || std::find(kCommon.begin(), kCommon.end(), name) != kCommon.end();
    if (!known) {
      std::string list;
      for (const auto& p : own) list += p.name + ", ";
      errors.push_back({name, "unknown_parameter",
                        type + " is searched by " + list + "_lastUpdated and _count; " + name +
                            " is not supported"});
      continue;
    }
    if (name == "_count" || name == "_offset") {
      const auto number = parse_whole_number(value, 7);
      const int low = name == "_count" ? 1 : 0;
      const int high = name == "_count" ? kMaxPageSize : 1'000'000;
      if (!number || *number < low || *number > high) {
        errors.push_back({name, "range",
                          name + " must be a whole number from " + std::to_string(low) + " to " +
                              std::to_string(high)});
      } else {
        (name == "_count" ? search.count : search.offset) = static_cast<int>(*number);
      }
    } else if (name == "_format") {
      if (value != "json" && value != "application/fhir+json" && value != "application/json") {
        errors.push_back({name, "one_of", "_format must be json: Plasticity serves FHIR as JSON"});
      }
    } else if (name == "birthdate") {
      if (!parse_iso_date(value) || value.size() != 10) {
        errors.push_back({name, "date", "birthdate must be a date, YYYY-MM-DD"});
      }
      search.birthdate = value;
    } else if (name == "_lastUpdated" || (parameter != own.end() && parameter->type == "date")) {
      const auto range = read_date_parameter(value);
      if (!range) {
        errors.push_back({name, "date",
                          name + " must be a FHIR date or dateTime with an optional "
                                 "prefix eq, ge, gt, le or lt (e.g. ge2026-03-01)"});
      } else {
        (name == "_lastUpdated" ? search.last_updated : search.dates).push_back(*range);
      }
    } else if (name == "patient" || name == "subject") {
      std::string id = value.rfind("Patient/", 0) == 0 ? value.substr(8) : value;
      if (id.empty() || id.size() > 64) {
        errors.push_back({name, "reference", name + " must be a patient id or Patient/{id}"});
      } else {
        search.patient = id;
      }
    } else if (name == "code" || name == "questionnaire" || name == "url") {
      for (auto& code : split(value, ',')) search.codes.push_back(code);
    } else if (name == "category") {
      if (value != "vital-signs" && value != "survey") {
        errors.push_back({name, "one_of", "category must be vital-signs or survey"});
      }
      search.category = value;
    } else if (name == "_id") {
      search.id = value;
    } else if (name == "identifier") {
      search.identifier = value;
    } else if (name == "name") {
      search.name = value;
    }
  }
  const bool compartment = type != "Patient" && type != "Questionnaire";
  if (compartment && !search.patient && errors.empty()) {
    errors.push_back({"patient", "required",
                      type + " is searched within one patient: give patient={id} (the whole "
                             "clinic's records come from the bulk export, $export)"});
  }
  return search;
}

bool matches(const Search& search, const FhirResource& resource) {
  if (resource.type != search.type) return false;
  if (search.patient && resource.patient_id != *search.patient) return false;
  if (search.id && resource.id != *search.id) return false;
  if (search.category && resource.category != *search.category) return false;
  for (const auto& range : search.dates) {
    if (!in_range(range, resource.date)) return false;
  }
  for (const auto& range : search.last_updated) {
    if (!in_range(range, resource.last_updated)) return false;
  }
  if (!search.codes.empty() &&
      std::none_of(search.codes.begin(), search.codes.end(),
                   [&](const std::string& c) { return code_matches(c, resource.codes); })) {
    return false;
  }
  if (search.identifier && !code_matches(*search.identifier, resource.codes)) return false;
  if (search.birthdate && resource.json.value("birthDate", "") != *search.birthdate) return false;
  return true;
}

OrderedJson searchset(const std::string& base_url, const Search& search, const QueryPairs& query,
                      const std::vector<const FhirResource*>& page, std::size_t total) {
  auto url = [&](std::optional<int> offset) {
    std::string text = base_url + "/" + search.type;
    char separator = '?';
    for (const auto& [name, value] : query) {
      if (name == "_offset") continue;
      text += separator + percent_encode(name) + "=" + percent_encode(value);
      separator = '&';
    }
    if (offset) text += separator + std::string("_offset=") + std::to_string(*offset);
    return text;
  };
  OrderedJson links = OrderedJson::array();
  links.push_back({{"relation", "self"},
                   {"url", url(search.offset ? std::optional(search.offset) : std::nullopt)}});
  const std::size_t next = static_cast<std::size_t>(search.offset) + page.size();
  if (next < total) links.push_back({{"relation", "next"}, {"url", url(static_cast<int>(next))}});
  OrderedJson entries = OrderedJson::array();
  for (const FhirResource* r : page) {
    entries.push_back({{"fullUrl", base_url + "/" + r->type + "/" + r->id},
                       {"resource", r->json},
                       {"search", {{"mode", "match"}}}});
  }
  OrderedJson bundle{
      {"resourceType", "Bundle"}, {"type", "searchset"}, {"total", total}, {"link", links}};
  if (!entries.empty()) bundle["entry"] = entries;
  return bundle;
}

}  // namespace plasticity::server::fhir
