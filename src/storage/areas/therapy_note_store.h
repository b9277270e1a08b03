// KAP therapy notes and their grants.
// Part of the Store (storage/store.h), whose contract every method keeps.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/utc_time.h"
#include "storage/areas/audit_store.h"
#include "storage/planning_records.h"

namespace plasticity {

class TherapyNoteStore {
 public:
  virtual ~TherapyNoteStore() = default;

  // KAP therapy notes: append-only; grants only add readers.
  virtual void create_therapy_note(const TherapyNoteRecord& note, const AuditEntry& audit) = 0;
  virtual std::optional<TherapyNoteRecord> find_therapy_note(const std::string& id) = 0;
  virtual std::vector<TherapyNoteRecord> patient_therapy_notes(const std::string& patient_id) = 0;
  virtual void grant_therapy_note(const std::string& note_id, std::int64_t staff_id,
                                  std::int64_t granted_by, UtcTime at, const AuditEntry& audit) = 0;
};

}  // namespace plasticity
