// The areas' contracts (areas/*_contract.h) on SQLite; PostgreSQL runs the same tests in
// postgresql/postgresql_store_test.cc.
#include <regex>
#include <set>

#include "storage/areas/assessment_store_contract.h"
#include "storage/areas/audit_store_contract.h"
#include "storage/areas/export_store_contract.h"
#include "storage/areas/outcome_store_contract.h"
#include "storage/areas/patient_store_contract.h"
#include "storage/areas/planning_store_contract.h"
#include "storage/areas/query_plans_contract.h"
#include "storage/areas/schedule_store_contract.h"
#include "storage/areas/session_store_contract.h"
#include "storage/areas/settings_store_contract.h"
#include "storage/areas/staff_store_contract.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_directory.h"

namespace plasticity {
namespace {

struct Sqlite {
  testing::TestDirectory dir;
  std::unique_ptr<SqliteStore> sqlite = SqliteStore::open(dir.path() / "plasticity.db");
  Store* store = sqlite.get();
  AuditStore& audit() { return *store; }
  StaffStore& staff() { return *store; }
  SettingsStore& settings() { return *store; }
  ExportJobStore& exports() { return *store; }
  PatientStore& patients() { return *store; }
  AssessmentStore& assessments() { return *store; }
  PlanningStore& planning() { return *store; }
  TherapyNoteStore& therapy_notes() { return *store; }
  TreatmentSessionStore& sessions() { return *store; }
  ScheduleStore& schedule() { return *store; }
  // One server process owns a SQLite clinic.
  ScheduleStore& other_server() { return *store; }
  ImportStore& imports() { return *store; }
  OutcomeStore& outcomes() { return *store; }
  void execute(const std::string& sql) {
    sqlite::Connection{dir.path() / "plasticity.db"}.execute(sql);
  }
  Store& whole() { return *store; }

  // The query-plan contract: statements with their bound values in place.
  using Ran = std::string;
  void observe(std::vector<std::string>* into) {
    sqlite->observe_statements([into](const std::string& sql) { into->push_back(sql); });
  }
  // The tables EXPLAIN QUERY PLAN scans; a subquery's result (its own plan checked too) and the
  // search index's own tables (read by key, apart from its few settings) are not.
  std::vector<std::pair<std::string, std::string>> full_scans(const std::string& sql) {
    if (!sql.starts_with("SELECT") && !sql.starts_with("WITH")) return {};
    static const std::regex scan{R"(^SCAN (?:main\.)?(\w+))"};
    static const std::regex subquery{R"(^(?:MATERIALIZE|CO-ROUTINE) (\w+))"};
    sqlite::Connection db{dir.path() / "plasticity.db"};
    sqlite::Statement plan{db, "EXPLAIN QUERY PLAN " + sql};
    std::set<std::string> subqueries;
    std::vector<std::pair<std::string, std::string>> scans;
    while (plan.step()) {
      const std::string detail = plan.text(3);
      std::smatch match;
      if (std::regex_search(detail, match, subquery)) subqueries.insert(match[1]);
      if (!std::regex_search(detail, match, scan) || subqueries.contains(match[1]) ||
          match[1] == "patient_search_config" ||
          detail.find("VIRTUAL TABLE") != std::string::npos) {
        continue;
      }
      scans.emplace_back(match[1], detail);
    }
    return scans;
  }

  std::int64_t count(const std::string& sql) {
    sqlite::Connection db{dir.path() / "plasticity.db"};
    sqlite::Statement st{db, sql};
    st.step();
    return st.integer(0);
  }
};

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, AuditStoreContract, Sqlite);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, StaffStoreContract, Sqlite);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, SettingsStoreContract, Sqlite);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, ExportStoreContract, Sqlite);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, PatientStoreContract, Sqlite);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, AssessmentStoreContract, Sqlite);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, PlanningStoreContract, Sqlite);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, SessionStoreContract, Sqlite);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, ScheduleStoreContract, Sqlite);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, OutcomeStoreContract, Sqlite);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, QueryPlansContract, Sqlite);

}  // namespace
}  // namespace plasticity
