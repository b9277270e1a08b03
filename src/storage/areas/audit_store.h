// The audit trail: append-only entries, and the queries that find them (each patient's own too).
// Part of the Store (storage/store.h), whose contract every method keeps.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/utc_time.h"

namespace plasticity {

// One line of the audit trail: who (staff, role) did what (action, outcome) to which patient,
// when, in which request, from where.
struct AuditEntry {
  std::int64_t id = 0;  // assigned by the store, increasing
  UtcTime at;
  std::optional<std::int64_t> staff_id;
  std::string username;  // as given, also for failed sign-ins of unknown names
  std::string role;
  std::string action;   // e.g. "patient.read", "session.create", "permission.denied"
  std::string outcome;  // "success", "failure", "denied"
  std::optional<std::string> patient_id;
  std::string request_id;
  std::string client_address;
  std::string detail;
  // Every patient a list view showed (a search, the nurse station, the outbox): an audit query
  // for any of them finds the entry. patient_id stays the one patient an action was about.
  std::vector<std::string> shown_patient_ids{};
};

struct AuditQuery {
  std::optional<std::string> patient_id;
  std::optional<std::string> username;
  std::optional<UtcTime> from;            // inclusive
  std::optional<UtcTime> to;              // exclusive
  std::optional<std::int64_t> before_id;  // cursor: entries older than this id
  std::optional<std::string> action;      // "patient.read", or a family: "patient"
  bool hide_device_readings = false;      // vitals.record by a device or an HL7 sender
  int limit = 100;
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;

  virtual std::int64_t append_audit(const AuditEntry& entry) = 0;
  // Several entries in one transaction (a view that shows many patients audits each of them).
  virtual void append_audits(const std::vector<AuditEntry>& entries) = 0;
  virtual std::vector<AuditEntry> query_audit(const AuditQuery& query) = 0;
};

}  // namespace plasticity
