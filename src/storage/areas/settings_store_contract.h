// What every engine's settings area must do, as typed tests (see audit_store_contract.h): the
// type an engine instantiates them with exposes `settings()`, `staff()` and `audit()` of one
// empty store.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "storage/areas/audit_store.h"
#include "storage/areas/common.h"
#include "storage/areas/settings_store.h"
#include "storage/areas/staff_store.h"

namespace plasticity {

template <class Engine>
class SettingsStoreContract : public ::testing::Test {
 protected:
  Engine engine_;
};

TYPED_TEST_SUITE_P(SettingsStoreContract);

TYPED_TEST_P(SettingsStoreContract, SettingsAreReplacedByNameWithTheirAuditEntry) {
  SettingsStore& settings = this->engine_.settings();
  AuditStore& trail = this->engine_.audit();
  const auto admin =
      this->engine_.staff().create_staff({0, "admin", Role::admin, "$argon2id$a", UtcTime{1}});
  ASSERT_TRUE(admin);
  const AuditEntry change{0,       UtcTime{1000},     *admin,    "admin",
                          "admin", "settings.change", "success", {},
                          "req-1", "127.0.0.1",       ""};
  EXPECT_TRUE(settings.clinic_settings().empty());
  settings.save_clinic_settings(
      {{"time_zone", "\"Europe/Berlin\""}, {"crisis_text", "\"Call 112\""}}, change);
  settings.save_clinic_settings({{"time_zone", "\"Europe/Paris\""}}, change);
  EXPECT_EQ(settings.clinic_settings(),
            (std::map<std::string, std::string>{{"crisis_text", "\"Call 112\""},
                                                {"time_zone", "\"Europe/Paris\""}}));
  AuditQuery changes;
  changes.action = "settings";
  EXPECT_EQ(trail.query_audit(changes).size(), 2u);
  // A write that fails (no such staff member) stores neither the rows nor the audit entry.
  AuditEntry stranger = change;
  stranger.staff_id = *admin + 999;
  EXPECT_THROW(settings.save_clinic_settings({{"time_zone", "\"Asia/Tokyo\""}}, stranger),
               StoreError);
  EXPECT_EQ(settings.clinic_settings().at("time_zone"), "\"Europe/Paris\"");
  EXPECT_EQ(trail.query_audit(changes).size(), 2u);
}

REGISTER_TYPED_TEST_SUITE_P(SettingsStoreContract, SettingsAreReplacedByNameWithTheirAuditEntry);

}  // namespace plasticity
