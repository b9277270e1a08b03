// The clinic's settings written once for both engines: each method one transaction around the
// shared statements (settings_statements.h). `Engine` and `Statement` as in staff_area.h.
#pragma once

#include "storage/areas/settings_store.h"
#include "storage/statements/settings_statements.h"

namespace plasticity {

template <class Engine, class Statement>
class SettingsArea : public virtual SettingsStore {
 public:
  std::map<std::string, std::string> clinic_settings() final {
    return engine().read([&](auto& db) { return statements::clinic_settings<Statement>(db); });
  }

  void save_clinic_settings(const std::map<std::string, std::string>& rows,
                            const AuditEntry& audit) final {
    engine().write([&](auto& db) { statements::save_clinic_settings<Statement>(db, rows, audit); });
  }

 private:
  Engine& engine() { return static_cast<Engine&>(*this); }
};

}  // namespace plasticity
