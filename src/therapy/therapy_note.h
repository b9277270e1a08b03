// KAP (ketamine-assisted psychotherapy) notes: preparation, dosing-session and integration notes a
// therapist writes from a template. Psychotherapy notes are protected more than the rest of the
// chart: only their author and the clinicians the author explicitly grants may read them (not by
// role, not even an administrator), and every read is audited by the server.
//
//   const NoteTemplate* t = find_note_template("kap_integration");
//   FieldErrors errors = validate_note(*t, sections, session_linked);
//   if (!may_read_note(author_id, grants, staff_id)) { /* 403 */ }
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/field_error.h"

namespace plasticity {

struct NoteSection {
  std::string id;
  std::string label;
  bool required = false;
};

struct NoteTemplate {
  std::string id;    // "kap_preparation", "kap_dosing", "kap_integration"
  std::string kind;  // "preparation", "dosing", "integration"
  std::string name;
  bool needs_session = false;  // a dosing note belongs to the treatment session it describes
  std::vector<NoteSection> sections;
};

using NoteSections = std::map<std::string, std::string>;

const std::vector<NoteTemplate>& note_templates();
const NoteTemplate* find_note_template(const std::string& id);

// Required sections present and not blank, no section the template lacks, each at most 20,000
// characters, and a treatment session when the template needs one.
FieldErrors validate_note(const NoteTemplate& note_template, const NoteSections& sections,
                          bool has_session);

bool may_read_note(std::int64_t author_id, const std::vector<std::int64_t>& granted,
                   std::int64_t staff_id);

}  // namespace plasticity
