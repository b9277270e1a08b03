// Assessments, self-report links and the alerts a clinician must see.
// Part of the Store (storage/store.h), whose contract every method keeps.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/utc_time.h"
#include "instruments/scoring.h"
#include "storage/areas/audit_store.h"
#include "storage/areas/common.h"

namespace plasticity {

// One administration of an instrument, with its item-level answers and the score shown then.
struct AssessmentRecord {
  std::string id;
  std::string patient_id;
  std::string instrument_id;
  std::string instrument_version;
  UtcTime administered_at;
  std::string source;                       // "clinician", "patient_link" or "kiosk"
  std::optional<std::int64_t> recorded_by;  // staff; none for a patient's own link
  std::optional<std::string> link_id;
  Answers answers;
  AssessmentScore score;
  UtcTime recorded_at;
};

// Something a clinician must see: a suicidality answer, a high-risk triage. Open until a
// clinician acknowledges it with a note.
struct AlertRecord {
  std::string id;
  std::string patient_id;
  std::optional<std::string> assessment_id;
  std::string kind;  // the flag, e.g. "suicidal_ideation"
  std::string message;
  UtcTime created_at;
  bool acknowledged = false;
  std::optional<std::int64_t> acknowledged_by;
  std::string acknowledged_by_username;
  std::optional<UtcTime> acknowledged_at;
  std::string note;
};

// A single-use link that lets a patient fill in some questionnaires without signing in.
struct AssessmentLink {
  std::string id;
  std::string token_hash;  // the token itself is only ever in the URL given to the patient
  std::string patient_id;
  std::vector<std::string> instruments;
  std::int64_t created_by = 0;
  UtcTime created_at;
  UtcTime expires_at;
  std::optional<UtcTime> used_at;
};

enum class AssessmentWriteStatus { ok, patient_not_found, link_spent };

class AssessmentStore {
 public:
  virtual ~AssessmentStore() = default;

  // Assessments, with the alerts their flags raise, in one transaction; with `link_id`, the link
  // is spent in the same transaction (link_spent if it already was: nothing is written).
  virtual AssessmentWriteStatus record_assessments(const std::vector<AssessmentRecord>& assessments,
                                                   const std::vector<AlertRecord>& alerts,
                                                   const std::optional<std::string>& link_id,
                                                   UtcTime at, const AuditEntry& audit) = 0;
  // Oldest first; all instruments when `instrument_id` is empty.
  virtual std::vector<AssessmentRecord> patient_assessments(const std::string& patient_id,
                                                            const std::string& instrument_id) = 0;

  virtual std::optional<AssessmentRecord> find_assessment(const std::string& assessment_id) = 0;

  virtual void create_assessment_link(const AssessmentLink& link, const AuditEntry& audit) = 0;
  virtual std::optional<AssessmentLink> find_assessment_link(const std::string& token_hash) = 0;

  // Newest first; open ones only when `open_only`; one patient's when `patient_id` is set.
  virtual std::vector<AlertRecord> alerts(bool open_only,
                                          const std::optional<std::string>& patient_id) = 0;
  virtual std::optional<AlertRecord> find_alert(const std::string& alert_id) = 0;
  virtual AcknowledgeStatus acknowledge_alert(const std::string& alert_id, std::int64_t staff_id,
                                              const std::string& note, UtcTime at,
                                              const AuditEntry& audit) = 0;

  // A clinician's task raised by Plasticity itself (e.g. a futility review), beside the alerts
  // assessments raise; `kind` says which.
  virtual void create_alert(const AlertRecord& alert, const AuditEntry& audit) = 0;
};

}  // namespace plasticity
