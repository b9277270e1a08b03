// The schedule (appointments, chairs and rooms, working hours, the outbox), written once for both
// engines: each method one transaction around the shared statements (schedule_statements.h,
// appointment_statements.h). `Engine` and `Statement` as in staff_area.h.
#pragma once

#include "storage/areas/schedule_store.h"
#include "storage/statements/first_of.h"
#include "storage/statements/schedule_statements.h"

namespace plasticity {

template <class Engine, class Statement>
class ScheduleArea : public virtual ScheduleStore {
 public:
  std::vector<Appointment> appointments_between(UtcTime from, UtcTime to) final {
    // An appointment lies within one day's opening hours (scheduling/appointment.cc refuses any
    // other), at most 25 hours (the day clocks fall back), so one that overlaps `from` started
    // less than that before it: bounding starts_at below makes the time index read the week
    // asked for, not every earlier appointment.
    constexpr std::int64_t kLongestAppointment = 25 * 60 * kMillisPerMinute;
    return engine().read([&](auto& db) {
      return statements::select_appointments<Statement>(
          db, "starts_at > ?1 - ?3 AND starts_at < ?2 AND ends_at > ?1 AND status <> 'cancelled'",
          [&](Statement& st) {
            st.bind(1, from.epoch_ms).bind(2, to.epoch_ms).bind(3, kLongestAppointment);
          });
    });
  }

  std::optional<Appointment> find_appointment(const std::string& id) final {
    return statements::first_of(appointments_where("id = ?1", id));
  }

  std::vector<Appointment> plan_appointments(const std::string& plan_id) final {
    return appointments_where("plan_id = ?1", plan_id);
  }

  std::vector<Appointment> patient_appointments(const std::string& patient_id) final {
    return appointments_where("patient_id = ?1", patient_id);
  }

  std::optional<Appointment> appointment_for_session(const std::string& session_id) final {
    return statements::first_of(appointments_where("treatment_session_id = ?1", session_id));
  }

  ScheduleWriteStatus apply_schedule_change(const ScheduleChange& change,
                                            const AuditEntry& audit) final {
    try {
      return engine().serializable([&](auto& db) {
        statements::write_schedule_change<Statement>(db, change, audit);
        return ScheduleWriteStatus::ok;
      });
    } catch (const statements::StaleSchedule&) {
      return ScheduleWriteStatus::version_conflict;
    }
  }

  bool create_resource(const Resource& resource, const AuditEntry& audit) final {
    return engine().serializable([&](auto& db) {
      if (!statements::insert_resource<Statement>(db, resource)) return false;
      statements::insert_audit<Statement>(db, audit);
      return true;
    });
  }

  bool update_resource(const Resource& resource, const AuditEntry& audit) final {
    return engine().serializable([&](auto& db) {
      if (!statements::update_resource<Statement>(db, resource)) return false;
      statements::insert_audit<Statement>(db, audit);
      return true;
    });
  }

  std::vector<Resource> resources() final {
    return engine().read([&](auto& db) { return statements::resources<Statement>(db); });
  }

  void set_working_hours(std::int64_t staff_id, const std::vector<WorkingHours>& hours,
                         const AuditEntry& audit) final {
    engine().write([&](auto& db) {
      statements::replace_working_hours<Statement>(db, staff_id, hours);
      statements::insert_audit<Statement>(db, audit);
    });
  }

  std::vector<StaffRota> staff_rota() final {
    return engine().read([&](auto& db) { return statements::staff_rota<Statement>(db); });
  }

  std::vector<OutboxMessage> outbox(const std::string& status) final {
    return engine().read([&](auto& db) {
      return statements::select_messages<Statement>(db, "?1 = '' OR status = ?1", status);
    });
  }

  std::optional<OutboxMessage> find_outbox_message(const std::string& id) final {
    return engine().read([&](auto& db) {
      return statements::first_of(statements::select_messages<Statement>(db, "id = ?1", id));
    });
  }

  AcknowledgeStatus mark_message_sent(const std::string& id, UtcTime at,
                                      const AuditEntry& audit) final {
    return engine().write(
        [&](auto& db) { return statements::mark_message_sent<Statement>(db, id, at, audit); });
  }

 private:
  Engine& engine() { return static_cast<Engine&>(*this); }

  std::vector<Appointment> appointments_where(const std::string& condition,
                                              const std::string& value) {
    return engine().read([&](auto& db) {
      return statements::select_appointments<Statement>(db, condition,
                                                        [&](Statement& st) { st.bind(1, value); });
    });
  }
};

}  // namespace plasticity
