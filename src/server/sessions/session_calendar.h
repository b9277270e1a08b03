// A treatment session on the calendar: booked outside a plan it still takes its chair (or room)
// for its protocol's appointment length, collides with whatever else is there, and gives the place
// back when it is aborted. (A plan's sessions get their appointments from planning/plan_routes.cc.)
#pragma once

#include <variant>

#include "server/api.h"
#include "server/http/request_support.h"

namespace plasticity::server {

// The protocol's appointment type for a session (its chair time), or nullptr.
const AppointmentType* session_type(const ClinicSchedule& schedule, const std::string& protocol_id);

// The confirmed appointment that holds `place` for `session`: the type's minutes from its
// scheduled time, made by whoever booked the session.
Appointment session_appointment(const TreatmentSession& session, const AppointmentType& type,
                                const Resource& place);

// The appointment for `session`, or nullopt when the clinic has no appointment type for its
// protocol or no chair or room of that kind; 400 naming `chair` when it is none of them.
std::variant<std::optional<Appointment>, http::Response> calendar_place(
    ApiServices& services, const TreatmentSession& session);

// The same chair or the same patient at once (call with the schedule locked: Store::lock_schedule).
std::vector<Conflict> collisions(ApiServices& services, const Appointment& a);

// Cancels the aborted session's confirmed appointment and withdraws its instructions.
void free_calendar_place(ApiServices& services, const RequestContext& context,
                         const std::string& session_id);

}  // namespace plasticity::server
