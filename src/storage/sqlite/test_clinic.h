// A store with one nurse and one patient (id "p1", MRN "M1") in a fresh directory: the starting
// point of the storage tests that record things about a patient.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "storage/areas/test_records.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_directory.h"

namespace plasticity::testing {

class TestClinic : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = SqliteStore::open(dir_.path() / "p.db");
    nurse_ = *store_->create_staff({0, "nurse", Role::nurse, "$argon2id$x", UtcTime{1}});
    store_->create_patient(test_records::first_patient(), nurse_, audit());
  }

  AuditEntry audit() {
    return AuditEntry{0, UtcTime{1}, nurse_, "nurse", "nurse", "x", "success", "p1", "r", "l", ""};
  }

  TestDirectory dir_;
  std::unique_ptr<SqliteStore> store_;
  std::int64_t nurse_ = 0;
};

}  // namespace plasticity::testing
