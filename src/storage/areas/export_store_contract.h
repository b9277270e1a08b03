// What every engine's FHIR bulk export area must do, as typed tests (see audit_store_contract.h):
// the type an engine instantiates them with exposes `exports()` of one empty store and
// `execute(sql)` on its database.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "storage/areas/common.h"
#include "storage/areas/export_store.h"

namespace plasticity {

template <class Engine>
class ExportStoreContract : public ::testing::Test {
 protected:
  Engine engine_;

  static ExportJob job(const std::string& id) {
    ExportJob job;
    job.id = id;
    job.staff_id = 7;
    job.request_url = "https://clinic/fhir/$export";
    job.base_url = "https://clinic/fhir";
    job.transaction_time = UtcTime{1'000};
    return job;
  }
};

TYPED_TEST_SUITE_P(ExportStoreContract);

TYPED_TEST_P(ExportStoreContract, OneJobRunsAtATimeAndKeepsItsFilesByteForByte) {
  ExportJobStore& exports = this->engine_.exports();
  ASSERT_TRUE(exports.start_export_job(this->job("a")));
  EXPECT_FALSE(exports.start_export_job(this->job("b")));
  EXPECT_FALSE(exports.export_job("b"));
  EXPECT_EQ(exports.running_export_job(), "a");
  EXPECT_TRUE(exports.record_export_progress("a", 100, 2'500));
  // Whatever a file holds comes back byte for byte, a zero byte included.
  const std::string second("\x28\xb5\x2f\xfd\x00\xff\x01", 7);
  EXPECT_TRUE(exports.add_export_file("a", {"Patient", "Patient-1.ndjson", 100}, "patients"));
  EXPECT_TRUE(exports.add_export_file("a", {"Observation", "Observation-1.ndjson", 2'400}, second));
  EXPECT_TRUE(exports.finish_export_job("a", ExportJobState::done, "", UtcTime{5'000}));
  EXPECT_FALSE(exports.finish_export_job("a", ExportJobState::failed, "late", UtcTime{6'000}));

  const auto a = exports.export_job("a");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->staff_id, 7);
  EXPECT_EQ(a->request_url, "https://clinic/fhir/$export");
  EXPECT_EQ(a->base_url, "https://clinic/fhir");
  EXPECT_EQ(a->state, ExportJobState::done);
  EXPECT_EQ(a->patients_done, 100);
  EXPECT_EQ(a->resources, 2'500);
  EXPECT_EQ(a->error, "");
  EXPECT_EQ(a->transaction_time.epoch_ms, 1'000);
  ASSERT_TRUE(a->finished_at);
  EXPECT_EQ(a->finished_at->epoch_ms, 5'000);
  ASSERT_EQ(a->files.size(), 2u);
  EXPECT_EQ(a->files[0].name, "Patient-1.ndjson");
  EXPECT_EQ(a->files[1].type, "Observation");
  EXPECT_EQ(a->files[1].count, 2'400);
  EXPECT_EQ(exports.export_file("a", "Observation-1.ndjson"), second);
  EXPECT_FALSE(exports.export_file("a", "Encounter-1.ndjson"));
  EXPECT_FALSE(exports.running_export_job());
  // A finished job takes nothing more, and lets the next one start.
  EXPECT_FALSE(exports.record_export_progress("a", 200, 5'000));
  EXPECT_FALSE(exports.add_export_file("a", {"Patient", "Patient-2.ndjson", 1}, "late"));
  EXPECT_TRUE(exports.start_export_job(this->job("b")));
}

TYPED_TEST_P(ExportStoreContract, ARemovedJobStopsTakingProgressAndFiles) {
  ExportJobStore& exports = this->engine_.exports();
  ASSERT_TRUE(exports.start_export_job(this->job("a")));
  EXPECT_TRUE(exports.add_export_file("a", {"Patient", "Patient-1.ndjson", 1}, "p"));
  EXPECT_TRUE(exports.remove_export_job("a"));
  EXPECT_FALSE(exports.remove_export_job("a"));
  EXPECT_FALSE(exports.export_job("a"));
  EXPECT_FALSE(exports.export_file("a", "Patient-1.ndjson"));
  EXPECT_FALSE(exports.record_export_progress("a", 1, 1));
  EXPECT_FALSE(exports.add_export_file("a", {"Patient", "Patient-2.ndjson", 1}, "p"));
  EXPECT_FALSE(exports.finish_export_job("a", ExportJobState::done, "", UtcTime{2'000}));
  EXPECT_TRUE(exports.start_export_job(this->job("b")));
}

TYPED_TEST_P(ExportStoreContract, JobsFinishedLongAgoAreRemovedWithTheirFiles) {
  ExportJobStore& exports = this->engine_.exports();
  ASSERT_TRUE(exports.start_export_job(this->job("old")));
  EXPECT_TRUE(exports.add_export_file("old", {"Patient", "Patient-1.ndjson", 1}, "p"));
  EXPECT_TRUE(exports.finish_export_job("old", ExportJobState::failed, "disk", UtcTime{2'000}));
  ASSERT_TRUE(exports.start_export_job(this->job("recent")));
  EXPECT_TRUE(exports.finish_export_job("recent", ExportJobState::done, "", UtcTime{3'000}));
  ASSERT_TRUE(exports.start_export_job(this->job("running")));

  EXPECT_EQ(exports.remove_export_jobs_finished_by(UtcTime{2'000}), 1);
  EXPECT_FALSE(exports.export_job("old"));
  EXPECT_FALSE(exports.export_file("old", "Patient-1.ndjson"));
  EXPECT_EQ(exports.export_job("recent")->error, "");
  EXPECT_EQ(exports.export_job("running")->state, ExportJobState::running);
  EXPECT_EQ(exports.remove_export_jobs_finished_by(UtcTime{2'000}), 0);
}

TYPED_TEST_P(ExportStoreContract, ADamagedFileIsAnErrorNeverOtherContent) {
  ExportJobStore& exports = this->engine_.exports();
  ASSERT_TRUE(exports.start_export_job(this->job("a")));
  EXPECT_TRUE(exports.add_export_file("a", {"Patient", "Patient-1.ndjson", 1}, "{\"id\":\"p\"}\n"));
  this->engine_.execute("UPDATE fhir_export_files SET bytes = substr(bytes, 1, 12)");
  EXPECT_THROW(exports.export_file("a", "Patient-1.ndjson"), StoreError);
}

REGISTER_TYPED_TEST_SUITE_P(ExportStoreContract, OneJobRunsAtATimeAndKeepsItsFilesByteForByte,
                            ARemovedJobStopsTakingProgressAndFiles,
                            JobsFinishedLongAgoAreRemovedWithTheirFiles,
                            ADamagedFileIsAnErrorNeverOtherContent);

}  // namespace plasticity
