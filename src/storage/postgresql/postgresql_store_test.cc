// The areas PostgresqlStore serves, held to the contracts SqliteStore is held to
// (sqlite/sqlite_contracts_test.cc), on a real PostgreSQL.
#include "storage/postgresql/postgresql_store.h"

#include "storage/areas/assessment_store_contract.h"
#include "storage/areas/audit_store_contract.h"
#include "storage/areas/patient_store_contract.h"
#include "storage/areas/planning_store_contract.h"
#include "storage/areas/settings_store_contract.h"
#include "storage/areas/staff_store_contract.h"
#include "storage/postgresql/test_database.h"

namespace plasticity {
namespace {

struct Postgresql {
  postgresql::ScratchDatabase database;
  std::unique_ptr<PostgresqlStore> store = PostgresqlStore::open(database.url());
  AuditStore& audit() { return *store; }
  StaffStore& staff() { return *store; }
  SettingsStore& settings() { return *store; }
  PatientStore& patients() { return *store; }
  AssessmentStore& assessments() { return *store; }
  PlanningStore& planning() { return *store; }
  TherapyNoteStore& therapy_notes() { return *store; }
  void execute(const std::string& sql) { postgresql::Connection{database.url()}.execute(sql); }
  std::int64_t count(const std::string& sql) {
    postgresql::Connection db{database.url()};
    postgresql::Statement st{db, sql};
    st.step();
    return st.integer(0);
  }
};

INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, AuditStoreContract, Postgresql);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, StaffStoreContract, Postgresql);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, SettingsStoreContract, Postgresql);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, PatientStoreContract, Postgresql);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, AssessmentStoreContract, Postgresql);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, PlanningStoreContract, Postgresql);

}  // namespace
}  // namespace plasticity
