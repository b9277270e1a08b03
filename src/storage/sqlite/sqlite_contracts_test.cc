// The areas' contracts (areas/*_contract.h) on SQLite; PostgreSQL runs the same tests in
// postgresql/postgresql_store_test.cc.
#include "storage/areas/assessment_store_contract.h"
#include "storage/areas/audit_store_contract.h"
#include "storage/areas/patient_store_contract.h"
#include "storage/areas/planning_store_contract.h"
#include "storage/areas/settings_store_contract.h"
#include "storage/areas/staff_store_contract.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_directory.h"

namespace plasticity {
namespace {

struct Sqlite {
  testing::TestDirectory dir;
  std::unique_ptr<SqliteStore> store = SqliteStore::open(dir.path() / "plasticity.db");
  AuditStore& audit() { return *store; }
  StaffStore& staff() { return *store; }
  SettingsStore& settings() { return *store; }
  PatientStore& patients() { return *store; }
  AssessmentStore& assessments() { return *store; }
  PlanningStore& planning() { return *store; }
  TherapyNoteStore& therapy_notes() { return *store; }
  void execute(const std::string& sql) {
    sqlite::Connection{dir.path() / "plasticity.db"}.execute(sql);
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
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, PatientStoreContract, Sqlite);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, AssessmentStoreContract, Sqlite);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, PlanningStoreContract, Sqlite);

}  // namespace
}  // namespace plasticity
