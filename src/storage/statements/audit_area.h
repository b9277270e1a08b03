// The audit trail written once for both engines: each method one transaction around the shared
// statements (audit_statements.h). `Engine` and `Statement` as in staff_area.h.
#pragma once

#include "storage/areas/audit_store.h"
#include "storage/statements/audit_statements.h"

namespace plasticity {

template <class Engine, class Statement>
class AuditArea : public virtual AuditStore {
 public:
  std::int64_t append_audit(const AuditEntry& entry) final {
    return engine().write([&](auto& db) { return statements::insert_audit<Statement>(db, entry); });
  }

  void append_audits(const std::vector<AuditEntry>& entries) final {
    if (entries.empty()) return;
    engine().write([&](auto& db) {
      for (const auto& entry : entries) statements::insert_audit<Statement>(db, entry);
    });
  }

  std::vector<AuditEntry> query_audit(const AuditQuery& query) final {
    return engine().read([&](auto& db) { return statements::query_audit<Statement>(db, query); });
  }

 private:
  Engine& engine() { return static_cast<Engine&>(*this); }
};

}  // namespace plasticity
