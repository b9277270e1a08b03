// The areas PostgresqlStore serves, held to the contracts SqliteStore is held to
// (sqlite/sqlite_contracts_test.cc), on a real PostgreSQL.
#include "storage/postgresql/postgresql_store.h"

#include <map>
#include <mutex>
#include <ostream>
#include <regex>

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
#include "storage/postgresql/test_database.h"

namespace plasticity {
namespace {

// A statement as the store ran it, for the query-plan contract.
struct Ran {
  std::string sql;
  std::vector<Oid> types;
  friend std::ostream& operator<<(std::ostream& out, const Ran& ran) { return out << ran.sql; }
};

struct Postgresql {
  postgresql::ScratchDatabase database;
  std::unique_ptr<PostgresqlStore> store = PostgresqlStore::open(database.url());
  std::mutex seen_mutex;
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
  // A second store on the same database: its own pool and its own lock connection, as a second
  // server process would have.
  std::unique_ptr<PostgresqlStore> second_store;
  ScheduleStore& other_server() {
    if (second_store == nullptr) second_store = PostgresqlStore::open(database.url());
    return *second_store;
  }
  ImportStore& imports() { return *store; }
  OutcomeStore& outcomes() { return *store; }
  void execute(const std::string& sql) { postgresql::Connection{database.url()}.execute(sql); }
  Store& whole() { return *store; }

  using Ran = plasticity::Ran;
  void observe(std::vector<Ran>* into) {
    store->observe_statements([this, into](const std::string& sql, const std::vector<Oid>& types) {
      std::lock_guard lock{seen_mutex};
      into->push_back({sql, types});
    });
  }
  // The tables a SELECT's generic plan (the one a prepared statement settles on) reads with a
  // sequential scan although the planner was told to avoid one: no index can serve it.
  std::vector<std::pair<std::string, std::string>> full_scans(const Ran& ran) {
    if (!ran.sql.starts_with("SELECT") && !ran.sql.starts_with("WITH")) return {};
    postgresql::Connection db{database.url()};
    db.execute("SET enable_seqscan = off; SET plan_cache_mode = force_generic_plan");
    std::string types, nulls;
    // The types the store binds (pg_connection.cc); 0 is a NULL of no known type.
    const std::map<Oid, std::string> names{
        {20, "bigint"}, {25, "text"}, {701, "double precision"}, {17, "bytea"}, {0, "unknown"}};
    for (const Oid type : ran.types) {
      types += (types.empty() ? "" : ", ") + names.at(type);
      nulls += std::string(nulls.empty() ? "" : ", ") + "NULL";
    }
    db.execute("PREPARE screen" + (types.empty() ? "" : "(" + types + ")") + " AS " + ran.sql);
    postgresql::Statement plan{db,
                               "EXPLAIN EXECUTE screen" + (nulls.empty() ? "" : "(" + nulls + ")")};
    static const std::regex scan{R"(Seq Scan on (\w+))"};
    std::vector<std::pair<std::string, std::string>> scans;
    while (plan.step()) {
      const std::string line = plan.text(0);
      std::smatch match;
      if (std::regex_search(line, match, scan)) scans.emplace_back(match[1], line);
    }
    return scans;
  }

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
INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, ExportStoreContract, Postgresql);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, PatientStoreContract, Postgresql);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, AssessmentStoreContract, Postgresql);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, PlanningStoreContract, Postgresql);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, SessionStoreContract, Postgresql);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, ScheduleStoreContract, Postgresql);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, OutcomeStoreContract, Postgresql);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, QueryPlansContract, Postgresql);

}  // namespace
}  // namespace plasticity
