// Plasticity's records as FHIR R4 (4.0.1) resources, each with what search needs beside its JSON.
// Pure mapping: no store, no clock. patient_resources.h gathers one patient's records and calls
// these; the routes and the bulk export only filter and write what comes back.
//
// Ids: a Patient, Encounter (a treatment session or an appointment), MedicationAdministration
// (the session's dose), QuestionnaireResponse (an assessment) and Questionnaire (an instrument)
// keep the record's own id; the rest are made from it, so a read can find its owner:
//   Condition            <patient id>-<ICD-10 code>
//   Observation (vital)  <session id>-<kind>-<measured ms>-<device hash>
//   Observation (total)  <assessment id>-total
//   AdverseEvent         <session id>-ae<n>  (n: the session's nth adverse event, from 1)
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "instruments/instrument.h"
#include "patients/patient.h"
#include "protocols/protocol.h"
#include "scheduling/appointment.h"
#include "scheduling/clinic_schedule.h"
#include "server/http/request_support.h"
#include "storage/store.h"

namespace plasticity::server::fhir {

struct FhirResource {
  std::string type;  // "Observation"
  std::string id;
  std::string patient_id;  // empty for resources of no patient (Questionnaire)
  UtcTime last_updated;
  std::optional<UtcTime> date;     // the clinical time `date` searches
  std::vector<std::string> codes;  // "system|code" of each code `code` searches
  std::string category;            // Observation: "vital-signs" or "survey"
  OrderedJson json;                // the resource, meta included
};

FhirResource patient_resource(const PatientRecord& patient);
std::vector<FhirResource> condition_resources(const PatientRecord& patient);

// A treatment session as an Encounter; `protocol` may be null (a protocol since removed).
FhirResource session_encounter(const TreatmentSession& session, const Protocol* protocol,
                               const std::vector<SessionTransition>& transitions);
// An appointment with no treatment session (a consultation, a KAP therapy hour) as an Encounter.
FhirResource appointment_encounter(const Appointment& appointment, const AppointmentType* type);

// The session's dose, once dosing began; nullopt before.
std::optional<FhirResource> medication_administration(
    const TreatmentSession& session, const Protocol* protocol,
    const std::vector<SessionTransition>& transitions);

// One Observation per reading; systolic and diastolic measured together by one device become one
// blood pressure panel with two components.
std::vector<FhirResource> vital_sign_observations(const TreatmentSession& session,
                                                  const std::vector<VitalReading>& readings);

// The session's adverse events (events of kind "adverse_event"), in the order recorded.
std::vector<FhirResource> adverse_events(const TreatmentSession& session,
                                         const std::vector<SessionEvent>& events);

FhirResource questionnaire_response(const AssessmentRecord& assessment,
                                    const Instrument& instrument);
// The total (or the triage level) as a survey Observation derived from the response; nullopt
// when an incomplete assessment has neither.
std::optional<FhirResource> score_observation(const AssessmentRecord& assessment,
                                              const Instrument& instrument);
// `at`: when the catalog was loaded (the Questionnaire's meta.lastUpdated).
FhirResource questionnaire(const Instrument& instrument, UtcTime at);

// The canonical URL of an instrument's Questionnaire.
std::string questionnaire_url(const Instrument& instrument);

}  // namespace plasticity::server::fhir
