#include "storage/postgresql/dialect.h"

#include <gtest/gtest.h>

#include "storage/areas/common.h"

namespace plasticity::postgresql {
namespace {

TEST(Dialect, BareMarkersAreNumberedInOrder) {
  const auto numbered = number_parameters("SELECT a FROM t WHERE b = ? AND c = ?");
  EXPECT_EQ(numbered.sql, "SELECT a FROM t WHERE b = $1 AND c = $2");
  EXPECT_EQ(numbered.parameter_count, 2);
}

TEST(Dialect, NumberedMarkersKeepTheirNumberAndMayRepeat) {
  const auto numbered = number_parameters("WHERE a = ?1 OR b = ?2 OR c = ?1");
  EXPECT_EQ(numbered.sql, "WHERE a = $1 OR b = $2 OR c = $1");
  EXPECT_EQ(numbered.parameter_count, 2);
  EXPECT_EQ(numbered.sqlite_numbers, (std::vector<int>{1, 2}));
}

// SQLite's rule: a bare `?` is one more than the largest number assigned so far.
TEST(Dialect, ABareMarkerAfterANumberedOneFollowsSqlitesRule) {
  const auto numbered = number_parameters("?3, ?, ?1, ?");
  EXPECT_EQ(numbered.sqlite_numbers, (std::vector<int>{3, 4, 1, 5}));
  EXPECT_EQ(numbered.parameter_count, 5);
}

// PostgreSQL needs a type for every parameter up to the largest; SQLite lets numbers be skipped.
TEST(Dialect, SkippedNumbersAreClosedUpInOrderOfFirstUse) {
  const auto numbered = number_parameters("WHERE id < ?5 AND at >= ?3 ORDER BY id LIMIT ?6");
  EXPECT_EQ(numbered.sql, "WHERE id < $1 AND at >= $2 ORDER BY id LIMIT $3");
  EXPECT_EQ(numbered.sqlite_numbers, (std::vector<int>{5, 3, 6}));
  EXPECT_EQ(numbered.parameter_count, 6);
}

TEST(Dialect, MarkersInLiteralsIdentifiersAndCommentsAreText) {
  const auto numbered =
      number_parameters("SELECT '?', 'it''s ?', \"odd?name\" -- why?\nFROM t /* ?1 */ WHERE x = ?");
  EXPECT_EQ(numbered.sql,
            "SELECT '?', 'it''s ?', \"odd?name\" -- why?\nFROM t /* ?1 */ WHERE x = $1");
  EXPECT_EQ(numbered.parameter_count, 1);
}

TEST(Dialect, AStatementWithoutMarkersIsUnchanged) {
  const auto numbered = number_parameters("SELECT 1");
  EXPECT_EQ(numbered.sql, "SELECT 1");
  EXPECT_EQ(numbered.parameter_count, 0);
}

TEST(Dialect, MarkersOutsideSqlitesRangeAreRefused) {
  EXPECT_THROW(number_parameters("WHERE a = ?0"), StoreError);
  EXPECT_THROW(number_parameters("WHERE a = ?32767"), StoreError);
  EXPECT_THROW(number_parameters("WHERE a = ?99999999999999999999"), StoreError);
  EXPECT_EQ(number_parameters("WHERE a = ?32766").parameter_count, 32766);
}

}  // namespace
}  // namespace plasticity::postgresql
