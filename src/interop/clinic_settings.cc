#include "interop/clinic_settings.h"

#include <algorithm>
#include <set>

namespace plasticity {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kInstructionPrefix = "instruction/";

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::size_t characters(std::string_view utf8) {
  std::size_t count = 0;
  for (const char c : utf8) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// A required text of at most `max_chars` characters, or nullopt with the reason in `errors`.
std::optional<std::string> read_text(const Json& value, const std::string& field,
                                     const std::string& what, std::size_t max_chars,
                                     FieldErrors& errors) {
  if (!value.is_string()) {
    errors.push_back({field, "text", what + " must be text"});
    return std::nullopt;
  }
  const std::string text = trimmed(value.get<std::string>());
  if (text.empty()) {
    errors.push_back({field, "required", what + " cannot be empty"});
    return std::nullopt;
  }
  if (characters(text) > max_chars) {
    errors.push_back({field, "max_length",
                      what + " is limited to " + std::to_string(max_chars) + " characters"});
    return std::nullopt;
  }
  return text;
}

void apply_time_zone(ClinicSettings& settings, const Json& value, const std::string& field,
                     FieldErrors& errors) {
  const std::string name = value.is_string() ? trimmed(value.get<std::string>()) : "";
  auto zone = ClinicTimeZone::locate(name);
  if (!zone) {
    errors.push_back({field, "known_zone",
                      "the time zone must be an IANA name such as America/New_York or "
                      "Europe/London" +
                          (name.empty() ? std::string() : " (there is no zone '" + name + "')")});
    return;
  }
  settings.schedule.time_zone_name = zone->name();
  settings.schedule.time_zone = std::move(zone);
}

void apply_crisis_text(ClinicSettings& settings, const Json& value, const std::string& field,
                       FieldErrors& errors) {
  if (auto text = read_text(value, field, "the crisis text", kMaxCrisisTextChars, errors)) {
    settings.crisis_text = std::move(*text);
  }
}

// `value` is {"text", "send_hours_before"}; either may be left out to keep the current one.
void apply_instruction(ClinicSettings& settings, const std::string& id, const Json& value,
                       const std::string& field, FieldErrors& errors) {
  auto& instructions = settings.schedule.instructions;
  const auto found = std::find_if(instructions.begin(), instructions.end(),
                                  [&](const PatientInstruction& i) { return i.id == id; });
  if (found == instructions.end()) {
    errors.push_back({field + "/id", "known_instruction",
                      "there is no patient instruction '" + id + "' in the clinic's schedule"});
    return;
  }
  if (!value.is_object()) {
    errors.push_back({field, "object", "an instruction must be an object with text"});
    return;
  }
  PatientInstruction edited = *found;
  if (value.contains("text")) {
    const auto text = read_text(value["text"], field + "/text", "the instruction's text",
                                kMaxInstructionTextChars, errors);
    if (text) edited.text = *text;
  }
  if (value.contains("send_hours_before")) {
    const Json& hours = value["send_hours_before"];
    if (hours.is_number_integer() && hours.get<std::int64_t>() >= 1 &&
        hours.get<std::int64_t>() <= kMaxSendHoursBefore) {
      edited.send_hours_before = hours.get<int>();
    } else {
      errors.push_back({field + "/send_hours_before", "range",
                        "send hours before must be a whole number of hours from 1 to " +
                            std::to_string(kMaxSendHoursBefore)});
    }
  }
  *found = std::move(edited);
}

// One setting row, from a request (field names the body's place) or from the store.
void apply_row(ClinicSettings& settings, const std::string& name, const Json& value,
               const std::string& field, FieldErrors& errors) {
  if (name == "time_zone") {
    apply_time_zone(settings, value, field, errors);
  } else if (name == "crisis_text") {
    apply_crisis_text(settings, value, field, errors);
  } else if (name.starts_with(kInstructionPrefix)) {
    apply_instruction(settings, name.substr(kInstructionPrefix.size()), value, field, errors);
  } else {
    errors.push_back({field, "unknown_setting", "there is no setting '" + name + "'"});
  }
}

const PatientInstruction& instruction(const ClinicSettings& settings, const std::string& id) {
  return *settings.schedule.find_instruction(id);
}

}  // namespace

StoredSettings read_settings_edit(const Json& body, const ClinicSettings& current,
                                  FieldErrors& errors) {
  if (!body.is_object()) {
    errors.push_back({"", "object", "send an object with time_zone, crisis_text or instructions"});
    return {};
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "time_zone" && key != "crisis_text" && key != "instructions") {
      errors.push_back({key, "unknown_field",
                        "'" + key +
                            "' is not a setting here: send time_zone, crisis_text or "
                            "instructions"});
    }
  }
  if (body.empty()) errors.push_back({"", "required", "send at least one setting to change"});
  ClinicSettings next = current;
  StoredSettings rows;
  if (body.contains("time_zone")) {
    apply_row(next, "time_zone", body["time_zone"], "time_zone", errors);
    if (next.schedule.time_zone_name != current.schedule.time_zone_name) {
      rows["time_zone"] = Json(next.schedule.time_zone_name).dump();
    }
  }
  if (body.contains("crisis_text")) {
    apply_row(next, "crisis_text", body["crisis_text"], "crisis_text", errors);
    if (next.crisis_text != current.crisis_text)
      rows["crisis_text"] = Json(next.crisis_text).dump();
  }
  if (body.contains("instructions")) {
    const Json& list = body["instructions"];
    if (!list.is_array()) {
      errors.push_back({"instructions", "list", "instructions must be a list"});
      return {};
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string field = "instructions/" + std::to_string(i);
      const Json id = list[i].is_object() ? list[i].value("id", Json()) : Json();
      if (!id.is_string()) {
        errors.push_back({field + "/id", "required", "each instruction needs its id"});
        continue;
      }
      const std::string name = std::string(kInstructionPrefix) + id.get<std::string>();
      if (!seen.insert(name).second) {
        errors.push_back({field + "/id", "unique",
                          "instruction '" + id.get<std::string>() + "' is listed twice"});
        continue;
      }
      apply_row(next, name, list[i], field, errors);
    }
    for (const auto& name : seen) {
      const std::string id = name.substr(kInstructionPrefix.size());
      if (!current.schedule.find_instruction(id)) continue;
      const PatientInstruction& before = instruction(current, id);
      const PatientInstruction& after = instruction(next, id);
      if (before.text != after.text || before.send_hours_before != after.send_hours_before) {
        rows[name] =
            Json{{"text", after.text}, {"send_hours_before", after.send_hours_before}}.dump();
      }
    }
  }
  if (!errors.empty()) return {};
  return rows;
}

std::vector<std::string> apply_stored_settings(ClinicSettings& settings,
                                               const StoredSettings& stored) {
  std::vector<std::string> warnings;
  for (const auto& [name, text] : stored) {
    const Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    FieldErrors errors;
    ClinicSettings next = settings;
    if (value.is_discarded()) {
      errors.push_back({name, "json", "the stored value is not JSON"});
    } else {
      apply_row(next, name, value, name, errors);
    }
    if (errors.empty()) {
      settings = std::move(next);
    } else {
      warnings.push_back("setting " + name + " is not applied: " + errors.front().message);
    }
  }
  return warnings;
}

nlohmann::ordered_json editable_settings_to_json(const ClinicSettings& settings) {
  nlohmann::ordered_json instructions = nlohmann::ordered_json::array();
  for (const auto& i : settings.schedule.instructions) {
    nlohmann::ordered_json sent_before = nlohmann::ordered_json::array();
    for (const auto& type : settings.schedule.appointment_types) {
      if (std::find(type.instructions.begin(), type.instructions.end(), i.id) !=
          type.instructions.end()) {
        sent_before.push_back(type.name);
      }
    }
    instructions.push_back({{"id", i.id},
                            {"text", i.text},
                            {"send_hours_before", i.send_hours_before},
                            {"sent_before", sent_before},
                            {"source", i.source}});
  }
  return {{"time_zone", settings.schedule.time_zone_name},
          {"crisis_text", settings.crisis_text},
          {"instructions", instructions},
          {"limits",
           {{"crisis_text_characters", kMaxCrisisTextChars},
            {"instruction_text_characters", kMaxInstructionTextChars},
            {"send_hours_before", kMaxSendHoursBefore}}}};
}

}  // namespace plasticity
