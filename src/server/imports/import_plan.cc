#include "server/imports/import_plan.h"

#include <map>
#include <set>

#include "server/http/credentials.h"

namespace plasticity::server {
namespace {

// A planned patient: an existing record's id, or a new one in the batch.
struct PatientTarget {
  std::string id;
  bool known = false;
};

SessionTransition move(const std::string& session, SessionPhase from, SessionPhase to, UtcTime at,
                       const ImportContext& context) {
  SessionTransition t;
  t.session_id = session;
  t.from = from;
  t.to = to;
  t.at = at;
  t.staff_id = context.staff_id;
  t.username = context.username;
  t.reason = "imported from " + context.source;
  t.override_minimum = true;  // history: the minimum was kept, or not, where it happened
  return t;
}

// The phase moves that give the imported session the shape of one walked at the chair.
std::vector<SessionTransition> transitions_for(const IncomingSession& in, const std::string& id,
                                               const ImportContext& context) {
  std::vector<SessionTransition> moves;
  const UtcTime end = in.end.value_or(in.dosing_end.value_or(in.start));
  if (!in.dosing_start) {
    moves.push_back(move(id, SessionPhase::scheduled,
                         in.aborted ? SessionPhase::aborted : SessionPhase::discharged, end,
                         context));
    return moves;
  }
  moves.push_back(move(id, SessionPhase::scheduled, SessionPhase::checked_in, in.start, context));
  moves.push_back(
      move(id, SessionPhase::checked_in, SessionPhase::ready, *in.dosing_start, context));
  moves.push_back(move(id, SessionPhase::ready, SessionPhase::dosing, *in.dosing_start, context));
  SessionTransition recovery =
      move(id, SessionPhase::dosing, SessionPhase::recovery, in.dosing_end.value_or(end), context);
  if (in.stopped_early) recovery.dose_given_mg = in.dose_mg;
  moves.push_back(recovery);
  moves.push_back(move(id, SessionPhase::recovery,
                       in.aborted ? SessionPhase::aborted : SessionPhase::discharged, end,
                       context));
  return moves;
}

void prefix(FieldErrors& errors, const std::string& where, FieldErrors found) {
  for (auto& e : found) errors.push_back({where + " " + e.field, e.rule, where + ": " + e.message});
}

// Turns what a source read into one batch, a kind of record at a time; errors collect in the plan.
class Planner {
 public:
  Planner(const Incoming& incoming, Store& store, const InstrumentCatalog& instruments,
          const ProtocolCatalog& protocols, const ImportContext& context)
      : in_(incoming),
        store_(store),
        instruments_(instruments),
        protocols_(protocols),
        context_(context),
        run_(new_random_id()) {
    plan_.errors = incoming.errors;
    plan_.counts.skipped = incoming.skipped;
    plan_.batch.staff_id = context.staff_id;
    plan_.batch.reason = "imported from " + context.source;
  }

  ImportPlan plan() && {
    for (const auto& p : in_.patients) patient(p);
    for (const auto& s : in_.sessions) session(s);
    for (const auto& a : in_.assessments) assessment(a);
    return std::move(plan_);
  }

 private:
  void provenance(const char* kind, const std::string& id, const std::string& key) {
    plan_.batch.provenance.push_back({kind, id, context_.source, key, run_, context_.now});
  }
  void error(const std::string& where, const std::string& field, const std::string& rule,
             const std::string& message) {
    plan_.errors.push_back(
        {where + (field.empty() ? "" : " " + field), rule, where + ": " + message});
  }

  void patient(const IncomingPatient& in) {
    if (!mrns_.insert(in.demographics.mrn).second) {
      error(in.where, "mrn", "unique", "MRN " + in.demographics.mrn + " is given twice");
      return;
    }
    if (const auto known = store_.find_patient_by_mrn(in.demographics.mrn)) {
      patients_[in.key] = {known->id, true};
      ++plan_.counts.patients_known;
      plan_.patient_ids.push_back(known->id);
      return;
    }
    prefix(plan_.errors, in.where, validate_demographics(in.demographics, context_.today));
    PatientRecord record;
    record.id = new_random_id();
    record.demographics = in.demographics;
    record.created_at = record.updated_at = context_.now;
    plan_.batch.patients.push_back(record);
    provenance("patient", record.id, in.key);
    patients_[in.key] = {record.id, false};
    plan_.patient_ids.push_back(record.id);
    ++plan_.counts.patients;
  }

  const PatientTarget* patient_of(const std::string& key, const std::string& where) {
    const auto found = patients_.find(key);
    if (found != patients_.end()) return &found->second;
    // A spreadsheet names its patient by MRN: one of this import, or one the clinic has.
    if (key.rfind("mrn:", 0) == 0) {
      if (const auto known = store_.find_patient_by_mrn(key.substr(4))) {
        plan_.patient_ids.push_back(known->id);
        return &(patients_[key] = {known->id, true});
      }
    }
    error(where, "patient", "reference", "its patient " + key + " is not in this import");
    return nullptr;
  }

  // True when the clinic already has it (a known patient's session of the same protocol and
  // start), or this run has it already (an error: given twice).
  bool already_have(const IncomingSession& in, const PatientTarget& patient) {
    if (patient.known) {
      auto& existing = known_sessions_[patient.id];
      if (existing.empty()) existing = store_.patient_treatment_sessions(patient.id);
      if (std::any_of(existing.begin(), existing.end(), [&](const TreatmentSession& s) {
            return s.protocol_id == in.protocol_id && s.scheduled_at == in.start;
          })) {
        ++plan_.counts.sessions_known;
        return true;
      }
    }
    if (!planned_
             .insert(patient.id + "|" + in.protocol_id + "|" + std::to_string(in.start.epoch_ms))
             .second) {
      error(in.where, "", "unique", "the same session is given twice");
      return true;
    }
    return false;
  }

  bool already_have(const IncomingAssessment& in, const PatientTarget& patient) {
    if (patient.known) {
      auto& existing = known_assessments_[patient.id];
      if (existing.empty()) existing = store_.patient_assessments(patient.id, "");
      if (std::any_of(existing.begin(), existing.end(), [&](const AssessmentRecord& a) {
            return a.instrument_id == in.instrument_id && a.administered_at == in.administered_at;
          })) {
        ++plan_.counts.assessments_known;
        return true;
      }
    }
    if (!planned_
             .insert(patient.id + "|" + in.instrument_id + "|" +
                     std::to_string(in.administered_at.epoch_ms))
             .second) {
      error(in.where, "", "unique", "the same assessment is given twice");
      return true;
    }
    return false;
  }

  // History happened before now; a dosed session in order. (A session never dosed may end before
  // its booked start: a booking for next week, cancelled today.)
  void check_times(const IncomingSession& in) {
    const UtcTime end = in.end.value_or(in.start);
    if (end > context_.now)
      error(in.where, "end", "past", "a session still to come is not history");
    if (!in.dosing_start) return;
    if (end < in.start) error(in.where, "end", "order", "the session ends before it starts");
    if (*in.dosing_start < in.start || *in.dosing_start > end) {
      error(in.where, "dosing_start", "order", "the dose starts outside the session");
    }
    if (in.dosing_end && (*in.dosing_end < *in.dosing_start || *in.dosing_end > end)) {
      error(in.where, "dosing_end", "order", "the dose ends before it starts or after the session");
    }
  }

  void session(const IncomingSession& in) {
    const PatientTarget* patient = patient_of(in.patient_key, in.where);
    if (!patient) return;
    if (!protocols_.find(in.protocol_id)) {
      error(in.where, "protocol", "one_of", "no protocol " + in.protocol_id + " in this clinic");
      return;
    }
    if (already_have(in, *patient)) return;
    check_times(in);
    if (!(in.dose_mg >= 0) || in.dose_mg > 10'000) {
      error(in.where, "dose", "range", "the dose must be 0 to 10000 mg");
    }
    TreatmentSession session;
    session.id = new_random_id();
    session.patient_id = patient->id;
    session.protocol_id = in.protocol_id;
    session.chair = in.chair;
    session.scheduled_at = in.start;
    session.dose.prescribed_mg = session.dose.dose_mg = in.dose_mg;
    session.dose.pump_rate_ml_per_h = in.pump_rate_ml_per_h;
    session.dose.notes = {"imported from " + context_.source};
    session.lot_number = in.lot_number;
    session.lot_expiry = in.lot_expiry;
    session.created_by = context_.staff_id;
    session.created_at = context_.now;
    ImportBatch& batch = plan_.batch;
    batch.sessions.push_back(session);
    for (auto& t : transitions_for(in, session.id, context_)) batch.transitions.push_back(t);
    if (!in.readings.empty()) {
      for (const auto& r : in.readings) {
        if (auto problem = check_reading(r.kind, r.value, ucum_unit(r.kind))) {
          error(in.where, "reading", "possible", *problem);
        }
      }
      batch.vitals.push_back({session.id, in.readings, std::nullopt});
      plan_.counts.vital_readings += in.readings.size();
    }
    for (const auto& [at, event] : in.adverse_events) {
      prefix(plan_.errors, in.where, validate_adverse_event(event));
      const Json payload{{"type", event.kind},
                         {"description", event.description},
                         {"severity", event.severity},
                         {"serious", event.serious},
                         {"interventions", event.interventions}};
      batch.events.push_back({new_random_id(), session.id, "adverse_event", at, context_.staff_id,
                              context_.username, payload.dump()});
      ++plan_.counts.adverse_events;
    }
    provenance("session", session.id, in.key);
    ++plan_.counts.sessions;
  }

  // Scored from its items by the instrument's rule, or a total alone kept as that total.
  bool score(const IncomingAssessment& in, const Instrument& instrument, AssessmentRecord& a) {
    if (in.answers) {
      const FieldErrors bad = check_answers(instrument, *in.answers);
      prefix(plan_.errors, in.where, bad);
      if (!bad.empty()) return false;
      a.answers = *in.answers;
      a.score = score_assessment(instrument, a.answers);
      a.source = in.self_report ? "import_self_report" : "import";
      if (in.total && a.score.total != in.total) {
        error(in.where, "total", "matches_items",
              "the total " + std::to_string(*in.total) + " is not what the items score (" +
                  (a.score.total ? std::to_string(*a.score.total) : "none") + ")");
      }
      return true;
    }
    if (!in.total) {
      error(in.where, "", "required", "neither answers nor a total");
      return false;
    }
    // Never scored as if items existed.
    if (*in.total < 0 || *in.total > instrument.max_total()) {
      error(in.where, "total", "range",
            "the total must be 0 to " + std::to_string(instrument.max_total()));
    }
    a.score.total = *in.total;
    a.score.severity = severity_band(instrument, *in.total);
    a.score.complete = true;
    a.source = "import_total_only";
    return true;
  }

  void assessment(const IncomingAssessment& in) {
    const PatientTarget* patient = patient_of(in.patient_key, in.where);
    if (!patient) return;
    const auto* entry = instruments_.find(in.instrument_id);
    if (!entry) {
      error(in.where, "instrument", "one_of",
            "no instrument " + in.instrument_id + " in this clinic");
      return;
    }
    if (already_have(in, *patient)) return;
    if (in.administered_at > context_.now) {
      error(in.where, "administered_at", "past", "an assessment still to come is not history");
    }
    const Instrument& instrument = entry->instrument;
    AssessmentRecord a;
    a.id = new_random_id();
    a.patient_id = patient->id;
    a.instrument_id = instrument.id;
    a.instrument_version = instrument.version;
    a.administered_at = in.administered_at;
    a.recorded_by = context_.staff_id;
    a.recorded_at = context_.now;
    if (!score(in, instrument, a)) return;
    plan_.batch.assessments.push_back(a);
    provenance("assessment", a.id, in.key);
    ++plan_.counts.assessments;
  }

  const Incoming& in_;
  Store& store_;
  const InstrumentCatalog& instruments_;
  const ProtocolCatalog& protocols_;
  const ImportContext& context_;
  const std::string run_;
  ImportPlan plan_;
  std::map<std::string, PatientTarget> patients_;  // by source key
  std::set<std::string> mrns_;
  std::map<std::string, std::vector<TreatmentSession>> known_sessions_;  // by patient id
  std::map<std::string, std::vector<AssessmentRecord>> known_assessments_;
  std::set<std::string> planned_;  // the sessions and assessments this run adds
};

}  // namespace

ImportPlan plan_import(const Incoming& incoming, Store& store, const InstrumentCatalog& instruments,
                       const ProtocolCatalog& protocols, const ImportContext& context) {
  return Planner(incoming, store, instruments, protocols, context).plan();
}

OrderedJson import_counts_to_json(const ImportCounts& c) {
  return {{"patients", c.patients},
          {"patients_already_here", c.patients_known},
          {"sessions", c.sessions},
          {"sessions_already_here", c.sessions_known},
          {"assessments", c.assessments},
          {"assessments_already_here", c.assessments_known},
          {"vital_readings", c.vital_readings},
          {"adverse_events", c.adverse_events},
          {"skipped_not_history", c.skipped}};
}

ImportPlan import_history(const Incoming& incoming, Store& store,
                          const InstrumentCatalog& instruments, const ProtocolCatalog& protocols,
                          const ImportContext& context, bool dry_run, AuditEntry audit) {
  ImportPlan plan = plan_import(incoming, store, instruments, protocols, context);
  if (!plan.errors.empty() || dry_run) return plan;
  audit.action = "import.run";
  audit.outcome = "success";
  audit.detail = context.source + " " + import_counts_to_json(plan.counts).dump();
  audit.shown_patient_ids = plan.patient_ids;
  store.import_records(plan.batch, audit);
  return plan;
}

}  // namespace plasticity::server
