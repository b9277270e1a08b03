// The clinic settings the server runs on. An admin's save replaces them whole; a request takes one
// snapshot and keeps it until it answers, so it never sees half of an edit and nothing it points
// into (an appointment type, the time zone) is freed under it.
//
//   const auto clinic = services.settings.get();
//   const ClinicTimeZone& zone = *clinic->schedule.time_zone;   // valid while `clinic` lives
#pragma once

#include <memory>
#include <mutex>

#include "interop/clinic_settings.h"
#include "storage/areas/settings_store.h"

namespace plasticity::server {

// Told to the other servers on the database after a save (storage/areas/server_network.h).
inline constexpr const char* kSettingsChangedTopic = "settings.changed";

class CurrentSettings {
 public:
  explicit CurrentSettings(ClinicSettings initial)
      : current_(std::make_shared<const ClinicSettings>(std::move(initial))) {}

  std::shared_ptr<const ClinicSettings> get() const {
    std::lock_guard lock{mutex_};
    return current_;
  }
  void replace(ClinicSettings next) {
    auto replacement = std::make_shared<const ClinicSettings>(std::move(next));
    std::lock_guard lock{mutex_};
    current_ = std::move(replacement);
  }
  // After another server saved an edit: the stored edits read again over these settings.
  void reload(SettingsStore& store) {
    std::lock_guard edit{edit_mutex_};
    ClinicSettings next = *get();
    apply_stored_settings(next, store.clinic_settings());  // each was validated when saved
    replace(std::move(next));
  }
  // Held from reading the settings an edit starts from until the edit is stored and in place, so
  // two admins saving at once cannot undo each other's change.
  std::mutex& edit_mutex() { return edit_mutex_; }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const ClinicSettings> current_;
  std::mutex edit_mutex_;
};

}  // namespace plasticity::server
