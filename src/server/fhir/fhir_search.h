// FHIR search as Plasticity serves it: the parameters each resource type takes, read and checked
// (an unknown or malformed parameter is refused by name, never silently ignored), matching, and
// the searchset Bundle with its paging links.
//
//   FieldErrors errors;
//   Search search = read_search("Observation", pairs, errors);  // patient=..&date=ge2026-01
//   if (matches(search, resource)) ...
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/field_error.h"
#include "server/fhir/fhir_resources.h"

namespace plasticity::server::fhir {

using QueryPairs = std::vector<std::pair<std::string, std::string>>;

// A date parameter's range: the resource's time must fall in [from, to).
struct TimeRange {
  std::optional<UtcTime> from;
  std::optional<UtcTime> to;
};

struct Search {
  std::string type;
  std::optional<std::string> patient;     // patient / subject, as a bare id
  std::vector<TimeRange> dates;           // all must hold
  std::vector<TimeRange> last_updated;    // all must hold
  std::vector<std::string> codes;         // any may match: "system|code", "|code" or "code"
  std::optional<std::string> category;    // Observation
  std::optional<std::string> id;          // _id
  std::optional<std::string> identifier;  // Patient: the MRN, with or without its system
  std::optional<std::string> name;        // Patient: any part of a name
  std::optional<std::string> birthdate;   // Patient: YYYY-MM-DD
  int count = 50;
  int offset = 0;
};

inline constexpr int kMaxPageSize = 1000;

struct SearchParameter {
  std::string name;
  std::string type;  // FHIR's search parameter type: token, reference, date, string, uri
};

// The search parameters `type` takes beyond the common ones (_count, _lastUpdated, _format), for
// reading a search, the CapabilityStatement and error messages.
const std::vector<SearchParameter>& search_parameters(const std::string& type);

// Every parameter checked; `errors` names each bad one. A type of the patient compartment other
// than Patient needs `patient` (or `subject`): a whole-clinic extract is the bulk export's job.
Search read_search(const std::string& type, const QueryPairs& query, FieldErrors& errors);

// A FHIR date, dateTime or instant ("2026", "2026-03", "2026-03-04", "2026-03-04T10:00:00Z")
// as the range it covers, narrowed by a prefix (eq, ge, gt, le, lt); nullopt when malformed.
std::optional<TimeRange> read_date_parameter(const std::string& value);

bool matches(const Search& search, const FhirResource& resource);

// A searchset Bundle of `page` (resources `offset` on of `total` matches), with self and, when
// more follow, next links repeating the query with a new _offset.
OrderedJson searchset(const std::string& base_url, const Search& search, const QueryPairs& query,
                      const std::vector<const FhirResource*>& page, std::size_t total);

}  // namespace plasticity::server::fhir
