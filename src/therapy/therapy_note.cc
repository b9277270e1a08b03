#include "therapy/therapy_note.h"

#include <algorithm>

namespace plasticity {
namespace {

constexpr std::size_t kMaxSectionLength = 20000;

// The sections follow the preparation / dosing / integration structure of KAP; they are this
// clinic's default templates, not a published standard (clinical-reference has none).
std::vector<NoteTemplate> make_templates() {
  return {
      {"kap_preparation",
       "preparation",
       "KAP preparation session",
       false,
       {{"intentions", "Intentions for treatment", true},
        {"history_and_context", "History and context", false},
        {"set_and_setting", "Set and setting discussed", false},
        {"consent_and_boundaries", "Consent, touch and boundaries", true},
        {"safety_plan", "Safety plan", true},
        {"plan", "Plan", false}}},
      {"kap_dosing",
       "dosing",
       "KAP dosing session",
       true,
       {{"experience", "Patient's experience", true},
        {"therapist_interventions", "Therapist interventions", false},
        {"safety_observations", "Safety observations", true},
        {"after_effects", "After-effects and state at the end", false}}},
      {"kap_integration",
       "integration",
       "KAP integration session",
       false,
       {{"themes", "Themes from the dosing session", true},
        {"insights", "Insights", false},
        {"integration_practices", "Integration practices", false},
        {"mood_and_risk", "Mood and risk", true},
        {"plan", "Plan", false}}},
  };
}

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

const std::vector<NoteTemplate>& note_templates() {
  static const std::vector<NoteTemplate> templates = make_templates();
  return templates;
}

const NoteTemplate* find_note_template(const std::string& id) {
  for (const auto& t : note_templates()) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

FieldErrors validate_note(const NoteTemplate& note_template, const NoteSections& sections,
                          bool has_session) {
  FieldErrors errors;
  for (const auto& [id, text] : sections) {
    const bool known = std::any_of(note_template.sections.begin(), note_template.sections.end(),
                                   [&id = id](const NoteSection& s) { return s.id == id; });
    if (!known) {
      errors.push_back(
          {"sections/" + id, "known_section", id + " is not a section of " + note_template.name});
    } else if (text.size() > kMaxSectionLength) {
      errors.push_back({"sections/" + id, "length", id + " is longer than 20,000 characters"});
    }
  }
  for (const auto& section : note_template.sections) {
    auto it = sections.find(section.id);
    if (section.required && (it == sections.end() || blank(it->second))) {
      errors.push_back({"sections/" + section.id, "required", section.label + " is required"});
    }
  }
  if (note_template.needs_session && !has_session) {
    errors.push_back({"session_id", "required",
                      "a dosing-session note names the treatment session it describes"});
  }
  return errors;
}

bool may_read_note(std::int64_t author_id, const std::vector<std::int64_t>& granted,
                   std::int64_t staff_id) {
  return staff_id == author_id ||
         std::find(granted.begin(), granted.end(), staff_id) != granted.end();
}

}  // namespace plasticity
