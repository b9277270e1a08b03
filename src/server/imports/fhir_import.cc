#include "server/imports/fhir_import.h"

#include <map>
#include <sstream>

#include "server/fhir/fhir_codes.h"
#include "server/fhir/fhir_resources.h"

namespace plasticity::server {
namespace {

using fhir::kLoinc;

struct Located {
  Json resource;
  std::string where;  // "history.ndjson:3 Patient/p1"
};

std::string key_of(const Json& r) { return r.value("resourceType", "") + "/" + r.value("id", ""); }

// "Patient/abc" from a Reference; "" when there is none.
std::string reference(const Json& r, const char* field) {
  if (!r.contains(field) || !r[field].is_object()) return "";
  return r[field].value("reference", "");
}

std::optional<UtcTime> instant(const Json& r, const char* field) {
  if (!r.contains(field) || !r[field].is_string()) return std::nullopt;
  return parse_iso8601(r[field].get<std::string>());
}

// The first coding of a CodeableConcept in `system`, or of any system when empty.
std::string code_in(const Json& concept_, std::string_view system) {
  if (!concept_.is_object() || !concept_.contains("coding")) return "";
  for (const auto& c : concept_["coding"]) {
    if (system.empty() || c.value("system", "") == system) return c.value("code", "");
  }
  return "";
}

class Reader {
 public:
  Reader(const ProtocolCatalog& protocols, const InstrumentCatalog& instruments, Incoming& in)
      : protocols_(protocols), instruments_(instruments), in_(in) {}

  void add(Json resource, std::string where) {
    const std::string type = resource.value("resourceType", "");
    where += " " + key_of(resource);
    if (!resource.contains("id") || !resource["id"].is_string()) {
      error(where, "id", "required", "every resource needs an id, for references and idempotency");
      return;
    }
    if (type == "Patient" || type == "Condition" || type == "Encounter" ||
        type == "MedicationAdministration" || type == "Observation" || type == "AdverseEvent" ||
        type == "QuestionnaireResponse") {
      by_type_[type].push_back({std::move(resource), where});
    } else if (type == "Questionnaire") {
      // Plasticity's own instruments: a Questionnaire adds nothing to a clinic's history.
    } else {
      error(where, "resourceType", "one_of", type + " is not imported (docs/fhir.md, Import)");
    }
  }

  void finish() {
    for (const auto& p : by_type_["Patient"]) guard(p, [&] { patient(p); });
    for (const auto& c : by_type_["Condition"]) guard(c, [&] { condition(c); });
    std::map<std::string, const Located*> doses;  // by Encounter key
    for (const auto& m : by_type_["MedicationAdministration"]) {
      const std::string encounter = reference(m.resource, "context");
      if (encounter.empty()) {
        error(m.where, "context", "required", "a dose must name its Encounter in context");
      } else {
        doses[encounter] = &m;
      }
    }
    for (const auto& e : by_type_["Encounter"]) guard(e, [&] { encounter(e, doses); });
    for (const auto& o : by_type_["Observation"]) guard(o, [&] { observation(o); });
    for (const auto& a : by_type_["AdverseEvent"]) guard(a, [&] { adverse_event(a); });
    for (const auto& q : by_type_["QuestionnaireResponse"])
      guard(q, [&] { questionnaire_response(q); });
  }

 private:
  // A resource whose elements have the wrong JSON types (a string where FHIR has an object) is
  // refused by name, not half-read.
  template <class F>
  void guard(const Located& l, F read) {
    try {
      read();
    } catch (const Json::exception&) {
      error(l.where, "structure", "fhir_r4", "an element has the wrong JSON type for FHIR R4");
    }
  }

  void error(const std::string& where, const std::string& field, const std::string& rule,
             const std::string& message) {
    in_.errors.push_back({where + " " + field, rule, where + ": " + field + ": " + message});
  }

  void patient(const Located& p) {
    const Json& r = p.resource;
    IncomingPatient out{key_of(r), p.where, {}};
    auto& d = out.demographics;
    for (const auto& id : r.value("identifier", Json::array())) {
      if (code_in(id.value("type", Json()), fhir::kIdentifierType) == "MR")
        d.mrn = id.value("value", "");
    }
    if (d.mrn.empty()) {
      error(p.where, "identifier", "mrn",
            "a Patient needs its MRN: an identifier of type MR "
            "(http://terminology.hl7.org/CodeSystem/v2-0203)");
    }
    const Json name = r.contains("name") && !r["name"].empty() ? r["name"][0] : Json::object();
    d.family_name = name.value("family", "");
    if (name.contains("given") && !name["given"].empty())
      d.given_name = name["given"][0].get<std::string>();
    const auto birth = parse_iso_date(r.value("birthDate", ""));
    if (!birth) error(p.where, "birthDate", "date", "must be a full date, YYYY-MM-DD");
    d.birth_date = birth.value_or(CalendarDate{});
    const std::string gender = r.value("gender", "unknown");
    d.sex_at_birth = gender == "female"  ? SexAtBirth::female
                     : gender == "male"  ? SexAtBirth::male
                     : gender == "other" ? SexAtBirth::intersex
                                         : SexAtBirth::unknown;
    for (const auto& t : r.value("telecom", Json::array())) {
      if (t.value("system", "") == "phone" && !d.phone) d.phone = t.value("value", "");
      if (t.value("system", "") == "email" && !d.email) d.email = t.value("value", "");
    }
    if (r.contains("contact") && !r["contact"].empty()) {
      const Json& c = r["contact"][0];
      EmergencyContact contact;
      contact.name = c.value("name", Json::object()).value("text", "");
      const Json relationship = c.value("relationship", Json::array());
      if (!relationship.empty()) contact.relationship = relationship[0].value("text", "");
      for (const auto& t : c.value("telecom", Json::array())) {
        if (t.value("system", "") == "phone") contact.phone = t.value("value", "");
      }
      d.emergency_contact = contact;
    }
    patient_index_[out.key] = in_.patients.size();
    in_.patients.push_back(std::move(out));
  }

  void condition(const Located& c) {
    const auto found = patient_index_.find(reference(c.resource, "subject"));
    if (found == patient_index_.end()) {
      error(c.where, "subject", "reference",
            "a Condition is imported with its Patient, in the same import");
      return;
    }
    const Json code = c.resource.value("code", Json::object());
    std::string icd = code_in(code, fhir::kIcd10Cm);
    if (icd.empty()) icd = code_in(code, "http://hl7.org/fhir/sid/icd-10");
    if (icd.empty()) {
      error(c.where, "code", "icd10", "a diagnosis is imported by its ICD-10 code");
      return;
    }
    std::string display = code.value("text", "");
    for (const auto& k : code.value("coding", Json::array())) {
      if (display.empty()) display = k.value("display", "");
    }
    in_.patients[found->second].demographics.diagnoses.push_back(
        {icd, display.empty() ? icd : display});
    in_.part_of[key_of(c.resource)] = found->first;
  }

  // The protocol a dose names by drug and route (SNOMED CT), else by the Encounter's type.
  std::string protocol_for(const Json& encounter, const Json* dose) {
    const Json types = encounter.value("type", Json::array());
    const std::string type = types.empty() ? "" : types[0].value("text", "");
    for (const auto& [id, protocol] : protocols_.all()) {
      if (protocol.name == type || id == type) return id;
    }
    if (!dose) return "";
    const std::string route =
        code_in((*dose).value("dosage", Json::object()).value("route", Json()), fhir::kSnomed);
    for (const auto& [id, protocol] : protocols_.all()) {
      const auto code = fhir::route_code(protocol.route);
      if (code && code->code == route) return id;
    }
    return "";
  }

  void encounter(const Located& e, const std::map<std::string, const Located*>& doses) {
    const Json& r = e.resource;
    const std::string status = r.value("status", "");
    if (status != "finished" && status != "cancelled") {
      ++in_.skipped;  // planned or under way: not history
      return;
    }
    const auto dose = doses.find(key_of(r));
    const Json* given = dose == doses.end() ? nullptr : &dose->second->resource;
    IncomingSession s;
    s.key = key_of(r);
    s.where = e.where;
    s.patient_key = reference(r, "subject");
    s.protocol_id = protocol_for(r, given);
    if (s.protocol_id.empty()) {
      error(e.where, "type", "protocol",
            "no protocol of this clinic matches the Encounter's type or its dose's route");
      return;
    }
    const Json period = r.value("period", Json::object());
    const auto start = instant(period, "start");
    if (!start) {
      error(e.where, "period.start", "instant", "a session needs its start");
      return;
    }
    s.start = *start;
    s.end = instant(period, "end");
    s.aborted = status == "cancelled";
    const Json locations = r.value("location", Json::array());
    if (!locations.empty())
      s.chair = locations[0].value("location", Json::object()).value("display", "");
    if (given) {
      dose_of(*given, dose->second->where, s);
      in_.part_of[key_of(*given)] = s.key;
    }
    sessions_[s.key] = in_.sessions.size();
    in_.sessions.push_back(std::move(s));
  }

  void dose_of(const Json& m, const std::string& where, IncomingSession& s) {
    const Json period = m.value("effectivePeriod", Json::object());
    s.dosing_start = instant(period, "start");
    if (!s.dosing_start) error(where, "effectivePeriod.start", "instant", "a dose needs its start");
    s.dosing_end = instant(period, "end");
    const Json dosage = m.value("dosage", Json::object());
    const Json dose = dosage.value("dose", Json::object());
    if (dose.value("code", "") != "mg" || !dose.contains("value") || !dose["value"].is_number()) {
      error(where, "dosage.dose", "mg", "the dose must be a quantity in mg (UCUM)");
    } else {
      s.dose_mg = dose["value"].get<double>();
    }
    const Json rate = dosage.value("rateQuantity", Json::object());
    if (rate.contains("value") && rate["value"].is_number())
      s.pump_rate_ml_per_h = rate["value"].get<double>();
    s.stopped_early = m.value("status", "") == "stopped";
    for (const auto& c : m.value("contained", Json::array())) {
      if (c.value("resourceType", "") != "Medication") continue;
      const Json batch = c.value("batch", Json::object());
      s.lot_number = batch.value("lotNumber", "");
      if (batch.contains("expirationDate"))
        s.lot_expiry = parse_iso_date(batch.value("expirationDate", ""));
    }
  }

  IncomingSession* session_of(const Located& l, const char* field) {
    const auto found = sessions_.find(reference(l.resource, field));
    if (found == sessions_.end()) {
      error(l.where, field, "reference", "its Encounter must be a finished session of this import");
      return nullptr;
    }
    return &in_.sessions[found->second];
  }

  void observation(const Located& o) {
    const Json& r = o.resource;
    const std::string category =
        code_in(r.value("category", Json::array()).empty() ? Json() : r["category"][0], "");
    if (category == "survey") {
      // A total derived from a QuestionnaireResponse comes with its answers; one without is a
      // total only.
      if (r.contains("derivedFrom") && !r["derivedFrom"].empty()) {
        in_.part_of[key_of(r)] = r["derivedFrom"][0].value("reference", "");
        return;
      }
      survey_total(o);
      return;
    }
    if (category != "vital-signs") {
      error(o.where, "category", "one_of", "only vital-signs and survey Observations are imported");
      return;
    }
    IncomingSession* session = session_of(o, "encounter");
    if (!session) return;
    in_.part_of[key_of(r)] = session->key;
    const auto measured = instant(r, "effectiveDateTime");
    if (!measured) {
      error(o.where, "effectiveDateTime", "instant", "a reading needs its time");
      return;
    }
    VitalReading base;
    base.device_id = r.value("device", Json::object()).value("display", "imported");
    base.measured_at = *measured;
    base.received_at = instant(r, "issued").value_or(*measured);
    auto reading = [&](const Json& concept_, const Json& value) {
      const std::string code = code_in(concept_, kLoinc);
      for (const VitalKind kind : kAllVitalKinds) {
        if (fhir::vital_sign_codes(kind).front().code != code) continue;
        if (!value.is_object() || !value.contains("value") ||
            value.value("code", "") != ucum_unit(kind)) {
          error(o.where, "valueQuantity", "unit",
                "a " + std::string(to_string(kind)) + " reading must be in " +
                    std::string(ucum_unit(kind)));
          return;
        }
        VitalReading v = base;
        v.kind = kind;
        v.value = value["value"].get<double>();
        session->readings.push_back(v);
        return;
      }
      error(o.where, "code", "vital_sign",
            "the LOINC code " + code + " is not a vital sign Plasticity keeps");
    };
    if (code_in(r.value("code", Json()), kLoinc) == fhir::blood_pressure_panel().code) {
      for (const auto& c : r.value("component", Json::array()))
        reading(c.value("code", Json()), c.value("valueQuantity", Json()));
    } else {
      reading(r.value("code", Json()), r.value("valueQuantity", Json()));
    }
  }

  const Instrument* instrument_by_total_code(const std::string& loinc) {
    for (const auto& [id, entry] : instruments_.all()) {
      if (entry.instrument.total_loinc == loinc) return &entry.instrument;
    }
    return nullptr;
  }

  void survey_total(const Located& o) {
    const Json& r = o.resource;
    const Instrument* instrument =
        instrument_by_total_code(code_in(r.value("code", Json()), kLoinc));
    const Json value = r.value("valueQuantity", Json::object());
    const auto at = instant(r, "effectiveDateTime");
    if (!instrument || !value.contains("value") || !at) {
      error(o.where, "code", "instrument_total",
            "a total is imported by its instrument's LOINC total code, with a valueQuantity and "
            "effectiveDateTime");
      return;
    }
    IncomingAssessment a{key_of(r),
                         o.where,
                         reference(r, "subject"),
                         instrument->id,
                         *at,
                         std::nullopt,
                         static_cast<int>(value["value"].get<double>()),
                         false};
    in_.assessments.push_back(std::move(a));
  }

  void adverse_event(const Located& a) {
    IncomingSession* session = session_of(a, "encounter");
    if (!session) return;
    const Json& r = a.resource;
    in_.part_of[key_of(r)] = session->key;
    const std::string text = r.value("event", Json::object()).value("text", "");
    AdverseEvent event;
    const std::size_t colon = text.find(": ");
    event.kind = text.substr(0, colon);
    if (colon != std::string::npos) event.description = text.substr(colon + 2);
    event.severity = code_in(r.value("severity", Json()), "");
    event.serious = code_in(r.value("seriousness", Json()), "") == "serious";
    const auto at = instant(r, "date");
    if (!at) {
      error(a.where, "date", "instant", "an adverse event needs its time");
      return;
    }
    session->adverse_events.push_back({*at, event});
  }

  void questionnaire_response(const Located& q) {
    const Json& r = q.resource;
    std::string canonical = r.value("questionnaire", "");
    canonical = canonical.substr(0, canonical.find('|'));
    const std::string prefix = "urn:plasticity:questionnaire:";
    std::string instrument = canonical.rfind(prefix, 0) == 0 ? canonical.substr(prefix.size()) : "";
    if (instrument.empty()) instrument = canonical.substr(canonical.rfind('/') + 1);
    const auto at = instant(r, "authored");
    if (!at) {
      error(q.where, "authored", "instant", "an assessment needs its time");
      return;
    }
    Answers answers;
    for (const auto& item : r.value("item", Json::array())) {
      const Json answer = item.value("answer", Json::array());
      if (answer.empty()) continue;
      if (!answer[0].contains("valueInteger") || !answer[0]["valueInteger"].is_number_integer()) {
        error(q.where, "item " + item.value("linkId", ""), "integer",
              "answers are imported as valueInteger scores");
        continue;
      }
      answers[item.value("linkId", "")] = answer[0]["valueInteger"].get<int>();
    }
    const bool self = reference(r, "source").rfind("Patient/", 0) == 0;
    in_.assessments.push_back({key_of(r), q.where, reference(r, "subject"), instrument, *at,
                               answers, std::nullopt, self});
  }

  const ProtocolCatalog& protocols_;
  const InstrumentCatalog& instruments_;
  Incoming& in_;
  std::map<std::string, std::vector<Located>> by_type_;
  std::map<std::string, std::size_t> patient_index_;
  std::map<std::string, std::size_t> sessions_;
};

}  // namespace

namespace {

void read_file(const std::string& text, const std::string& file, Reader& reader,
               Incoming& incoming) {
  const Json whole = Json::parse(text, nullptr, false);
  if (!whole.is_discarded() && whole.is_object() && whole.value("resourceType", "") == "Bundle") {
    const std::string type = whole.value("type", "");
    if (type != "transaction" && type != "batch" && type != "collection") {
      incoming.errors.push_back(
          {file + " type", "one_of",
           file + ": a Bundle is imported when it is a transaction, batch or collection"});
      return;
    }
    std::size_t i = 0;
    for (const auto& entry : whole.value("entry", Json::array())) {
      const std::string where = file + " entry[" + std::to_string(i++) + "]";
      if (!entry.is_object() || !entry.contains("resource") || !entry["resource"].is_object()) {
        incoming.errors.push_back({where + " resource", "required", where + ": no resource"});
        continue;
      }
      reader.add(entry["resource"], where);
    }
    return;
  }
  std::istringstream lines(text);
  std::string line;
  for (std::size_t n = 1; std::getline(lines, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = file + ":" + std::to_string(n);
    Json resource = Json::parse(line, nullptr, false);
    if (resource.is_discarded() || !resource.is_object() || !resource.contains("resourceType") ||
        !resource["resourceType"].is_string()) {
      incoming.errors.push_back(
          {where, "json", where + ": not a FHIR resource in JSON (one a line)"});
      continue;
    }
    reader.add(std::move(resource), where);
  }
}

}  // namespace

void read_fhir_import(const std::vector<SourceFile>& files, const ProtocolCatalog& protocols,
                      const InstrumentCatalog& instruments, Incoming& incoming) {
  Reader reader(protocols, instruments, incoming);
  for (const auto& file : files) read_file(file.text, file.name, reader, incoming);
  reader.finish();
}

}  // namespace plasticity::server
