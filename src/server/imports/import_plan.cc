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

}  // namespace

ImportPlan plan_import(const Incoming& incoming, Store& store, const InstrumentCatalog& instruments,
                       const ProtocolCatalog& protocols, const ImportContext& context) {
  ImportPlan plan;
  plan.errors = incoming.errors;
  plan.counts.skipped = incoming.skipped;
  ImportBatch& batch = plan.batch;
  batch.staff_id = context.staff_id;
  batch.reason = "imported from " + context.source;
  const std::string run = new_random_id();
  auto provenance = [&](const char* kind, const std::string& id, const std::string& key) {
    batch.provenance.push_back({kind, id, context.source, key, run, context.now});
  };

  std::map<std::string, PatientTarget> patients;  // by source key
  std::set<std::string> mrns;
  for (const auto& in : incoming.patients) {
    if (!mrns.insert(in.demographics.mrn).second) {
      plan.errors.push_back({in.where + " mrn", "unique",
                             in.where + ": MRN " + in.demographics.mrn + " is given twice"});
      continue;
    }
    if (const auto known = store.find_patient_by_mrn(in.demographics.mrn)) {
      patients[in.key] = {known->id, true};
      ++plan.counts.patients_known;
      plan.patient_ids.push_back(known->id);
      continue;
    }
    prefix(plan.errors, in.where, validate_demographics(in.demographics, context.today));
    PatientRecord record;
    record.id = new_random_id();
    record.demographics = in.demographics;
    record.created_at = record.updated_at = context.now;
    batch.patients.push_back(record);
    provenance("patient", record.id, in.key);
    patients[in.key] = {record.id, false};
    plan.patient_ids.push_back(record.id);
    ++plan.counts.patients;
  }
  auto patient_of = [&](const std::string& key, const std::string& where) -> const PatientTarget* {
    const auto found = patients.find(key);
    if (found != patients.end()) return &found->second;
    // A spreadsheet names its patient by MRN: one of this import, or one the clinic has.
    if (key.rfind("mrn:", 0) == 0) {
      if (const auto known = store.find_patient_by_mrn(key.substr(4))) {
        plan.patient_ids.push_back(known->id);
        return &(patients[key] = {known->id, true});
      }
    }
    plan.errors.push_back({where + " patient", "reference",
                           where + ": its patient " + key + " is not in this import"});
    return nullptr;
  };

  std::map<std::string, std::vector<TreatmentSession>> known_sessions;  // by patient id
  std::set<std::pair<std::string, std::int64_t>> planned_sessions;
  for (const auto& in : incoming.sessions) {
    const PatientTarget* patient = patient_of(in.patient_key, in.where);
    if (!patient) continue;
    const Protocol* protocol = protocols.find(in.protocol_id);
    if (!protocol) {
      plan.errors.push_back({in.where + " protocol", "one_of",
                             in.where + ": no protocol " + in.protocol_id + " in this clinic"});
      continue;
    }
    if (patient->known) {
      auto& existing = known_sessions[patient->id];
      if (existing.empty()) existing = store.patient_treatment_sessions(patient->id);
      if (std::any_of(existing.begin(), existing.end(), [&](const TreatmentSession& s) {
            return s.protocol_id == in.protocol_id && s.scheduled_at == in.start;
          })) {
        ++plan.counts.sessions_known;
        continue;
      }
    }
    if (!planned_sessions.insert({patient->id + in.protocol_id, in.start.epoch_ms}).second) {
      plan.errors.push_back({in.where, "unique", in.where + ": the same session is given twice"});
      continue;
    }
    if (!(in.dose_mg >= 0) || in.dose_mg > 10'000) {
      plan.errors.push_back(
          {in.where + " dose", "range", in.where + ": the dose must be 0 to 10000 mg"});
    }
    TreatmentSession session;
    session.id = new_random_id();
    session.patient_id = patient->id;
    session.protocol_id = in.protocol_id;
    session.chair = in.chair;
    session.scheduled_at = in.start;
    session.dose.prescribed_mg = session.dose.dose_mg = in.dose_mg;
    session.dose.pump_rate_ml_per_h = in.pump_rate_ml_per_h;
    session.dose.notes = {"imported from " + context.source};
    session.lot_number = in.lot_number;
    session.lot_expiry = in.lot_expiry;
    session.created_by = context.staff_id;
    session.created_at = context.now;
    batch.sessions.push_back(session);
    for (auto& t : transitions_for(in, session.id, context)) batch.transitions.push_back(t);
    if (!in.readings.empty()) {
      for (const auto& r : in.readings) {
        if (auto problem = check_reading(r.kind, r.value, ucum_unit(r.kind))) {
          plan.errors.push_back({in.where + " reading", "possible", in.where + ": " + *problem});
        }
      }
      batch.vitals.push_back({session.id, in.readings, std::nullopt});
      plan.counts.vital_readings += in.readings.size();
    }
    for (const auto& [at, event] : in.adverse_events) {
      prefix(plan.errors, in.where, validate_adverse_event(event));
      const Json payload{{"type", event.kind},
                         {"description", event.description},
                         {"severity", event.severity},
                         {"serious", event.serious},
                         {"interventions", event.interventions}};
      batch.events.push_back({new_random_id(), session.id, "adverse_event", at, context.staff_id,
                              context.username, payload.dump()});
      ++plan.counts.adverse_events;
    }
    provenance("session", session.id, in.key);
    ++plan.counts.sessions;
  }

  std::map<std::string, std::vector<AssessmentRecord>> known_assessments;
  std::set<std::string> planned_assessments;
  for (const auto& in : incoming.assessments) {
    const PatientTarget* patient = patient_of(in.patient_key, in.where);
    if (!patient) continue;
    const auto* entry = instruments.find(in.instrument_id);
    if (!entry) {
      plan.errors.push_back({in.where + " instrument", "one_of",
                             in.where + ": no instrument " + in.instrument_id + " in this clinic"});
      continue;
    }
    const Instrument& instrument = entry->instrument;
    if (patient->known) {
      auto& existing = known_assessments[patient->id];
      if (existing.empty()) existing = store.patient_assessments(patient->id, "");
      if (std::any_of(existing.begin(), existing.end(), [&](const AssessmentRecord& a) {
            return a.instrument_id == in.instrument_id && a.administered_at == in.administered_at;
          })) {
        ++plan.counts.assessments_known;
        continue;
      }
    }
    if (!planned_assessments
             .insert(patient->id + in.instrument_id + std::to_string(in.administered_at.epoch_ms))
             .second) {
      plan.errors.push_back(
          {in.where, "unique", in.where + ": the same assessment is given twice"});
      continue;
    }
    AssessmentRecord a;
    a.id = new_random_id();
    a.patient_id = patient->id;
    a.instrument_id = instrument.id;
    a.instrument_version = instrument.version;
    a.administered_at = in.administered_at;
    a.recorded_by = context.staff_id;
    a.recorded_at = context.now;
    if (in.answers) {
      const FieldErrors bad = check_answers(instrument, *in.answers);
      prefix(plan.errors, in.where, bad);
      if (!bad.empty()) continue;
      a.answers = *in.answers;
      a.score = score_assessment(instrument, a.answers);
      a.source = in.self_report ? "import_self_report" : "import";
      if (in.total && a.score.total != in.total) {
        plan.errors.push_back({in.where + " total", "matches_items",
                               in.where + ": the total " + std::to_string(*in.total) +
                                   " is not what the items score (" +
                                   (a.score.total ? std::to_string(*a.score.total) : "none") +
                                   ")"});
      }
    } else if (in.total) {
      // A total without its items: kept as that total, never scored as if items existed.
      if (*in.total < 0 || *in.total > instrument.max_total()) {
        plan.errors.push_back(
            {in.where + " total", "range",
             in.where + ": the total must be 0 to " + std::to_string(instrument.max_total())});
      }
      a.score.total = *in.total;
      a.score.severity = severity_band(instrument, *in.total);
      a.score.complete = true;
      a.source = "import_total_only";
    } else {
      plan.errors.push_back({in.where, "required", in.where + ": neither answers nor a total"});
      continue;
    }
    batch.assessments.push_back(a);
    provenance("assessment", a.id, in.key);
    ++plan.counts.assessments;
  }
  return plan;
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
