#include "storage/statements/audit_statements.h"

namespace plasticity::statements {

// Only the filters given become conditions, so each combination is planned on its own index
// (a patient's entries and the lists that showed them, a user's, an action's, a time range's)
// instead of one statement whose "?1 IS NULL OR ..." form can use none of them. A patient's own
// entries are found by its key, and by the id as given where it named no patient when written.
std::string audit_conditions(const AuditQuery& q) {
  std::string where = "TRUE";
  if (q.patient_id) {
    where +=
        " AND id IN (SELECT id FROM audit_log WHERE patient_key = "
        "(SELECT key FROM patients WHERE id = ?1) UNION ALL "
        "SELECT id FROM audit_log WHERE patient_id = ?1 UNION ALL "
        "SELECT audit_id FROM audit_patients WHERE patient_id = ?1)";
  }
  if (q.username) where += " AND username = ?2";
  if (q.from) where += " AND at >= ?3";
  if (q.to) where += " AND at < ?4";
  if (q.before_id) where += " AND id < ?5";
  // An action, or a family of them: "patient" is "patient" and every "patient.…" (a range of the
  // action index: '/' follows '.').
  if (q.action) where += " AND (action = ?7 OR (action >= ?7 || '.' AND action < ?7 || '/'))";
  if (q.hide_device_readings) {
    where +=
        " AND NOT (action = 'vitals.record' AND (username LIKE 'device:%' OR "
        "username LIKE 'hl7:%'))";
  }
  return where;
}

}  // namespace plasticity::statements
