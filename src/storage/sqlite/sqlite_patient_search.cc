#include "storage/sqlite/sqlite_patient_search.h"

namespace plasticity::sqlite {

void PatientSearch::index(Connection& db, const PatientRecord& record) {
  const PatientDemographics& d = record.demographics;
  Statement{db,
            "DELETE FROM patient_search WHERE rowid = (SELECT rowid FROM patients WHERE id = ?)"}
      .bind(1, record.id)
      .run();
  Statement{db,
            "INSERT INTO patient_search (rowid, mrn, given_family, family_given) "
            "SELECT rowid, ?2, ?3, ?4 FROM patients WHERE id = ?1"}
      .bind(1, record.id)
      .bind(2, d.mrn)
      .bind(3, d.given_name + " " + d.family_name)
      .bind(4, d.family_name + ", " + d.given_name)
      .run();
}

std::string PatientSearch::any_part_condition() {
  return "p.rowid IN (SELECT rowid FROM patient_search WHERE patient_search MATCH ?1)";
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
