#include "storage/postgresql/postgresql_store.h"

#include "storage/areas/audit_store_contract.h"
#include "storage/postgresql/test_database.h"

namespace plasticity {
namespace {

struct PostgresqlAudit {
  postgresql::ScratchDatabase database;
  std::unique_ptr<PostgresqlStore> store = PostgresqlStore::open(database.url());
  AuditStore& audit() { return *store; }
};

INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, AuditStoreContract, PostgresqlAudit);

}  // namespace
}  // namespace plasticity
