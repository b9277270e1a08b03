// The whole-clinic reads of the outcome report and the forecast, each in one consistent snapshot.
// Part of the Store (storage/store.h), whose contract every method keeps.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/utc_time.h"
#include "outcomes/cohort.h"
#include "outcomes/safety.h"

namespace plasticity {

class OutcomeStore {
 public:
  virtual ~OutcomeStore() = default;

  // Everything the clinic's outcome report reads (outcomes/cohort.h) for one instrument: every
  // patient, in one consistent read.
  virtual std::vector<CohortPatient> outcome_cohort(const std::string& instrument_id) = 0;
  // The same for one patient (the early-response forecast); nothing when the patient is unknown.
  virtual std::optional<CohortPatient> outcome_record(const std::string& instrument_id,
                                                      const std::string& patient_id) = 0;

  // Every treatment session's safety records (outcomes/safety.h), in one consistent read.
  virtual SafetyRecords safety_records() = 0;
};

}  // namespace plasticity
