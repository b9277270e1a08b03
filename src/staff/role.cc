#include "staff/role.h"

#include <array>

namespace plasticity {
namespace {

constexpr std::size_t kRoleCount = 6;
constexpr std::size_t kPermissionCount = 25;

// Rows: permissions in enum order; columns: roles in enum order
// (admin, prescriber, nurse, therapist, front_desk, researcher).
constexpr std::array<std::array<bool, kRoleCount>, kPermissionCount> kGrants{{
    {true, true, true, true, true, false},      // read_patients
    {true, true, true, false, true, false},     // create_patients
    {true, true, true, false, true, false},     // update_patients
    {true, false, false, false, false, false},  // read_audit
    {true, true, true, true, false, false},     // read_assessments
    {false, true, true, true, false, false},    // record_assessments
    {false, true, true, true, true, false},     // send_assessment_links
    {false, true, true, true, false, false},    // manage_alerts
    {true, true, true, true, false, false},     // read_sessions
    {false, true, true, false, false, false},   // run_sessions
    {false, true, false, false, false, false},  // prescribe_doses
    {true, false, false, false, false, false},  // manage_devices
    {false, true, true, false, false, false},   // screen_patients
    {true, true, true, true, true, false},      // read_schedule
    {true, true, true, false, true, false},     // manage_schedule
    {true, false, false, false, true, false},   // manage_rota
    {false, true, false, true, false, false},   // write_therapy_notes
    {true, false, false, false, false, false},  // manage_staff
    {true, false, false, false, false, false},  // manage_settings
    {true, true, false, false, false, true},    // read_outcomes
    {false, true, true, true, false, false},    // read_forecast
    {true, true, false, false, false, false},   // refit_forecast
    {true, false, false, false, false, false},  // export_records
    {true, false, false, false, false, true},   // export_research
    {true, false, false, false, false, false},  // import_records
}};

}  // namespace

const std::vector<std::string_view>& role_names() {
  static const std::vector<std::string_view> names{"admin",     "prescriber", "nurse",
                                                   "therapist", "front_desk", "researcher"};
  return names;
}

std::string_view to_string(Role role) { return role_names().at(static_cast<std::size_t>(role)); }

std::optional<Role> parse_role(std::string_view text) {
  const auto& names = role_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) return static_cast<Role>(i);
  }
  return std::nullopt;
}

std::string_view to_string(Permission permission) {
  static constexpr std::array<std::string_view, kPermissionCount> names{
      "read_patients",       "create_patients",    "update_patients",       "read_audit",
      "read_assessments",    "record_assessments", "send_assessment_links", "manage_alerts",
      "read_sessions",       "run_sessions",       "prescribe_doses",       "manage_devices",
      "screen_patients",     "read_schedule",      "manage_schedule",       "manage_rota",
      "write_therapy_notes", "manage_staff",       "manage_settings",       "read_outcomes",
      "read_forecast",       "refit_forecast",     "export_records",        "export_research",
      "import_records"};
  return names.at(static_cast<std::size_t>(permission));
}

const std::vector<Permission>& all_permissions() {
  static const std::vector<Permission> permissions{
      Permission::read_patients,         Permission::create_patients,
      Permission::update_patients,       Permission::read_audit,
      Permission::read_assessments,      Permission::record_assessments,
      Permission::send_assessment_links, Permission::manage_alerts,
      Permission::read_sessions,         Permission::run_sessions,
      Permission::prescribe_doses,       Permission::manage_devices,
      Permission::screen_patients,       Permission::read_schedule,
      Permission::manage_schedule,       Permission::manage_rota,
      Permission::write_therapy_notes,   Permission::manage_staff,
      Permission::manage_settings,       Permission::read_outcomes,
      Permission::read_forecast,         Permission::refit_forecast,
      Permission::export_records,        Permission::export_research,
      Permission::import_records};
  return permissions;
}

bool role_may(Role role, Permission permission) {
  return kGrants.at(static_cast<std::size_t>(permission)).at(static_cast<std::size_t>(role));
}

}  // namespace plasticity
