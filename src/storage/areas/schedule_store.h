// The schedule: appointments, chairs and rooms, working hours, and the outbox of patient
// instructions. Part of the Store (storage/store.h), whose contract every method keeps.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/utc_time.h"
#include "storage/areas/audit_store.h"
#include "storage/areas/common.h"
#include "storage/planning_records.h"

namespace plasticity {

// Held while a booking is checked for conflicts and written; released when destroyed.
class ScheduleLock {
 public:
  virtual ~ScheduleLock() = default;
};

class ScheduleStore {
 public:
  virtual ~ScheduleStore() = default;

  // A booking's conflict check and its write are separate calls, and two desks must not both
  // pass the check for one chair: until the returned lock is destroyed, every other caller of
  // lock_schedule waits, in this process and in any other process on the same database. Waits
  // a few seconds at most, then throws StoreError.
  virtual std::unique_ptr<ScheduleLock> lock_schedule() = 0;

  // The schedule. Appointments overlapping [from, to) that are not cancelled, by start.
  virtual std::vector<Appointment> appointments_between(UtcTime from, UtcTime to) = 0;
  virtual std::optional<Appointment> find_appointment(const std::string& id) = 0;
  virtual std::vector<Appointment> plan_appointments(const std::string& plan_id) = 0;
  // Every appointment of the patient, cancelled ones included, by start.
  virtual std::vector<Appointment> patient_appointments(const std::string& patient_id) = 0;
  virtual std::optional<Appointment> appointment_for_session(const std::string& session_id) = 0;
  virtual ScheduleWriteStatus apply_schedule_change(const ScheduleChange& change,
                                                    const AuditEntry& audit) = 0;
  // create_resource returns false when the id is taken.
  virtual bool create_resource(const Resource& resource, const AuditEntry& audit) = 0;
  // Renames a chair or room or takes it out of (or back into) use; false when no resource has
  // the id or another has the name. Its appointments keep it.
  virtual bool update_resource(const Resource& resource, const AuditEntry& audit) = 0;
  virtual std::vector<Resource> resources() = 0;
  // Replaces the staff member's weekly hours.
  virtual void set_working_hours(std::int64_t staff_id, const std::vector<WorkingHours>& hours,
                                 const AuditEntry& audit) = 0;
  // Every staff member with their role and hours.
  virtual std::vector<StaffRota> staff_rota() = 0;
  // Oldest first by send time; only `status` when not empty.
  virtual std::vector<OutboxMessage> outbox(const std::string& status) = 0;
  virtual std::optional<OutboxMessage> find_outbox_message(const std::string& id) = 0;
  virtual AcknowledgeStatus mark_message_sent(const std::string& id, UtcTime at,
                                              const AuditEntry& audit) = 0;
};

}  // namespace plasticity
