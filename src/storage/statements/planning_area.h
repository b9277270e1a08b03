// Screenings and treatment plans, and KAP therapy notes, written once for both engines: each
// method one transaction around the shared statements (planning_statements.h). `Engine` and
// `Statement` as in staff_area.h.
#pragma once

#include "storage/areas/planning_store.h"
#include "storage/areas/therapy_note_store.h"
#include "storage/statements/first_of.h"
#include "storage/statements/planning_statements.h"

namespace plasticity {

template <class Engine, class Statement>
class PlanningArea : public virtual PlanningStore {
 public:
  void create_screening(const ScreeningRecord& screening, const AuditEntry& audit) final {
    engine().write([&](auto& db) {
      statements::insert_screening<Statement>(db, screening);
      statements::insert_audit<Statement>(db, audit);
    });
  }

  std::optional<ScreeningRecord> find_screening(const std::string& id) final {
    return engine().read([&](auto& db) {
      return statements::first_of(statements::select_screenings<Statement>(db, "c.id = ?1", id));
    });
  }

  std::vector<ScreeningRecord> patient_screenings(const std::string& patient_id) final {
    return engine().read([&](auto& db) {
      return statements::select_screenings<Statement>(db, "c.patient_id = ?1", patient_id);
    });
  }

  AcknowledgeStatus sign_off_screening(const ScreeningSignOff& sign_off,
                                       const AuditEntry& audit) final {
    return engine().write(
        [&](auto& db) { return statements::sign_off_screening<Statement>(db, sign_off, audit); });
  }

  PlanWriteStatus create_plan(const PlanRecord& plan, const std::vector<Appointment>& proposed,
                              const AuditEntry& audit) final {
    // SERIALIZABLE: two plans from one screening through two processes must not both pass the
    // check (the UNIQUE screening_id would refuse the second as an error instead).
    return engine().serializable(
        [&](auto& db) { return statements::create_plan<Statement>(db, plan, proposed, audit); });
  }

  std::optional<PlanRecord> find_plan(const std::string& id) final {
    return engine().read([&](auto& db) {
      return statements::first_of(statements::select_plans<Statement>(db, "p.id = ?1", id));
    });
  }

  std::vector<PlanRecord> patient_plans(const std::string& patient_id) final {
    return engine().read([&](auto& db) {
      return statements::select_plans<Statement>(db, "p.patient_id = ?1", patient_id);
    });
  }

  PlanWriteStatus revise_plan(const PlanVersion& version, const AuditEntry& audit) final {
    return engine().write(
        [&](auto& db) { return statements::revise_plan<Statement>(db, version, audit); });
  }

  std::vector<PlanVersion> plan_versions(const std::string& plan_id) final {
    return engine().read(
        [&](auto& db) { return statements::plan_versions<Statement>(db, plan_id); });
  }

 private:
  Engine& engine() { return static_cast<Engine&>(*this); }
};

template <class Engine, class Statement>
class TherapyNoteArea : public virtual TherapyNoteStore {
 public:
  void create_therapy_note(const TherapyNoteRecord& note, const AuditEntry& audit) final {
    engine().write([&](auto& db) { statements::create_therapy_note<Statement>(db, note, audit); });
  }

  std::optional<TherapyNoteRecord> find_therapy_note(const std::string& id) final {
    return engine().read([&](auto& db) {
      return statements::first_of(statements::select_notes<Statement>(db, "n.id = ?1", id));
    });
  }

  std::vector<TherapyNoteRecord> patient_therapy_notes(const std::string& patient_id) final {
    return engine().read([&](auto& db) {
      return statements::select_notes<Statement>(db, "n.patient_id = ?1", patient_id);
    });
  }

  void grant_therapy_note(const std::string& note_id, std::int64_t staff_id,
                          std::int64_t granted_by, UtcTime at, const AuditEntry& audit) final {
    engine().write([&](auto& db) {
      statements::grant_therapy_note<Statement>(db, note_id, staff_id, granted_by, at, audit);
    });
  }

 private:
  Engine& engine() { return static_cast<Engine&>(*this); }
};

}  // namespace plasticity
