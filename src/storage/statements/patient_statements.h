// The patient registry's statements, written once for both engines (see audit_statements.h): a
// `patients` row per patient (id, MRN, current version, name keys) and a whole `patient_versions`
// row, with its diagnoses, for every version ever written.
//
// Search is the one place the engines differ: each has its own substring index (SQLite FTS5 with
// the trigram tokenizer, PostgreSQL pg_trgm), reached through the engine's `Search` type:
//   static void index(Connection&, const PatientRecord&);  // after the name keys are written
//   static std::string any_part_value(const std::string& text);
//   // Over `p`, the value bound as ?1; the engine may look at how many match (SQLite plans it
//   // from that, PostgreSQL's planner from its statistics).
//   static std::string any_part_condition(Connection&, const std::string& value, int limit);
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/areas/common.h"
#include "storage/areas/patient_store.h"
#include "storage/statements/audit_statements.h"

namespace plasticity::statements {

constexpr std::string_view kPatientVersionColumns =
    "v.patient_id, v.version, v.mrn, v.given_name, v.family_name, v.birth_date, v.sex_at_birth, "
    "v.weight_kg, v.height_cm, v.phone, v.email, v.emergency_contact_name, "
    "v.emergency_contact_relationship, v.emergency_contact_phone, v.changed_at, p.created_at, "
    "v.changed_by, s.username, v.reason";

constexpr std::string_view kPatientVersionsJoin =
    " FROM patient_versions v JOIN patients p ON p.id = v.patient_id "
    "JOIN staff s ON s.id = v.changed_by ";

// A stored value this build cannot read means the database is damaged: refuse, never guess.
template <class T>
T require_stored(std::optional<T> value, const std::string& what) {
  if (!value) throw StoreError("damaged patient record: " + what);
  return *value;
}

template <class Statement, class Connection>
std::vector<Diagnosis> read_diagnoses(Connection& db, const std::string& id, std::int64_t version) {
  Statement st{db,
               "SELECT code, display FROM patient_version_diagnoses WHERE patient_id = ? AND "
               "version = ? ORDER BY position"};
  st.bind(1, id).bind(2, version);
  std::vector<Diagnosis> diagnoses;
  while (st.step()) diagnoses.push_back({st.text(0), st.text(1)});
  return diagnoses;
}

// A row of kPatientVersionColumns, with its diagnoses.
template <class Statement, class Connection>
PatientVersion read_patient_version(Connection& db, const Statement& row) {
  PatientVersion version;
  PatientRecord& record = version.record;
  PatientDemographics& d = record.demographics;
  record.id = row.text(0);
  record.version = row.integer(1);
  d.mrn = row.text(2);
  d.given_name = row.text(3);
  d.family_name = row.text(4);
  d.birth_date = require_stored(parse_iso_date(row.text(5)), "birth_date of " + record.id);
  d.sex_at_birth = require_stored(parse_sex_at_birth(row.text(6)), "sex_at_birth of " + record.id);
  d.weight_kg = row.optional_real(7);
  d.height_cm = row.optional_real(8);
  d.phone = row.optional_text(9);
  d.email = row.optional_text(10);
  if (!row.is_null(11)) {
    d.emergency_contact = EmergencyContact{row.text(11), row.text(12), row.text(13)};
  }
  record.updated_at = UtcTime{row.integer(14)};
  record.created_at = UtcTime{row.integer(15)};
  version.changed_by_staff_id = row.integer(16);
  version.changed_by_username = row.text(17);
  version.reason = row.text(18);
  d.diagnoses = read_diagnoses<Statement>(db, record.id, record.version);
  return version;
}

template <class Statement, class Connection>
std::optional<PatientRecord> find_patient(Connection& db, const std::string& patient_id) {
  Statement st{db, "SELECT " + std::string(kPatientVersionColumns) +
                       std::string(kPatientVersionsJoin) +
                       "WHERE v.patient_id = ? AND v.version = p.current_version"};
  st.bind(1, patient_id);
  if (!st.step()) return std::nullopt;
  return read_patient_version<Statement>(db, st).record;
}

template <class Statement, class Connection>
std::optional<PatientRecord> find_patient_by_mrn(Connection& db, const std::string& mrn) {
  Statement st{db, "SELECT id FROM patients WHERE mrn = ?"};
  st.bind(1, mrn);
  if (!st.step()) return std::nullopt;
  return find_patient<Statement>(db, st.text(0));
}

template <class Statement, class Connection>
std::vector<PatientVersion> patient_history(Connection& db, const std::string& patient_id) {
  Statement st{db, "SELECT " + std::string(kPatientVersionColumns) +
                       std::string(kPatientVersionsJoin) +
                       "WHERE v.patient_id = ? ORDER BY v.version"};
  st.bind(1, patient_id);
  std::vector<PatientVersion> versions;
  while (st.step()) versions.push_back(read_patient_version<Statement>(db, st));
  return versions;
}

template <class Statement, class Connection>
void insert_patient_version(Connection& db, const PatientRecord& record, std::int64_t staff_id,
                            const std::string& reason) {
  const PatientDemographics& d = record.demographics;
  Statement st{db,
               "INSERT INTO patient_versions (patient_id, version, mrn, given_name, family_name, "
               "birth_date, sex_at_birth, weight_kg, height_cm, phone, email, "
               "emergency_contact_name, emergency_contact_relationship, emergency_contact_phone, "
               "changed_at, changed_by, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
               "?, ?, ?)"};
  st.bind(1, record.id).bind(2, record.version).bind(3, d.mrn).bind(4, d.given_name);
  st.bind(5, d.family_name).bind(6, to_iso_string(d.birth_date)).bind(7, to_string(d.sex_at_birth));
  st.bind(8, d.weight_kg).bind(9, d.height_cm).bind(10, d.phone).bind(11, d.email);
  if (d.emergency_contact) {
    st.bind(12, d.emergency_contact->name).bind(13, d.emergency_contact->relationship);
    st.bind(14, d.emergency_contact->phone);
  } else {
    st.bind_null(12).bind_null(13).bind_null(14);
  }
  st.bind(15, record.updated_at.epoch_ms).bind(16, staff_id).bind(17, reason).run();

  Statement diagnosis{db,
                      "INSERT INTO patient_version_diagnoses (patient_id, version, position, code, "
                      "display) VALUES (?, ?, ?, ?, ?)"};
  for (std::size_t i = 0; i < d.diagnoses.size(); ++i) {
    diagnosis.reset();
    diagnosis.bind(1, record.id).bind(2, record.version).bind(3, static_cast<std::int64_t>(i));
    diagnosis.bind(4, d.diagnoses[i].code).bind(5, d.diagnoses[i].display).run();
  }
}

// The name keys sort the registry and serve names beginning with one or two characters; then the
// engine's substring index.
template <class Statement, class Search, class Connection>
void index_for_search(Connection& db, const PatientRecord& record) {
  const PatientDemographics& d = record.demographics;
  Statement{db, "UPDATE patients SET family_key = lower(?), given_key = lower(?) WHERE id = ?"}
      .bind(1, d.family_name)
      .bind(2, d.given_name)
      .bind(3, record.id)
      .run();
  Search::index(db, record);
}

// A new patient: its row and its first version. UniqueViolation if the MRN is taken.
template <class Statement, class Search, class Connection>
void insert_patient(Connection& db, const PatientRecord& record, std::int64_t staff_id,
                    const std::string& reason) {
  Statement{db,
            "INSERT INTO patients (id, mrn, current_version, created_at, created_by) "
            "VALUES (?, ?, ?, ?, ?)"}
      .bind(1, record.id)
      .bind(2, record.demographics.mrn)
      .bind(3, record.version)
      .bind(4, record.created_at.epoch_ms)
      .bind(5, staff_id)
      .run();
  insert_patient_version<Statement>(db, record, staff_id, reason);
  index_for_search<Statement, Search>(db, record);
}

// A new version, only on top of the version the caller read. UniqueViolation if the MRN is taken.
template <class Statement, class Search, class Connection>
PatientWriteResult update_patient(Connection& db, const PatientUpdate& update,
                                  const AuditEntry& audit) {
  Statement current{db, "SELECT current_version, created_at FROM patients WHERE id = ?"};
  current.bind(1, update.patient_id);
  if (!current.step()) return PatientWriteResult{PatientWriteStatus::not_found, {}, 0};
  const std::int64_t version = current.integer(0);
  if (version != update.expected_version) {
    return PatientWriteResult{PatientWriteStatus::version_conflict, {}, version};
  }
  PatientRecord record{update.patient_id, update.demographics, UtcTime{current.integer(1)},
                       update.at, version + 1};
  // Only if still at the version read: two processes updating at once cannot both write it.
  const int moved = Statement{db,
                              "UPDATE patients SET mrn = ?, current_version = ? WHERE id = ? "
                              "AND current_version = ?"}
                        .bind(1, record.demographics.mrn)
                        .bind(2, record.version)
                        .bind(3, record.id)
                        .bind(4, version)
                        .run();
  if (moved == 0) return PatientWriteResult{PatientWriteStatus::version_conflict, {}, version + 1};
  insert_patient_version<Statement>(db, record, update.staff_id, update.reason);
  index_for_search<Statement, Search>(db, record);
  insert_audit<Statement>(db, audit);
  return PatientWriteResult{PatientWriteStatus::ok, record, record.version};
}

// The search index needs three characters for any part of a name or MRN; one or two are matched
// as the beginning of one.
constexpr std::size_t kTrigram = 3;

// Characters (code points), not bytes: "Ån" is two, which a trigram index cannot find.
std::size_t character_count(const std::string& text);
std::string ascii_lower(std::string text);
// The least text greater than every text that begins with `prefix` (code point order, which is
// byte order in UTF-8 and how both engines compare): so [prefix, bound) is "begins with prefix",
// a range an index walks. None when `prefix` is only U+10FFFF (a noncharacter).
std::optional<std::string> prefix_bound(const std::string& prefix);

template <class Statement, class Search, class Connection>
PatientPage search_patients(Connection& db, const PatientQuery& query) {
  std::string condition;
  std::vector<std::string> values;  // bound as ?1 and ?2
  if (!query.text.empty()) {
    // One or two characters are the beginning of an MRN or a name. A whole MRN (typed or scanned)
    // is found through the MRN's unique index with any MRN that begins with it: a substring index
    // would read every patient whose MRN shares its prefix.
    const bool beginning = character_count(query.text) < kTrigram;
    bool whole_mrn = false;
    if (!beginning) {
      Statement mrn{db, "SELECT 1 FROM patients WHERE mrn = ?"};
      whole_mrn = mrn.bind(1, query.text).step();
    }
    if (!beginning && !whole_mrn) {
      values = {Search::any_part_value(query.text)};
      condition = Search::any_part_condition(db, values.front(), query.limit);
    } else {
      const auto bound = prefix_bound(query.text);
      if (!bound) return {};
      condition = "(p.mrn >= ?1 AND p.mrn < ?2)";
      values = {query.text, *bound};
      if (!whole_mrn) {
        const std::string key = ascii_lower(query.text);
        const auto key_bound = prefix_bound(key);
        if (!key_bound) return {};
        condition +=
            " OR (p.family_key >= ?3 AND p.family_key < ?4) OR "
            "(p.given_key >= ?3 AND p.given_key < ?4)";
        values.insert(values.end(), {key, *key_bound});
      }
      condition = "(" + condition + ")";
    }
  }
  // Keyset pagination: the page starts after the cursor patient's (family, given, id), which the
  // name index walks in order.
  const std::string after =
      query.after_patient_id
          ? " AND (p.family_key, p.given_key, p.id) > (SELECT family_key, given_key, id FROM "
            "patients WHERE id = ?5)"
          : "";
  // The page is chosen from the lean patients rows first; only its rows then read their current
  // version: sorting every match's whole record made a name fragment cost grow with the clinic.
  Statement st{db, "SELECT " + std::string(kPatientVersionColumns) +
                       " FROM (SELECT id, family_key, given_key FROM patients p WHERE " +
                       (condition.empty() ? std::string("TRUE") : condition) + after +
                       " ORDER BY family_key, given_key, id LIMIT ?6) page "
                       "JOIN patients p ON p.id = page.id JOIN patient_versions v ON "
                       "v.patient_id = p.id AND v.version = p.current_version "
                       "JOIN staff s ON s.id = v.changed_by "
                       "ORDER BY page.family_key, page.given_key, page.id"};
  for (std::size_t i = 0; i < values.size(); ++i) st.bind(static_cast<int>(i) + 1, values[i]);
  if (query.after_patient_id) st.bind(5, *query.after_patient_id);
  st.bind(6, static_cast<std::int64_t>(query.limit) + 1);
  PatientPage page;
  while (st.step()) {
    if (static_cast<int>(page.patients.size()) == query.limit) {
      page.has_more = true;
      break;
    }
    page.patients.push_back(read_patient_version<Statement>(db, st).record);
  }
  return page;
}

}  // namespace plasticity::statements
