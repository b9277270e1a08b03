#include "server/sessions/session_calendar.h"

#include <algorithm>

#include "server/http/credentials.h"
#include "server/http/problem.h"
#include "server/schedule/schedule_support.h"

namespace plasticity::server {

const AppointmentType* session_type(const ClinicSchedule& schedule,
                                    const std::string& protocol_id) {
  const auto& types = schedule.appointment_types;
  const auto type = std::find_if(types.begin(), types.end(), [&](const AppointmentType& t) {
    return t.protocol_id == protocol_id;
  });
  return type == types.end() ? nullptr : &*type;
}

Appointment session_appointment(const TreatmentSession& session, const AppointmentType& type,
                                const Resource& place) {
  Appointment a;
  a.id = new_random_id();
  a.patient_id = session.patient_id;
  a.type_id = type.id;
  a.resource_id = place.id;
  a.starts_at = session.scheduled_at;
  a.ends_at = UtcTime{session.scheduled_at.epoch_ms + type.minutes * kMillisPerMinute};
  a.status = AppointmentStatus::confirmed;
  a.treatment_session_id = session.id;
  a.created_by = session.created_by;
  a.created_at = session.created_at;
  return a;
}

// Where a session booked outside a plan sits on the calendar: an appointment of its protocol's type
// in the chair (or room) it names. None when the clinic has no appointment type for the protocol
// or no chair or room of that kind at all (a clinic that keeps no schedule).
std::variant<std::optional<Appointment>, http::Response> calendar_place(
    ApiServices& services, const TreatmentSession& session) {
  const auto clinic = services.settings.get();
  const AppointmentType* type = session_type(clinic->schedule, session.protocol_id);
  if (!type) return std::nullopt;
  std::vector<Resource> places = services.store.resources();
  std::erase_if(places,
                [&](const Resource& r) { return !r.active || r.kind != type->resource_kind; });
  if (places.empty()) return std::nullopt;
  const auto place = std::find_if(places.begin(), places.end(),
                                  [&](const Resource& r) { return r.name == session.chair; });
  if (place == places.end()) {
    std::string names;
    for (const auto& r : places) names += (names.empty() ? "" : ", ") + r.name;
    return invalid_input(
        "Unknown " + type->resource_kind,
        {{"chair", "known_" + type->resource_kind,
          "chair must name one of the clinic's " + type->resource_kind + "s: " + names}});
  }
  return session_appointment(session, *type, *place);
}

// Only what makes two sessions collide: the same chair or the same patient at once. Opening hours
// and the rota judge a plan's course; a session booked now is being given now.
std::vector<Conflict> collisions(ApiServices& services, const Appointment& a) {
  auto conflicts = ConflictCheck{services}(a);
  std::erase_if(conflicts, [](const Conflict& c) {
    return !c.rule.ends_with("_double_booked") || c.rule == "staff_double_booked";
  });
  return conflicts;
}

// An aborted session gives its chair back: its appointment is cancelled and its patient
// instructions withdrawn. (A discharged one keeps its appointment: it took place.)
void free_calendar_place(ApiServices& services, const RequestContext& context,
                         const std::string& session_id) {
  const auto schedule = services.store.lock_schedule();
  auto appointment = services.store.appointment_for_session(session_id);
  if (!appointment || appointment->status != AppointmentStatus::confirmed) return;
  appointment->status = AppointmentStatus::cancelled;
  appointment->version += 1;
  ScheduleChange change;
  change.appointments = {*appointment};
  change.withdraw_messages_of = {appointment->id};
  change.staff_id = context.staff->id;
  change.at = context.now;
  services.store.apply_schedule_change(
      change, audit_entry(context, "appointment.cancel", "success", appointment->patient_id,
                          appointment->id + ": its session was aborted"));
}

}  // namespace plasticity::server
