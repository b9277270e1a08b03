// The clinic's settings as an admin edited them in the browser.
// Part of the Store (storage/store.h), whose contract every method keeps.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/utc_time.h"
#include "storage/areas/audit_store.h"

namespace plasticity {

class SettingsStore {
 public:
  virtual ~SettingsStore() = default;

  // The clinic's settings as edited in the browser (interop/clinic_settings.h): name → JSON text.
  virtual std::map<std::string, std::string> clinic_settings() = 0;
  // Writes every row (replacing the one of the same name) with its audit entry, or nothing.
  virtual void save_clinic_settings(const std::map<std::string, std::string>& rows,
                                    const AuditEntry& audit) = 0;
};

}  // namespace plasticity
