// ClinicSettings: what the clinic is set up with — its screening rules and schedule (definition
// files) and its crisis text — and the part of it an admin edits in the browser: the time zone,
// the crisis text, and the text and timing of each patient instruction.
//
// An edit is stored as rows (name → JSON value) that override the definition files at every start,
// so a file can set a clinic up and the admin's later changes survive an upgrade. The one validator
// serves both a request body and the stored rows:
//
//   FieldErrors errors;
//   StoredSettings rows = read_settings_edit(body, current, errors);   // errors name each field
//   ClinicSettings next = current;  apply_stored_settings(next, rows);  // what the clinic runs on
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/field_error.h"
#include "eligibility/screening.h"
#include "scheduling/clinic_schedule.h"

namespace plasticity {

// Shown to a patient at once when they endorse a suicidality item. 988 is the US Suicide & Crisis
// Lifeline (call or text, since July 2022); a clinic elsewhere sets its own.
inline constexpr std::string_view kDefaultCrisisText =
    "If you are thinking about harming yourself or feel unsafe right now, please get help "
    "immediately: call 911 (or your local emergency number), or call or text 988 to reach the "
    "988 Suicide & Crisis Lifeline (US).";

// Limits on what an admin may type (engineering limits: a text a patient reads on a phone).
inline constexpr std::size_t kMaxCrisisTextChars = 2000;
inline constexpr std::size_t kMaxInstructionTextChars = 1000;
inline constexpr int kMaxSendHoursBefore = 14 * 24;

struct ClinicSettings {
  std::vector<ScreeningRule> screening_rules;
  ClinicSchedule schedule;
  std::string crisis_text{kDefaultCrisisText};
};

// Setting name → its value as JSON text: "time_zone", "crisis_text", "instruction/<id>" (the last
// is {"text": …, "send_hours_before": N}).
using StoredSettings = std::map<std::string, std::string>;

// The rows an edit stores, validated against `current`. The body holds any of "time_zone",
// "crisis_text" and "instructions" ([{id, text, send_hours_before}]); errors name the field
// ("instructions/2/text") and the rule. A value equal to the current one is not stored again.
StoredSettings read_settings_edit(const nlohmann::json& body, const ClinicSettings& current,
                                  FieldErrors& errors);

// Applies stored rows over the definition files. A row that no longer fits (an instruction the
// clinic's file dropped, a zone the tz database no longer has) is left out and described in the
// returned warnings, so a start never fails on a stale setting.
std::vector<std::string> apply_stored_settings(ClinicSettings& settings,
                                               const StoredSettings& stored);

// The editable settings as the admin's page shows them: each instruction with the appointment
// types that send it.
nlohmann::ordered_json editable_settings_to_json(const ClinicSettings& settings);

}  // namespace plasticity
