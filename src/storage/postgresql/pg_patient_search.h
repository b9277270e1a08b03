// Patient search in PostgreSQL: a pg_trgm GIN index over each patient's MRN and name keys (on the
// patients row, kept by the shared statements) serves substrings of three characters or more
// (the `Search` of statements/patient_statements.h). Case is folded by ICU's root locale, so
// "ångström" finds "Ångström" as SQLite's FTS5 does.
#pragma once

#include <string>

#include "patients/patient.h"
#include "storage/postgresql/pg_connection.h"

namespace plasticity::postgresql {

struct PatientSearch {
  // Nothing to write: the index follows the patients row.
  static void index(Connection&, const PatientRecord&) {}
  static std::string any_part_condition(Connection&, const std::string& value, int limit);
  static std::string any_part_value(const std::string& text);
};

}  // namespace plasticity::postgresql
