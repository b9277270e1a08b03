// What every engine's patient registry must do, as typed tests (see audit_store_contract.h): the
// type an engine instantiates them with exposes `patients()`, `staff()` and `audit()` of one
// empty store.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storage/areas/audit_store.h"
#include "storage/areas/patient_store.h"
#include "storage/areas/staff_store.h"
#include "storage/areas/test_records.h"

namespace plasticity {

template <class Engine>
class PatientStoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    staff_id_ =
        *engine_.staff().create_staff({0, "fd", Role::front_desk, "$argon2id$hash", UtcTime{1}});
  }

  PatientStore& store() { return engine_.patients(); }
  AuditStore& trail() { return engine_.audit(); }

  static PatientRecord patient(const std::string& id, const std::string& mrn,
                               const std::string& given, const std::string& family) {
    return test_records::patient(id, mrn, given, family);
  }

  AuditEntry audit(const std::string& action, const std::string& patient_id) {
    return AuditEntry{0,          UtcTime{1000}, staff_id_,   "fd", "front_desk", action, "success",
                      patient_id, "req-1",       "127.0.0.1", ""};
  }

  static std::vector<std::string> ids_of(const PatientPage& page) {
    std::vector<std::string> ids;
    for (const auto& p : page.patients) ids.push_back(p.id);
    return ids;
  }

  Engine engine_;
  std::int64_t staff_id_ = 0;
};

TYPED_TEST_SUITE_P(PatientStoreContract);

TYPED_TEST_P(PatientStoreContract, CreatedPatientReadsBackWhole) {
  const PatientRecord record = this->patient("p1", "MRN-1", "Ada", "Example");
  ASSERT_EQ(this->store()
                .create_patient(record, this->staff_id_, this->audit("patient.create", "p1"))
                .status,
            PatientWriteStatus::ok);
  auto found = this->store().find_patient("p1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->demographics, record.demographics);
  EXPECT_EQ(found->version, 1);
  EXPECT_EQ(found->created_at, UtcTime{1000});
  EXPECT_FALSE(this->store().find_patient("p2"));
}

TYPED_TEST_P(PatientStoreContract, DuplicateMrnChangesNothingNotEvenTheAuditTrail) {
  this->store().create_patient(this->patient("p1", "MRN-1", "Ada", "Example"), this->staff_id_,
                               this->audit("patient.create", "p1"));
  auto result = this->store().create_patient(this->patient("p2", "MRN-1", "Bo", "Other"),
                                             this->staff_id_, this->audit("patient.create", "p2"));
  EXPECT_EQ(result.status, PatientWriteStatus::duplicate_mrn);
  EXPECT_FALSE(this->store().find_patient("p2"));
  AuditQuery query;
  query.patient_id = "p2";
  EXPECT_TRUE(this->trail().query_audit(query).empty());
}

TYPED_TEST_P(PatientStoreContract, UpdateChecksTheVersionAndKeepsHistory) {
  this->store().create_patient(this->patient("p1", "MRN-1", "Ada", "Example"), this->staff_id_,
                               this->audit("patient.create", "p1"));
  PatientUpdate update{"p1",
                       1,
                       this->patient("p1", "MRN-1", "Ada", "Example").demographics,
                       UtcTime{2000},
                       this->staff_id_,
                       "weighed before session"};
  update.demographics.weight_kg = 71.0;
  update.demographics.diagnoses.pop_back();
  auto result = this->store().update_patient(update, this->audit("patient.update", "p1"));
  ASSERT_EQ(result.status, PatientWriteStatus::ok);
  EXPECT_EQ(result.record->version, 2);

  update.demographics.weight_kg = 99.0;  // still claims version 1: stale
  auto stale = this->store().update_patient(update, this->audit("patient.update", "p1"));
  EXPECT_EQ(stale.status, PatientWriteStatus::version_conflict);
  EXPECT_EQ(stale.current_version, 2);
  EXPECT_EQ(this->store().find_patient("p1")->demographics.weight_kg, 71.0);

  auto history = this->store().patient_history("p1");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].record.demographics.weight_kg, 70.25);
  EXPECT_EQ(history[0].record.demographics.diagnoses.size(), 2u);
  EXPECT_EQ(history[0].reason, "registered");
  EXPECT_EQ(history[1].record.demographics.weight_kg, 71.0);
  EXPECT_EQ(history[1].record.demographics.diagnoses.size(), 1u);
  EXPECT_EQ(history[1].reason, "weighed before session");
  EXPECT_EQ(history[1].changed_by_username, "fd");
  EXPECT_EQ(history[1].record.updated_at, UtcTime{2000});

  update.expected_version = 2;
  update.patient_id = "missing";
  EXPECT_EQ(this->store().update_patient(update, this->audit("patient.update", "missing")).status,
            PatientWriteStatus::not_found);
}

TYPED_TEST_P(PatientStoreContract, UpdateToATakenMrnIsRefused) {
  this->store().create_patient(this->patient("p1", "MRN-1", "Ada", "Example"), this->staff_id_,
                               this->audit("c", "p1"));
  this->store().create_patient(this->patient("p2", "MRN-2", "Bo", "Other"), this->staff_id_,
                               this->audit("c", "p2"));
  PatientUpdate update{"p2",
                       1,
                       this->patient("p2", "MRN-1", "Bo", "Other").demographics,
                       UtcTime{2},
                       this->staff_id_,
                       ""};
  EXPECT_EQ(this->store().update_patient(update, this->audit("u", "p2")).status,
            PatientWriteStatus::duplicate_mrn);
  EXPECT_EQ(this->store().find_patient("p2")->demographics.mrn, "MRN-2");
}

TYPED_TEST_P(PatientStoreContract, SearchMatchesNamesAndMrnAndPages) {
  this->store().create_patient(this->patient("p1", "MRN-100", "Ada", "Lovelace"), this->staff_id_,
                               this->audit("c", "p1"));
  this->store().create_patient(this->patient("p2", "MRN-200", "Grace", "hopper"), this->staff_id_,
                               this->audit("c", "p2"));
  this->store().create_patient(this->patient("p3", "X_1", "Alan", "Turing"), this->staff_id_,
                               this->audit("c", "p3"));
  this->store().create_patient(this->patient("p4", "MRN-300", "Ada", "Turing"), this->staff_id_,
                               this->audit("c", "p4"));

  EXPECT_EQ(this->ids_of(this->store().search_patients({"", std::nullopt, 50})),
            (std::vector<std::string>{"p2", "p1", "p4", "p3"}));  // hopper, Lovelace, Turing A, A
  EXPECT_EQ(this->ids_of(this->store().search_patients({"ada", std::nullopt, 50})),
            (std::vector<std::string>{"p1", "p4"}));
  EXPECT_EQ(this->ids_of(this->store().search_patients({"Ada Turing", std::nullopt, 50})),
            std::vector<std::string>{"p4"});
  EXPECT_EQ(this->ids_of(this->store().search_patients({"MRN-2", std::nullopt, 50})),
            std::vector<std::string>{"p2"});
  // A whole MRN: that patient, and any whose MRN begins with it; a part of one, by any part.
  EXPECT_EQ(this->ids_of(this->store().search_patients({"MRN-100", std::nullopt, 50})),
            std::vector<std::string>{"p1"});
  EXPECT_EQ(this->ids_of(this->store().search_patients({"RN-10", std::nullopt, 50})),
            std::vector<std::string>{"p1"});
  EXPECT_EQ(
      this->ids_of(this->store().search_patients({"lace", std::nullopt, 50})),  // taken literally
      std::vector<std::string>{"p1"});
  EXPECT_EQ(this->ids_of(this->store().search_patients({"X_1", std::nullopt, 50})),
            std::vector<std::string>{"p3"});
  EXPECT_TRUE(this->store().search_patients({"A_a", std::nullopt, 50}).patients.empty());
  // One or two characters: the beginning of a name or of an MRN (the index needs three for
  // any part), with no wildcard either.
  EXPECT_EQ(this->ids_of(this->store().search_patients({"tU", std::nullopt, 50})),
            (std::vector<std::string>{"p4", "p3"}));
  EXPECT_EQ(this->ids_of(this->store().search_patients({"X_", std::nullopt, 50})),
            std::vector<std::string>{"p3"});
  EXPECT_TRUE(this->store().search_patients({"A_", std::nullopt, 50}).patients.empty());

  // Beyond ASCII: two characters (four bytes) are a beginning, three any part; a beginning that
  // ends in a character of several bytes still finds only names that begin with it.
  this->store().create_patient(this->patient("p5", "MRN-ÅÄ", "Zoë", "Ångström"), this->staff_id_,
                               this->audit("c", "p5"));
  this->store().create_patient(this->patient("p6", "MRN-400", "Zoé", "Åm"), this->staff_id_,
                               this->audit("c", "p6"));
  EXPECT_EQ(this->ids_of(this->store().search_patients({"Ån", std::nullopt, 50})),
            std::vector<std::string>{"p5"});
  EXPECT_EQ(this->ids_of(this->store().search_patients({"Zoë", std::nullopt, 50})),
            std::vector<std::string>{"p5"});
  EXPECT_EQ(this->ids_of(this->store().search_patients({"ångs", std::nullopt, 50})),
            std::vector<std::string>{"p5"});  // case folded beyond ASCII too
  EXPECT_EQ(this->ids_of(this->store().search_patients({"gst", std::nullopt, 50})),
            std::vector<std::string>{"p5"});
  EXPECT_EQ(this->ids_of(this->store().search_patients({"MRN-Å", std::nullopt, 50})),
            std::vector<std::string>{"p5"});
  EXPECT_EQ(this->ids_of(this->store().search_patients({"Å", std::nullopt, 50})),
            (std::vector<std::string>{"p6", "p5"}));

  // A fragment most patients share, a short page at a time (SQLite then walks the names in order
  // and stops at the page; for a long page it sorts the matches): the same patients, in order.
  const auto sharing = this->ids_of(this->store().search_patients({"MRN", std::nullopt, 50}));
  EXPECT_EQ(sharing, (std::vector<std::string>{"p2", "p1", "p4", "p6", "p5"}));
  std::vector<std::string> paged;
  std::optional<std::string> after;
  for (std::size_t pages = 0; pages < sharing.size(); ++pages) {
    const PatientPage page = this->store().search_patients({"MRN", after, 2});
    for (const auto& id : this->ids_of(page)) paged.push_back(id);
    if (!page.has_more) break;
    after = page.patients.back().id;
  }
  EXPECT_EQ(paged, sharing);

  auto first = this->store().search_patients({"", std::nullopt, 3});
  EXPECT_TRUE(first.has_more);
  auto second = this->store().search_patients({"", first.patients.back().id, 3});
  EXPECT_FALSE(second.has_more);
  EXPECT_EQ(this->ids_of(second), (std::vector<std::string>{"p3", "p6", "p5"}));

  // Two characters that are also someone's whole MRN still begin names too.
  this->store().create_patient(this->patient("p7", "tU", "Zed", "Zed"), this->staff_id_,
                               this->audit("c", "p7"));
  EXPECT_EQ(this->ids_of(this->store().search_patients({"tU", std::nullopt, 50})),
            (std::vector<std::string>{"p4", "p3", "p7"}));
}

REGISTER_TYPED_TEST_SUITE_P(PatientStoreContract, CreatedPatientReadsBackWhole,
                            DuplicateMrnChangesNothingNotEvenTheAuditTrail,
                            UpdateChecksTheVersionAndKeepsHistory, UpdateToATakenMrnIsRefused,
                            SearchMatchesNamesAndMrnAndPages);

}  // namespace plasticity
