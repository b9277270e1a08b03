#include "server/fhir/patient_resources.h"

namespace plasticity::server::fhir {
namespace {

const AppointmentType* appointment_type(const ClinicSchedule& schedule, const std::string& id) {
  for (const auto& type : schedule.appointment_types) {
    if (type.id == id) return &type;
  }
  return nullptr;
}

// The record id a derived resource id starts with (see fhir_resources.h): up to the first '-'.
std::string leading_id(const std::string& id) { return id.substr(0, id.find('-')); }

}  // namespace

const std::vector<std::string>& patient_resource_types() {
  static const std::vector<std::string> types{"Patient",
                                              "Condition",
                                              "Encounter",
                                              "MedicationAdministration",
                                              "Observation",
                                              "AdverseEvent",
                                              "QuestionnaireResponse"};
  return types;
}

std::vector<FhirResource> patient_resources(const ChartSources& sources,
                                            const PatientRecord& patient,
                                            const std::set<std::string>& types) {
  auto wanted = [&](const char* type) { return types.count(type) > 0; };
  std::vector<FhirResource> out;
  if (wanted("Patient")) out.push_back(patient_resource(patient));
  if (wanted("Condition")) {
    for (auto& c : condition_resources(patient)) out.push_back(std::move(c));
  }
  const bool sessions_needed = wanted("Encounter") || wanted("MedicationAdministration") ||
                               wanted("Observation") || wanted("AdverseEvent");
  const auto sessions = sessions_needed ? sources.store.patient_treatment_sessions(patient.id)
                                        : std::vector<TreatmentSession>{};
  std::vector<FhirResource> encounters, doses, vitals, events;
  for (const auto& session : sessions) {
    const Protocol* protocol = sources.protocols.find(session.protocol_id);
    const auto transitions = sources.store.session_transitions(session.id);
    if (wanted("Encounter"))
      encounters.push_back(session_encounter(session, protocol, transitions));
    if (wanted("MedicationAdministration")) {
      if (auto dose = medication_administration(session, protocol, transitions)) {
        doses.push_back(std::move(*dose));
      }
    }
    if (wanted("Observation")) {
      for (auto& o : vital_sign_observations(session, sources.store.session_vitals(session.id, {})))
        vitals.push_back(std::move(o));
    }
    if (wanted("AdverseEvent")) {
      for (auto& e : adverse_events(session, sources.store.session_events(session.id)))
        events.push_back(std::move(e));
    }
  }
  if (wanted("Encounter")) {
    for (const auto& appointment : sources.store.patient_appointments(patient.id)) {
      if (!appointment.treatment_session_id.empty()) continue;  // the session's Encounter
      encounters.push_back(appointment_encounter(
          appointment, appointment_type(sources.schedule, appointment.type_id)));
    }
  }
  std::vector<FhirResource> responses, scores;
  if (wanted("QuestionnaireResponse") || wanted("Observation")) {
    for (const auto& assessment : sources.store.patient_assessments(patient.id, "")) {
      const auto* entry = sources.instruments.find(assessment.instrument_id);
      if (!entry) continue;  // an instrument no longer installed: its answers stay in the API
      if (wanted("QuestionnaireResponse"))
        responses.push_back(questionnaire_response(assessment, entry->instrument));
      if (wanted("Observation")) {
        if (auto score = score_observation(assessment, entry->instrument))
          scores.push_back(std::move(*score));
      }
    }
  }
  auto by_date = [](const FhirResource& a, const FhirResource& b) { return a.date < b.date; };
  std::stable_sort(encounters.begin(), encounters.end(), by_date);
  for (auto* group : {&encounters, &doses, &vitals, &scores, &events, &responses}) {
    for (auto& r : *group) out.push_back(std::move(r));
  }
  return out;
}

std::optional<std::string> resource_owner(Store& store, const std::string& type,
                                          const std::string& id) {
  if (type == "Patient" || type == "Condition") {
    const auto patient = store.find_patient(leading_id(id));
    return patient ? std::optional(patient->id) : std::nullopt;
  }
  if (type == "QuestionnaireResponse" ||
      (type == "Observation" && id.size() > 6 && id.ends_with("-total"))) {
    const auto assessment = store.find_assessment(leading_id(id));
    return assessment ? std::optional(assessment->patient_id) : std::nullopt;
  }
  if (const auto session = store.find_treatment_session(leading_id(id))) return session->patient_id;
  if (type == "Encounter") {
    if (const auto appointment = store.find_appointment(id)) return appointment->patient_id;
  }
  return std::nullopt;
}

}  // namespace plasticity::server::fhir
