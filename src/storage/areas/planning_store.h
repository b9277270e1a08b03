// Eligibility screenings and treatment plans with their versions.
// Part of the Store (storage/store.h), whose contract every method keeps.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/utc_time.h"
#include "storage/areas/audit_store.h"
#include "storage/areas/common.h"
#include "storage/planning_records.h"

namespace plasticity {

class PlanningStore {
 public:
  virtual ~PlanningStore() = default;

  // Screenings: the intake and result, then the prescriber's sign-off once (sign_off returns
  // already_acknowledged when it was signed before).
  virtual void create_screening(const ScreeningRecord& screening, const AuditEntry& audit) = 0;
  virtual std::optional<ScreeningRecord> find_screening(const std::string& id) = 0;
  virtual std::vector<ScreeningRecord> patient_screenings(const std::string& patient_id) = 0;
  virtual AcknowledgeStatus sign_off_screening(const ScreeningSignOff& sign_off,
                                               const AuditEntry& audit) = 0;

  // Treatment plans with their proposed appointments; screening_used when another plan already
  // started from the screening. revise_plan keeps every version.
  virtual PlanWriteStatus create_plan(const PlanRecord& plan,
                                      const std::vector<Appointment>& proposed,
                                      const AuditEntry& audit) = 0;
  virtual std::optional<PlanRecord> find_plan(const std::string& id) = 0;
  virtual std::vector<PlanRecord> patient_plans(const std::string& patient_id) = 0;
  virtual PlanWriteStatus revise_plan(const PlanVersion& version, const AuditEntry& audit) = 0;
  virtual std::vector<PlanVersion> plan_versions(const std::string& plan_id) = 0;
};

}  // namespace plasticity
