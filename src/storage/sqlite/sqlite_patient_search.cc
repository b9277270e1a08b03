#include "storage/sqlite/sqlite_patient_search.h"

namespace plasticity::sqlite {

void PatientSearch::index(Connection& db, const PatientRecord& record) {
  const PatientDemographics& d = record.demographics;
  Statement{db, "DELETE FROM patient_search WHERE rowid = (SELECT key FROM patients WHERE id = ?)"}
      .bind(1, record.id)
      .run();
  Statement{db,
            "INSERT INTO patient_search (rowid, mrn, given_family, family_given) "
            "SELECT key, ?2, ?3, ?4 FROM patients WHERE id = ?1"}
      .bind(1, record.id)
      .bind(2, d.mrn)
      .bind(3, d.given_name + " " + d.family_name)
      .bind(4, d.family_name + ", " + d.given_name)
      .run();
}

// Two plans, whichever reads fewer rows. A fragment many patients share ("son") is found by
// walking the names in order and stopping once the page is full: about limit × patients /
// matches index entries, the same on day 1,800 as on day 1. A rarer one by reading its matches
// and sorting them: `matches` rows, one random page each. SQLite's planner always sorted, and each
// read starts with an empty page cache once any other connection has committed (as every audited
// request does), so the sort cost grew with the clinic (bench/growth.mjs: 1.34× in five years).
// Patients are never deleted, so the largest key counts them without reading them all.
std::string PatientSearch::any_part_condition(Connection& db, const std::string& value, int limit) {
  Statement matches{db, "SELECT count(*) FROM patient_search WHERE patient_search MATCH ?"};
  matches.bind(1, value).step();
  Statement patients{db, "SELECT coalesce(max(key), 0) FROM patients"};
  patients.step();
  const double shared = static_cast<double>(matches.integer(0));
  const bool walk_names = shared * shared >= static_cast<double>(limit) * patients.integer(0);
  // The unary + keeps SQLite from serving the condition by key, so it walks the name index.
  return std::string(walk_names ? "+" : "") +
         "p.key IN (SELECT rowid FROM patient_search WHERE patient_search MATCH ?1)";
}

// An FTS5 phrase: the text taken literally, its double quotes doubled.
std::string PatientSearch::any_part_value(const std::string& text) {
  std::string phrase = "\"";
  for (char c : text) {
    if (c == '"') phrase += '"';
    phrase += c;
  }
  return phrase + "\"";
}

}  // namespace plasticity::sqlite
