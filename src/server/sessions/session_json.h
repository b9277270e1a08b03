// JSON for treatment sessions as the API shows them, and reading a new session's body.
#pragma once

#include <variant>

#include "interop/protocol_json.h"
#include "monitoring/monitoring_form.h"
#include "server/http/request_support.h"
#include "server/patients/patient_json.h"

namespace plasticity::server {

// 404 for a session id that names none (every session route answers it the same way).
http::Response session_not_found(const std::string& id);

// The fields of POST /api/v1/sessions, read and type-checked; errors name each field.
struct SessionRequest {
  std::string patient_id;
  std::string protocol_id;
  std::string chair;
  std::optional<UtcTime> scheduled_at;
  DosePrescription prescription;
  std::string lot_number;
  std::optional<CalendarDate> lot_expiry;
};
FieldErrors read_session_request(const Json& body, SessionRequest& request);

struct ApiServices;
// Why a session cannot be booked: a title for the problem document and the broken rules.
struct SessionRefusal {
  std::string title;
  FieldErrors errors;
};
// Checks a session request against its protocol and patient (the chart's weight when none was
// measured) and calculates its dose: the session to store, or why it cannot be booked.
std::variant<TreatmentSession, SessionRefusal> prepare_session(ApiServices& services,
                                                               const RequestContext& context,
                                                               SessionRequest request);

// The state of each checklist item: the latest entry for it, if any.
std::map<std::string, ChecklistEntry> latest_checklist(const std::vector<ChecklistEntry>& entries,
                                                       const std::string& list);
// The ids of `items` not currently confirmed.
std::vector<std::string> unconfirmed(const std::vector<ChecklistItem>& items,
                                     const std::map<std::string, ChecklistEntry>& state);

OrderedJson dose_to_json(const TreatmentSession& session);
OrderedJson session_to_json(const TreatmentSession& session, const Protocol* protocol);
OrderedJson transition_to_json(const SessionTransition& transition);
OrderedJson checklist_to_json(const std::vector<ChecklistItem>& items,
                              const std::map<std::string, ChecklistEntry>& state);
OrderedJson protocol_to_json(const Protocol& protocol);
OrderedJson session_event_to_json(const SessionEvent& event);
OrderedJson session_alarm_to_json(const SessionAlarm& alarm);
OrderedJson vital_reading_to_json(const VitalReading& reading);

// Reads the REMS monitoring-form answers of an event body; errors name each field.
FieldErrors read_monitoring_form_answers(const Json& body, MonitoringFormAnswers& answers);
OrderedJson monitoring_form_to_json(const MonitoringForm& form);
// The nurse's answers alone, in the shape read_monitoring_form_answers reads.
OrderedJson monitoring_form_answers_to_json(const MonitoringFormAnswers& answers);

}  // namespace plasticity::server
