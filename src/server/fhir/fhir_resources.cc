#include "server/fhir/fhir_resources.h"

#include <cctype>
#include <map>

#include "core/decimal_text.h"
#include "server/fhir/fhir_codes.h"

namespace plasticity::server::fhir {
namespace {

OrderedJson coding(const Code& code) {
  return {{"system", code.system}, {"code", code.code}, {"display", code.display}};
}

std::string token(const Code& code) {
  return std::string(code.system) + "|" + std::string(code.code);
}

OrderedJson reference(const std::string& type, const std::string& id) {
  return {{"reference", type + "/" + id}};
}

OrderedJson quantity(double value, std::string_view ucum) {
  return {{"value", value}, {"unit", ucum}, {"system", kUcum}, {"code", ucum}};
}

// A resource's JSON starts with resourceType, id and meta, as FHIR's own examples do.
FhirResource start(std::string type, std::string id, std::string patient_id, UtcTime updated) {
  FhirResource r{type, id, std::move(patient_id), updated, std::nullopt, {}, "", {}};
  r.json["resourceType"] = std::move(type);
  r.json["id"] = std::move(id);
  r.json["meta"] = {{"lastUpdated", to_iso8601(updated)}};
  return r;
}

std::string_view gender(SexAtBirth sex) {
  switch (sex) {
    case SexAtBirth::female:
      return "female";
    case SexAtBirth::male:
      return "male";
    case SexAtBirth::intersex:
      return "other";
    case SexAtBirth::unknown:
      break;
  }
  return "unknown";
}

// A FHIR id allows letters, digits, '-' and '.', up to 64 characters; an ICD-10 code fits.
std::string id_part(const std::string& text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) || c == '.' ? c : '-';
  return out;
}

std::string device_hash(const std::string& device_id) {
  std::uint32_t h = 2166136261u;  // FNV-1a: short, stable, no secret needed
  for (unsigned char c : device_id) h = (h ^ c) * 16777619u;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = kHex[h & 0xf];
  return out;
}

std::optional<UtcTime> first_move_to(const std::vector<SessionTransition>& transitions,
                                     SessionPhase phase) {
  for (const auto& t : transitions) {
    if (t.to == phase) return t.at;
  }
  return std::nullopt;
}

UtcTime latest_change(const TreatmentSession& session,
                      const std::vector<SessionTransition>& transitions) {
  UtcTime latest = session.created_at;
  for (const auto& t : transitions) latest = std::max(latest, t.at);
  return latest;
}

std::string_view encounter_status(const TreatmentSession& session) {
  switch (session.phase) {
    case SessionPhase::scheduled:
      return "planned";
    case SessionPhase::checked_in:
    case SessionPhase::ready:
      return "arrived";
    case SessionPhase::dosing:
    case SessionPhase::paused:
    case SessionPhase::recovery:
      return "in-progress";
    case SessionPhase::discharged:
      return "finished";
    case SessionPhase::aborted:
      return session.dosing_started_at ? "finished" : "cancelled";
  }
  return "unknown";
}

OrderedJson ambulatory() {
  return {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"},
          {"code", "AMB"},
          {"display", "ambulatory"}};
}

}  // namespace

FhirResource patient_resource(const PatientRecord& patient) {
  const auto& d = patient.demographics;
  FhirResource r = start("Patient", patient.id, patient.id, patient.updated_at);
  r.json["meta"]["versionId"] = std::to_string(patient.version);
  r.json["identifier"] = {
      {{"use", "usual"},
       {"type", {{"coding", {coding({kIdentifierType, "MR", "Medical record number"})}}}},
       {"value", d.mrn}}};
  r.json["name"] = {{{"use", "official"}, {"family", d.family_name}, {"given", {d.given_name}}}};
  OrderedJson telecom = OrderedJson::array();
  if (d.phone) telecom.push_back({{"system", "phone"}, {"value", *d.phone}});
  if (d.email) telecom.push_back({{"system", "email"}, {"value", *d.email}});
  if (!telecom.empty()) r.json["telecom"] = telecom;
  r.json["gender"] = gender(d.sex_at_birth);
  r.json["birthDate"] = to_iso_string(d.birth_date);
  if (d.emergency_contact) {
    const auto& c = *d.emergency_contact;
    OrderedJson contact{{"relationship", {{{"text", c.relationship}}}},
                        {"name", {{"text", c.name}}}};
    if (!c.phone.empty()) contact["telecom"] = {{{"system", "phone"}, {"value", c.phone}}};
    r.json["contact"] = {contact};
  }
  r.codes.push_back(std::string(kIdentifierType) + "|" + d.mrn);
  return r;
}

std::vector<FhirResource> condition_resources(const PatientRecord& patient) {
  std::vector<FhirResource> conditions;
  for (const auto& dx : patient.demographics.diagnoses) {
    FhirResource r =
        start("Condition", patient.id + "-" + id_part(dx.code), patient.id, patient.updated_at);
    r.json["clinicalStatus"] = {
        {"coding",
         {{{"system", "http://terminology.hl7.org/CodeSystem/condition-clinical"},
           {"code", "active"}}}}};
    r.json["verificationStatus"] = {
        {"coding",
         {{{"system", "http://terminology.hl7.org/CodeSystem/condition-ver-status"},
           {"code", "confirmed"}}}}};
    r.json["category"] = {
        {{"coding",
          {{{"system", "http://terminology.hl7.org/CodeSystem/condition-category"},
            {"code", "problem-list-item"}}}}}};
    r.json["code"] = {
        {"coding", {{{"system", kIcd10Cm}, {"code", dx.code}, {"display", dx.display}}}},
        {"text", dx.display}};
    r.json["subject"] = reference("Patient", patient.id);
    r.codes.push_back(std::string(kIcd10Cm) + "|" + dx.code);
    conditions.push_back(std::move(r));
  }
  return conditions;
}

FhirResource session_encounter(const TreatmentSession& session, const Protocol* protocol,
                               const std::vector<SessionTransition>& transitions) {
  FhirResource r =
      start("Encounter", session.id, session.patient_id, latest_change(session, transitions));
  r.json["status"] = encounter_status(session);
  r.json["class"] = ambulatory();
  r.json["type"] = {{{"text", protocol ? protocol->name : session.protocol_id}}};
  r.json["subject"] = reference("Patient", session.patient_id);
  const auto arrived = first_move_to(transitions, SessionPhase::checked_in);
  OrderedJson period{{"start", to_iso8601(arrived.value_or(session.scheduled_at))}};
  if (is_finished(session.phase) && !transitions.empty()) {
    period["end"] = to_iso8601(transitions.back().at);
  }
  r.json["period"] = period;
  if (!session.chair.empty()) r.json["location"] = {{{"location", {{"display", session.chair}}}}};
  r.date = arrived.value_or(session.scheduled_at);
  return r;
}

FhirResource appointment_encounter(const Appointment& appointment, const AppointmentType* type) {
  FhirResource r =
      start("Encounter", appointment.id, appointment.patient_id, appointment.created_at);
  r.json["status"] = appointment.status == AppointmentStatus::cancelled ? "cancelled" : "planned";
  r.json["class"] = ambulatory();
  r.json["type"] = {{{"text", type ? type->name : appointment.type_id}}};
  r.json["subject"] = reference("Patient", appointment.patient_id);
  r.json["period"] = {{"start", to_iso8601(appointment.starts_at)},
                      {"end", to_iso8601(appointment.ends_at)}};
  r.date = appointment.starts_at;
  return r;
}

std::optional<FhirResource> medication_administration(
    const TreatmentSession& session, const Protocol* protocol,
    const std::vector<SessionTransition>& transitions) {
  if (!session.dosing_started_at) return std::nullopt;
  FhirResource r = start("MedicationAdministration", session.id, session.patient_id,
                         latest_change(session, transitions));
  const std::string drug = protocol ? protocol->drug : "ketamine";
  const std::string route = protocol ? protocol->route : "";
  // The lot travels on a contained Medication: R4's MedicationAdministration has no lot of its own.
  OrderedJson medication{{"resourceType", "Medication"}, {"id", "medication"}};
  OrderedJson concept_{{"text", drug}};
  if (auto code = drug_code(drug, route)) {
    concept_["coding"] = {coding(*code)};
    r.codes.push_back(token(*code));
  }
  medication["code"] = concept_;
  if (!session.lot_number.empty()) {
    OrderedJson batch{{"lotNumber", session.lot_number}};
    if (session.lot_expiry) batch["expirationDate"] = to_iso_string(*session.lot_expiry);
    medication["batch"] = batch;
  }
  r.json["contained"] = {medication};
  // Ended early, stopped; still dosing or paused, in progress; any other later phase, completed.
  std::optional<double> given;
  std::optional<UtcTime> ended;
  std::string performer;
  for (const auto& t : transitions) {
    if (t.to == SessionPhase::dosing && performer.empty()) performer = t.username;
    if (t.from == SessionPhase::dosing || t.from == SessionPhase::paused) {
      if (t.to != SessionPhase::dosing && t.to != SessionPhase::paused) ended = t.at;
      if (t.dose_given_mg) given = t.dose_given_mg;
    }
  }
  const bool dosing =
      session.phase == SessionPhase::dosing || session.phase == SessionPhase::paused;
  r.json["status"] = dosing                                              ? "in-progress"
                     : (given || session.phase == SessionPhase::aborted) ? "stopped"
                                                                         : "completed";
  r.json["medicationReference"] = {{"reference", "#medication"}, {"display", drug}};
  r.json["subject"] = reference("Patient", session.patient_id);
  r.json["context"] = reference("Encounter", session.id);
  OrderedJson period{{"start", to_iso8601(*session.dosing_started_at)}};
  if (ended && !dosing) period["end"] = to_iso8601(*ended);
  r.json["effectivePeriod"] = period;
  if (!performer.empty()) r.json["performer"] = {{{"actor", {{"display", performer}}}}};
  OrderedJson dosage{{"dose", quantity(given.value_or(session.dose.dose_mg), "mg")}};
  if (auto code = route_code(route)) dosage["route"] = {{"coding", {coding(*code)}}};
  if (session.dose.pump_rate_ml_per_h) {
    dosage["rateQuantity"] = quantity(*session.dose.pump_rate_ml_per_h, "mL/h");
  }
  if (!session.dose_reason.empty()) dosage["text"] = session.dose_reason;
  r.json["dosage"] = dosage;
  r.date = session.dosing_started_at;
  return r;
}

std::vector<FhirResource> vital_sign_observations(const TreatmentSession& session,
                                                  const std::vector<VitalReading>& readings) {
  // Systolic and diastolic of one device at one instant pair into a panel.
  std::map<std::pair<std::string, std::int64_t>, const VitalReading*> diastolic;
  for (const auto& reading : readings) {
    if (reading.kind == VitalKind::diastolic_bp)
      diastolic[{reading.device_id, reading.measured_at.epoch_ms}] = &reading;
  }
  std::map<const VitalReading*, bool> paired;
  std::vector<FhirResource> observations;
  auto observation = [&](const VitalReading& reading, std::string_view kind_name) {
    FhirResource r = start("Observation",
                           session.id + "-" + std::string(kind_name) + "-" +
                               std::to_string(reading.measured_at.epoch_ms) + "-" +
                               device_hash(reading.device_id),
                           session.patient_id, reading.received_at);
    r.category = "vital-signs";
    r.date = reading.measured_at;
    r.json["status"] = "final";
    r.json["category"] = {{{"coding",
                            {{{"system", kObservationCategory},
                              {"code", "vital-signs"},
                              {"display", "Vital Signs"}}}}}};
    return r;
  };
  auto finish = [&](FhirResource& r, const VitalReading& reading) {
    r.json["subject"] = reference("Patient", session.patient_id);
    r.json["encounter"] = reference("Encounter", session.id);
    r.json["effectiveDateTime"] = to_iso8601(reading.measured_at);
    r.json["issued"] = to_iso8601(reading.received_at);
  };
  for (const auto& reading : readings) {
    if (paired.count(&reading)) continue;
    const auto pair = diastolic.find({reading.device_id, reading.measured_at.epoch_ms});
    if (reading.kind == VitalKind::systolic_bp && pair != diastolic.end()) {
      paired[pair->second] = true;
      FhirResource r = observation(reading, "bp");
      r.json["meta"]["profile"] = {"http://hl7.org/fhir/StructureDefinition/bp"};
      const Code panel = blood_pressure_panel();
      r.json["code"] = {{"coding", {coding(panel)}}, {"text", "Blood pressure"}};
      r.codes.push_back(token(panel));
      finish(r, reading);
      OrderedJson components = OrderedJson::array();
      for (const VitalReading* part : {&reading, pair->second}) {
        const Code code = vital_sign_codes(part->kind).front();
        r.codes.push_back(token(code));
        components.push_back({{"code", {{"coding", {coding(code)}}}},
                              {"valueQuantity", quantity(part->value, ucum_unit(part->kind))}});
      }
      r.json["component"] = components;
      r.json["device"] = {{"display", reading.device_id}};
      observations.push_back(std::move(r));
      continue;
    }
    FhirResource r = observation(reading, to_string(reading.kind));
    if (auto profile = vital_sign_profile(reading.kind)) r.json["meta"]["profile"] = {*profile};
    OrderedJson codings = OrderedJson::array();
    for (const Code& code : vital_sign_codes(reading.kind)) {
      codings.push_back(coding(code));
      r.codes.push_back(token(code));
    }
    r.json["code"] = {{"coding", codings}};
    finish(r, reading);
    r.json["valueQuantity"] = quantity(reading.value, ucum_unit(reading.kind));
    r.json["device"] = {{"display", reading.device_id}};
    observations.push_back(std::move(r));
  }
  return observations;
}

std::vector<FhirResource> adverse_events(const TreatmentSession& session,
                                         const std::vector<SessionEvent>& events) {
  std::vector<FhirResource> out;
  int n = 0;
  for (const auto& event : events) {
    if (event.kind != "adverse_event") continue;
    const Json payload = Json::parse(event.payload_json, nullptr, false);
    if (!payload.is_object()) continue;
    FhirResource r = start("AdverseEvent", session.id + "-ae" + std::to_string(++n),
                           session.patient_id, event.at);
    r.json["actuality"] = "actual";
    OrderedJson what{{"text", payload.value("type", "")}};
    const std::string description = payload.value("description", "");
    if (!description.empty()) what["text"] = payload.value("type", "") + ": " + description;
    r.json["event"] = what;
    r.json["subject"] = reference("Patient", session.patient_id);
    r.json["encounter"] = reference("Encounter", session.id);
    r.json["date"] = to_iso8601(event.at);
    r.json["recordedDate"] = to_iso8601(event.at);
    r.json["recorder"] = {{"display", event.username}};
    const bool serious = payload.value("serious", false);
    r.json["seriousness"] = {
        {"coding",
         {{{"system", "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness"},
           {"code", serious ? "serious" : "non-serious"}}}}};
    r.json["severity"] = {
        {"coding",
         {{{"system", "http://terminology.hl7.org/CodeSystem/adverse-event-severity"},
           {"code", payload.value("severity", "")}}}}};
    r.date = event.at;
    out.push_back(std::move(r));
  }
  return out;
}

std::string questionnaire_url(const Instrument& instrument) {
  return "urn:plasticity:questionnaire:" + instrument.id;
}

FhirResource questionnaire_response(const AssessmentRecord& assessment,
                                    const Instrument& instrument) {
  FhirResource r =
      start("QuestionnaireResponse", assessment.id, assessment.patient_id, assessment.recorded_at);
  r.json["questionnaire"] = questionnaire_url(instrument) + "|" + assessment.instrument_version;
  r.json["status"] = "completed";
  r.json["subject"] = reference("Patient", assessment.patient_id);
  r.json["authored"] = to_iso8601(assessment.administered_at);
  // Self-reported (a link, the kiosk, imported as such): the patient is the source; a clinician's
  // rating, or an import that did not say, names none.
  const auto& how = assessment.source;
  if (how == "patient_link" || how == "kiosk" || how == "import_self_report") {
    r.json["source"] = reference("Patient", assessment.patient_id);
  }
  OrderedJson items = OrderedJson::array();
  for (const auto& item : instrument.items) {
    const auto answer = assessment.answers.find(item.id);
    if (answer == assessment.answers.end()) continue;
    OrderedJson entry{{"linkId", item.id}, {"text", item.label}};
    entry["answer"] = {{{"valueInteger", answer->second}}};
    items.push_back(entry);
  }
  if (!items.empty()) r.json["item"] = items;
  r.date = assessment.administered_at;
  r.codes.push_back(questionnaire_url(instrument));
  return r;
}

std::optional<FhirResource> score_observation(const AssessmentRecord& assessment,
                                              const Instrument& instrument) {
  const auto& score = assessment.score;
  if (!score.total && !score.severity) return std::nullopt;
  FhirResource r =
      start("Observation", assessment.id + "-total", assessment.patient_id, assessment.recorded_at);
  r.category = "survey";
  r.json["status"] = "final";
  r.json["category"] = {
      {{"coding",
        {{{"system", kObservationCategory}, {"code", "survey"}, {"display", "Survey"}}}}}};
  OrderedJson code{{"text", instrument.name + (score.total ? " total score" : " risk level")}};
  if (instrument.total_loinc) {
    code["coding"] = {{{"system", kLoinc}, {"code", *instrument.total_loinc}}};
    r.codes.push_back(std::string(kLoinc) + "|" + *instrument.total_loinc);
  }
  r.json["code"] = code;
  r.json["subject"] = reference("Patient", assessment.patient_id);
  r.json["effectiveDateTime"] = to_iso8601(assessment.administered_at);
  if (score.total) {
    r.json["valueQuantity"] = quantity(*score.total, "{score}");
  } else {
    r.json["valueCodeableConcept"] = {{"text", *score.severity}};
  }
  if (score.total && score.severity) r.json["interpretation"] = {{{"text", *score.severity}}};
  r.json["derivedFrom"] = {reference("QuestionnaireResponse", assessment.id)};
  r.date = assessment.administered_at;
  return r;
}

FhirResource questionnaire(const Instrument& instrument, UtcTime at) {
  FhirResource r = start("Questionnaire", instrument.id, "", at);
  r.json["url"] = questionnaire_url(instrument);
  r.codes.push_back(questionnaire_url(instrument));  // what `url` searches
  r.json["version"] = instrument.version;
  // A computer-friendly name (invariant que-0): a capital first, then letters, digits and '_'.
  std::string name = "Plasticity_";
  for (char c : instrument.id) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  r.json["name"] = name;
  r.json["title"] = instrument.name;
  r.json["status"] = "active";
  r.json["copyright"] = instrument.licence;
  OrderedJson items = OrderedJson::array();
  for (const auto& item : instrument.items) {
    // A licensed instrument's wording stays out: only its label (instrument.full_text false).
    OrderedJson entry{{"linkId", item.id},
                      {"text", instrument.full_text && !item.text.empty() ? item.text : item.label},
                      {"type", "integer"},
                      {"required", false}};
    if (item.loinc) entry["code"] = {{{"system", kLoinc}, {"code", *item.loinc}}};
    items.push_back(entry);
  }
  r.json["item"] = items;
  return r;
}

}  // namespace plasticity::server::fhir
