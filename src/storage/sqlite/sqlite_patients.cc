// The patient registry in SQLite: a `patients` row per patient (id, MRN, current version) and a
// whole `patient_versions` row, with its diagnoses, for every version ever written.
#include "storage/sqlite/sqlite_store.h"

namespace plasticity {

using sqlite::Connection;
using sqlite::Statement;

namespace {

constexpr std::string_view kVersionColumns =
    "v.patient_id, v.version, v.mrn, v.given_name, v.family_name, v.birth_date, v.sex_at_birth, "
    "v.weight_kg, v.height_cm, v.phone, v.email, v.emergency_contact_name, "
    "v.emergency_contact_relationship, v.emergency_contact_phone, v.changed_at, p.created_at, "
    "v.changed_by, s.username, v.reason";

constexpr std::string_view kVersionsJoin =
    " FROM patient_versions v JOIN patients p ON p.id = v.patient_id "
    "JOIN staff s ON s.id = v.changed_by ";

// A stored value this build cannot read means the database is damaged: refuse, never guess.
template <class T>
T require(std::optional<T> value, const std::string& what) {
  if (!value) throw StoreError("damaged patient record: " + what);
  return *value;
}

std::vector<Diagnosis> read_diagnoses(Connection& db, const std::string& id, std::int64_t version) {
  Statement st{db,
               "SELECT code, display FROM patient_version_diagnoses WHERE patient_id = ? AND "
               "version = ? ORDER BY position"};
  st.bind(1, id).bind(2, version);
  std::vector<Diagnosis> diagnoses;
  while (st.step()) diagnoses.push_back({st.text(0), st.text(1)});
  return diagnoses;
}

PatientVersion read_version(Connection& db, const Statement& row) {
  PatientVersion version;
  PatientRecord& record = version.record;
  PatientDemographics& d = record.demographics;
  record.id = row.text(0);
  record.version = row.integer(1);
  d.mrn = row.text(2);
  d.given_name = row.text(3);
  d.family_name = row.text(4);
  d.birth_date = require(parse_iso_date(row.text(5)), "birth_date of " + record.id);
  d.sex_at_birth = require(parse_sex_at_birth(row.text(6)), "sex_at_birth of " + record.id);
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
  d.diagnoses = read_diagnoses(db, record.id, record.version);
  return version;
}

std::optional<PatientRecord> read_current(Connection& db, const std::string& patient_id) {
  Statement st{db, "SELECT " + std::string(kVersionColumns) + std::string(kVersionsJoin) +
                       "WHERE v.patient_id = ? AND v.version = p.current_version"};
  st.bind(1, patient_id);
  if (!st.step()) return std::nullopt;
  return read_version(db, st).record;
}

// The search index holds each patient's current MRN and names (the trigram index needs no
// lower-casing; the name keys sort and serve short prefixes).
void index_for_search(Connection& db, const PatientRecord& record) {
  const PatientDemographics& d = record.demographics;
  Statement{db, "UPDATE patients SET family_key = lower(?1), given_key = lower(?2) WHERE id = ?3"}
      .bind(1, d.family_name)
      .bind(2, d.given_name)
      .bind(3, record.id)
      .run();
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

// The trigram index finds substrings of three characters or more; one or two characters are
// matched as the beginning of a name or of an MRN.
constexpr std::size_t kTrigram = 3;

// An FTS5 phrase: the text taken literally, its double quotes doubled.
std::string fts_phrase(const std::string& text) {
  std::string phrase = "\"";
  for (char c : text) {
    if (c == '"') phrase += '"';
    phrase += c;
  }
  return phrase + "\"";
}

std::string ascii_lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// How a search is matched (see search_condition).
enum class SearchKind { everyone, whole_mrn, any_part, beginning };

// A whole MRN (typed or scanned) is found through the MRN's unique index with any MRN that begins
// with it: the trigram index would read every patient whose MRN shares its common prefix.
SearchKind search_kind(Connection& db, const std::string& text) {
  if (text.empty()) return SearchKind::everyone;
  if (text.size() < kTrigram) return SearchKind::beginning;
  Statement mrn{db, "SELECT 1 FROM patients WHERE mrn = ?"};
  mrn.bind(1, text);
  return mrn.step() ? SearchKind::whole_mrn : SearchKind::any_part;
}

// Which patients a search matches: bound as ?1 and ?2 (see search_patients).
std::string search_condition(SearchKind kind) {
  if (kind == SearchKind::everyone) return "1";
  if (kind == SearchKind::whole_mrn) return "(p.mrn >= ?1 AND p.mrn < ?1 || x'f490')";
  if (kind == SearchKind::any_part) {
    return "p.rowid IN (SELECT rowid FROM patient_search WHERE patient_search MATCH ?1)";
  }
  // x'f490' sorts after every UTF-8 character: [text, text || x'f490') is "begins with text".
  return "((p.mrn >= ?1 AND p.mrn < ?1 || x'f490') "
         "OR (p.family_key >= ?2 AND p.family_key < ?2 || x'f490') "
         "OR (p.given_key >= ?2 AND p.given_key < ?2 || x'f490'))";
}

}  // namespace

namespace sqlite {
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
  insert_patient_version(db, record, staff_id, reason);
  index_for_search(db, record);
}
}  // namespace sqlite

PatientWriteResult SqliteStore::create_patient(const PatientRecord& record, std::int64_t staff_id,
                                               const AuditEntry& audit) {
  try {
    return write([&](Connection& db) {
      sqlite::insert_patient(db, record, staff_id, "registered");
      sqlite::insert_audit(db, audit);
      return PatientWriteResult{PatientWriteStatus::ok, record, record.version};
    });
  } catch (const UniqueViolation&) {
    return PatientWriteResult{PatientWriteStatus::duplicate_mrn, std::nullopt, 0};
  }
}

PatientWriteResult SqliteStore::update_patient(const PatientUpdate& update,
                                               const AuditEntry& audit) {
  try {
    return write([&](Connection& db) {
      Statement current{db, "SELECT current_version, created_at FROM patients WHERE id = ?"};
      current.bind(1, update.patient_id);
      if (!current.step()) return PatientWriteResult{PatientWriteStatus::not_found, {}, 0};
      const std::int64_t version = current.integer(0);
      if (version != update.expected_version) {
        return PatientWriteResult{PatientWriteStatus::version_conflict, {}, version};
      }
      PatientRecord record{update.patient_id, update.demographics, UtcTime{current.integer(1)},
                           update.at, version + 1};
      Statement{db, "UPDATE patients SET mrn = ?, current_version = ? WHERE id = ?"}
          .bind(1, record.demographics.mrn)
          .bind(2, record.version)
          .bind(3, record.id)
          .run();
      sqlite::insert_patient_version(db, record, update.staff_id, update.reason);
      index_for_search(db, record);
      sqlite::insert_audit(db, audit);
      return PatientWriteResult{PatientWriteStatus::ok, record, record.version};
    });
  } catch (const UniqueViolation&) {
    return PatientWriteResult{PatientWriteStatus::duplicate_mrn, std::nullopt, 0};
  }
}

std::optional<PatientRecord> SqliteStore::find_patient(const std::string& patient_id) {
  return read([&](Connection& db) { return read_current(db, patient_id); });
}

std::optional<PatientRecord> SqliteStore::find_patient_by_mrn(const std::string& mrn) {
  return read([&](Connection& db) -> std::optional<PatientRecord> {
    Statement st{db, "SELECT id FROM patients WHERE mrn = ?"};
    st.bind(1, mrn);
    if (!st.step()) return std::nullopt;
    return read_current(db, st.text(0));
  });
}

PatientPage SqliteStore::search_patients(const PatientQuery& query) {
  return read([&](Connection& db) {
    // Keyset pagination: the page starts after the cursor patient's (family, given, id), which the
    // name index walks in order.
    const std::string after =
        query.after_patient_id
            ? " AND (p.family_key, p.given_key, p.id) > (SELECT family_key, given_key, id FROM "
              "patients WHERE id = ?3)"
            : "";
    const SearchKind kind = search_kind(db, query.text);
    // The page is chosen from the lean patients rows first; only its rows then read their current
    // version: sorting every match's whole record made a name fragment cost grow with the clinic.
    Statement st{db, "SELECT " + std::string(kVersionColumns) +
                         " FROM (SELECT id, family_key, given_key FROM patients p WHERE " +
                         search_condition(kind) + after +
                         " ORDER BY family_key, given_key, id LIMIT ?4) page "
                         "JOIN patients p ON p.id = page.id JOIN patient_versions v ON "
                         "v.patient_id = p.id AND v.version = p.current_version "
                         "JOIN staff s ON s.id = v.changed_by "
                         "ORDER BY page.family_key, page.given_key, page.id"};
    if (kind == SearchKind::any_part) {
      st.bind(1, fts_phrase(query.text));
    } else if (kind == SearchKind::whole_mrn) {
      st.bind(1, query.text);
    } else if (kind == SearchKind::beginning) {
      st.bind(1, query.text).bind(2, ascii_lower(query.text));
    }
    if (query.after_patient_id) st.bind(3, *query.after_patient_id);
    st.bind(4, static_cast<std::int64_t>(query.limit) + 1);
    PatientPage page;
    while (st.step()) {
      if (static_cast<int>(page.patients.size()) == query.limit) {
        page.has_more = true;
        break;
      }
      page.patients.push_back(read_version(db, st).record);
    }
    return page;
  });
}

std::vector<PatientVersion> SqliteStore::patient_history(const std::string& patient_id) {
  return read([&](Connection& db) {
    Statement st{db, "SELECT " + std::string(kVersionColumns) + std::string(kVersionsJoin) +
                         "WHERE v.patient_id = ? ORDER BY v.version"};
    st.bind(1, patient_id);
    std::vector<PatientVersion> versions;
    while (st.step()) versions.push_back(read_version(db, st));
    return versions;
  });
}

}  // namespace plasticity
