// What every engine's audit trail must do, as typed tests: an engine's test file instantiates
// them with a type that opens an empty store and exposes it as `audit()`:
//
//   struct SqliteAudit { TestDirectory dir; std::unique_ptr<SqliteStore> store = ...;
//                        AuditStore& audit() { return *store; } };
//   INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, AuditStoreContract, SqliteAudit);
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storage/areas/audit_store.h"

namespace plasticity {

template <class Engine>
class AuditStoreContract : public ::testing::Test {
 protected:
  AuditStore& store() { return engine_.audit(); }

  std::int64_t append(const std::string& action, const std::string& patient_id,
                      const std::string& username = "fd", std::int64_t at = 1000) {
    AuditEntry entry{0,  UtcTime{at}, std::int64_t{7}, username, "front_desk", action, "success",
                     {}, "req-1",     "127.0.0.1",     ""};
    if (!patient_id.empty()) entry.patient_id = patient_id;
    return store().append_audit(entry);
  }

  static std::vector<std::string> actions(const std::vector<AuditEntry>& entries) {
    std::vector<std::string> found;
    for (const auto& entry : entries) found.push_back(entry.action);
    return found;
  }

 private:
  Engine engine_;
};

TYPED_TEST_SUITE_P(AuditStoreContract);

TYPED_TEST_P(AuditStoreContract, AnEntryReadsBackWhole) {
  AuditEntry entry{
      0,         UtcTime{1234}, std::int64_t{7}, "dr.a",     "prescriber",   "plan.confirm",
      "success", "p1",          "req-9",         "10.0.0.2", "course 2 of 3"};
  const std::int64_t id = this->store().append_audit(entry);
  const auto entries = this->store().query_audit({});
  ASSERT_EQ(entries.size(), 1u);
  const AuditEntry& read = entries[0];
  EXPECT_EQ(read.id, id);
  EXPECT_EQ(read.at, UtcTime{1234});
  EXPECT_EQ(read.staff_id, std::optional<std::int64_t>{7});
  EXPECT_EQ(read.username, "dr.a");
  EXPECT_EQ(read.role, "prescriber");
  EXPECT_EQ(read.action, "plan.confirm");
  EXPECT_EQ(read.outcome, "success");
  EXPECT_EQ(read.patient_id, std::optional<std::string>{"p1"});
  EXPECT_EQ(read.request_id, "req-9");
  EXPECT_EQ(read.client_address, "10.0.0.2");
  EXPECT_EQ(read.detail, "course 2 of 3");
}

TYPED_TEST_P(AuditStoreContract, QueriesFilterByPatientAndTimeAndPageNewestFirst) {
  for (int i = 0; i < 5; ++i) this->append("patient.read", i % 2 ? "p1" : "p2", "fd", 1000 + i);
  AuditQuery by_patient;
  by_patient.patient_id = "p1";
  EXPECT_EQ(this->store().query_audit(by_patient).size(), 2u);

  AuditQuery by_time;
  by_time.from = UtcTime{1001};
  by_time.to = UtcTime{1003};
  const auto entries = this->store().query_audit(by_time);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].at, UtcTime{1002});
  EXPECT_EQ(entries[1].at, UtcTime{1001});

  AuditQuery paged;
  paged.limit = 2;
  const auto page1 = this->store().query_audit(paged);
  paged.before_id = page1.back().id;
  const auto page2 = this->store().query_audit(paged);
  paged.before_id = page2.back().id;
  const auto page3 = this->store().query_audit(paged);
  ASSERT_EQ(page1.size(), 2u);
  ASSERT_EQ(page2.size(), 2u);
  ASSERT_EQ(page3.size(), 1u);
  EXPECT_LT(page2.front().id, page1.back().id);
  EXPECT_EQ(page3.front().at, UtcTime{1000});
}

TYPED_TEST_P(AuditStoreContract, AListViewIsFoundByEveryPatientItShowed) {
  AuditEntry list{0,  UtcTime{1000}, std::int64_t{7}, "nurse", "nurse", "calendar.read", "success",
                  {}, "req-2",       "127.0.0.1",     ""};
  list.shown_patient_ids = {"p2", "p1", "p2"};
  this->store().append_audits({list});
  this->append("patient.read", "p3");
  AuditQuery for_p2;
  for_p2.patient_id = "p2";
  const auto entries = this->store().query_audit(for_p2);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "calendar.read");
  EXPECT_EQ(entries[0].shown_patient_ids, (std::vector<std::string>{"p1", "p2"}));
}

TYPED_TEST_P(AuditStoreContract, AnActionFindsItsFamilyButNotItsNeighbours) {
  for (const char* action :
       {"patient", "patient.read", "patient.update", "patients.list", "patientx", "session.read"}) {
    this->append(action, "p1");
  }
  AuditQuery family;
  family.action = "patient";
  EXPECT_THAT(this->actions(this->store().query_audit(family)),
              ::testing::ElementsAre("patient.update", "patient.read", "patient"));
  family.action = "patient.read";
  EXPECT_THAT(this->actions(this->store().query_audit(family)),
              ::testing::ElementsAre("patient.read"));
}

TYPED_TEST_P(AuditStoreContract, DeviceReadingsAreHiddenOnlyWhenAsked) {
  this->append("vitals.record", "p1", "device:monitor-3");
  this->append("vitals.record", "p1", "hl7:gateway");
  this->append("vitals.record", "p1", "nurse");
  this->append("patient.read", "p1", "device:monitor-3");
  AuditQuery query;
  query.patient_id = "p1";
  EXPECT_EQ(this->store().query_audit(query).size(), 4u);
  query.hide_device_readings = true;
  const auto shown = this->store().query_audit(query);
  ASSERT_EQ(shown.size(), 2u);
  EXPECT_EQ(shown[0].action, "patient.read");
  EXPECT_EQ(shown[1].username, "nurse");
}

TYPED_TEST_P(AuditStoreContract, AUsersEntriesAreTheirsAlone) {
  this->append("patient.read", "p1", "nurse.a");
  this->append("patient.read", "p1", "nurse.b");
  this->append("patient.read", "p2", "nurse.a");
  AuditQuery by_user;
  by_user.username = "nurse.a";
  by_user.patient_id = "p1";
  EXPECT_EQ(this->store().query_audit(by_user).size(), 1u);
  by_user.patient_id.reset();
  EXPECT_EQ(this->store().query_audit(by_user).size(), 2u);
}

REGISTER_TYPED_TEST_SUITE_P(AuditStoreContract, AnEntryReadsBackWhole,
                            QueriesFilterByPatientAndTimeAndPageNewestFirst,
                            AListViewIsFoundByEveryPatientItShowed,
                            AnActionFindsItsFamilyButNotItsNeighbours,
                            DeviceReadingsAreHiddenOnlyWhenAsked, AUsersEntriesAreTheirsAlone);

}  // namespace plasticity
