#include "storage/postgresql/pg_patient_search.h"

namespace plasticity::postgresql {

// The indexed expression, word for word as migration 3 (schema/03_patients.h) creates it: the
// planner uses an expression index only for the same expression. Its statistics tell it how
// many patients share a fragment, and so whether to walk the names in order or sort the matches.
std::string PatientSearch::any_part_condition(Connection&, const std::string&, int) {
  return "lower((p.mrn || E'\\n' || p.given_key || ' ' || p.family_key || E'\\n' || "
         "p.family_key || ', ' || p.given_key) COLLATE \"und-x-icu\") "
         "LIKE lower(?1 COLLATE \"und-x-icu\") ESCAPE '\\'";
}

// The text taken literally: LIKE's wildcards and its escape character escaped.
std::string PatientSearch::any_part_value(const std::string& text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

}  // namespace plasticity::postgresql
