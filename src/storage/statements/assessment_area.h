// Assessments, self-report links and alerts written once for both engines: each method one
// transaction around the shared statements (assessment_statements.h). `Engine` and `Statement`
// as in staff_area.h.
#pragma once

#include "storage/areas/assessment_store.h"
#include "storage/statements/assessment_statements.h"

namespace plasticity {

template <class Engine, class Statement>
class AssessmentArea : public virtual AssessmentStore {
 public:
  AssessmentWriteStatus record_assessments(const std::vector<AssessmentRecord>& assessments,
                                           const std::vector<AlertRecord>& alerts,
                                           const std::optional<std::string>& link_id, UtcTime at,
                                           const AuditEntry& audit) final {
    return engine().write([&](auto& db) {
      return statements::record_assessments<Statement>(db, assessments, alerts, link_id, at, audit);
    });
  }

  std::vector<AssessmentRecord> patient_assessments(const std::string& patient_id,
                                                    const std::string& instrument_id) final {
    return engine().read([&](auto& db) {
      return statements::patient_assessments<Statement>(db, patient_id, instrument_id);
    });
  }

  std::optional<AssessmentRecord> find_assessment(const std::string& assessment_id) final {
    return engine().read(
        [&](auto& db) { return statements::find_assessment<Statement>(db, assessment_id); });
  }

  void create_assessment_link(const AssessmentLink& link, const AuditEntry& audit) final {
    engine().write(
        [&](auto& db) { statements::create_assessment_link<Statement>(db, link, audit); });
  }

  std::optional<AssessmentLink> find_assessment_link(const std::string& token_hash) final {
    return engine().read(
        [&](auto& db) { return statements::find_assessment_link<Statement>(db, token_hash); });
  }

  std::vector<AlertRecord> alerts(bool open_only,
                                  const std::optional<std::string>& patient_id) final {
    return engine().read(
        [&](auto& db) { return statements::alerts<Statement>(db, open_only, patient_id); });
  }

  std::optional<AlertRecord> find_alert(const std::string& alert_id) final {
    return engine().read([&](auto& db) { return statements::find_alert<Statement>(db, alert_id); });
  }

  AcknowledgeStatus acknowledge_alert(const std::string& alert_id, std::int64_t staff_id,
                                      const std::string& note, UtcTime at,
                                      const AuditEntry& audit) final {
    return engine().write([&](auto& db) {
      return statements::acknowledge_alert<Statement>(db, alert_id, staff_id, note, at, audit);
    });
  }

  void create_alert(const AlertRecord& alert, const AuditEntry& audit) final {
    engine().write([&](auto& db) { statements::create_alert<Statement>(db, alert, audit); });
  }

 private:
  Engine& engine() { return static_cast<Engine&>(*this); }
};

}  // namespace plasticity
