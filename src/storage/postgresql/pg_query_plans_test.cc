// The PostgreSQL side of the query-plan test (sqlite/query_plans_test.cc): patient search reads
// its indexes, never every patient, with the generic plan PostgreSQL settles on for a prepared
// statement run many times (plan_cache_mode = force_generic_plan), on a registry large enough
// that the planner would rather scan than use a poor index.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/postgresql/pg_migrations.h"
#include "storage/postgresql/pg_patient_search.h"
#include "storage/postgresql/test_database.h"

namespace plasticity::postgresql {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PgQueryPlans : public TestDatabase {
 protected:
  void SetUp() override {
    db_ = std::make_unique<Connection>(url());
    apply_migrations(*db_, postgresql_migrations());
    db_->execute(
        "INSERT INTO staff (username, role, password_hash, created_at) VALUES ('fd', "
        "'front_desk', 'x', 0);"
        "INSERT INTO patients (id, mrn, current_version, created_at, created_by, family_key, "
        "given_key) SELECT 'p' || i, 'MRN-' || i, 1, 0, 1, 'family' || i, 'given' || i "
        "FROM generate_series(1, 20000) i;"
        "ANALYZE patients; SET plan_cache_mode = force_generic_plan");
  }

  // The plan of `condition` over patients p, its ?1 and ?2 bound to `first` and `second`.
  std::string plan(const std::string& condition, const std::string& first,
                   const std::string& second = "") {
    std::string sql = "SELECT id FROM patients p WHERE " + condition;
    for (const auto& [marker, number] : {std::pair{"?1", "$1"}, std::pair{"?2", "$2"}}) {
      for (auto at = sql.find(marker); at != std::string::npos; at = sql.find(marker)) {
        sql.replace(at, 2, number);
      }
    }
    db_->execute("DEALLOCATE ALL; PREPARE search(text, text) AS " + sql);
    Statement explain{*db_, "EXPLAIN EXECUTE search('" + first + "', '" + second + "')"};
    std::string lines;
    while (explain.step()) lines += explain.text(0) + "\n";
    return lines;
  }

  std::unique_ptr<Connection> db_;
};

TEST_F(PgQueryPlans, AnyPartOfANameOrMrnReadsTheTrigramIndex) {
  const std::string lines =
      plan(PatientSearch::any_part_condition(*db_, "", 50), PatientSearch::any_part_value("mily123"));
  EXPECT_THAT(lines, HasSubstr("patients_by_any_part"));
  EXPECT_THAT(lines, Not(HasSubstr("Seq Scan")));
}

TEST_F(PgQueryPlans, TheBeginningOfANameOrMrnWalksARange) {
  EXPECT_THAT(plan("(p.family_key >= ?1 AND p.family_key < ?2)", "family123", "family124"),
              Not(HasSubstr("Seq Scan")));
  EXPECT_THAT(plan("(p.mrn >= ?1 AND p.mrn < ?2)", "MRN-123", "MRN-124"),
              Not(HasSubstr("Seq Scan")));
}

}  // namespace
}  // namespace plasticity::postgresql
