// Patient search in SQLite: an FTS5 table with the trigram tokenizer holds each patient's current
// MRN and names, keyed by the patient's key (patients.key), for substrings of three characters or
// more (the `Search` of statements/patient_statements.h).
#pragma once

#include <string>

#include "patients/patient.h"
#include "storage/sqlite/sqlite_connection.h"

namespace plasticity::sqlite {

struct PatientSearch {
  static void index(Connection& db, const PatientRecord& record);
  static std::string any_part_condition(Connection& db, const std::string& value, int limit);
  static std::string any_part_value(const std::string& text);
};

}  // namespace plasticity::sqlite
