// KAP therapy notes: written from a template by a therapist (or prescriber), readable only by
// their author and the clinicians the author grants, every read and every refused read audited.
#include <algorithm>

#include "server/api.h"
#include "server/http/credentials.h"
#include "server/http/problem.h"
#include "server/http/request_support.h"
#include "therapy/therapy_note.h"

namespace plasticity::server {
namespace {

OrderedJson template_to_json(const NoteTemplate& t) {
  OrderedJson sections = OrderedJson::array();
  for (const auto& s : t.sections) {
    sections.push_back({{"id", s.id}, {"label", s.label}, {"required", s.required}});
  }
  return {{"id", t.id},
          {"kind", t.kind},
          {"name", t.name},
          {"needs_session", t.needs_session},
          {"sections", sections}};
}

// What anyone allowed to list a patient's notes sees: that a note exists, not what it says.
OrderedJson note_summary(const TherapyNoteRecord& note, bool readable) {
  const NoteTemplate* t = find_note_template(note.template_id);
  return {
      {"id", note.id},
      {"template", note.template_id},
      {"name", t ? t->name : note.template_id},
      {"session_id",
       note.treatment_session_id.empty() ? OrderedJson() : OrderedJson(note.treatment_session_id)},
      {"author", note.author_username},
      {"written_at", to_iso8601(note.written_at)},
      {"readable", readable}};
}

OrderedJson note_to_json(const TherapyNoteRecord& note) {
  OrderedJson json = note_summary(note, true);
  json["sections"] = OrderedJson::parse(note.sections_json);
  json["granted_to"] = note.granted;
  return json;
}

http::Response templates(ApiServices&, RequestContext&) {
  OrderedJson items = OrderedJson::array();
  for (const auto& t : note_templates()) items.push_back(template_to_json(t));
  return json_response(200, {{"items", items}});
}

http::Response write_note(ApiServices& services, RequestContext& context) {
  const std::string& patient_id = context.params.at("id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  if (!body.is_object()) return invalid_input("Not a note", {{"", "object", "send an object"}});
  const std::string template_id =
      body.value("template", Json()).is_string() ? body["template"].get<std::string>() : "";
  const NoteTemplate* note_template = find_note_template(template_id);
  if (!note_template) {
    return invalid_input("Unknown template",
                         {{"template", "one_of",
                           "template must be kap_preparation, kap_dosing or kap_integration"}});
  }
  FieldErrors errors;
  NoteSections sections;
  const Json given = body.value("sections", Json());
  if (!given.is_object()) {
    errors.push_back({"sections", "object", "sections must map section ids to text"});
  } else {
    for (const auto& [id, text] : given.items()) {
      if (text.is_string())
        sections[id] = text.get<std::string>();
      else
        errors.push_back({"sections/" + id, "text", id + " must be text"});
    }
  }
  const std::string session_id =
      body.value("session_id", Json()).is_string() ? body["session_id"].get<std::string>() : "";
  const FieldErrors note_errors = validate_note(*note_template, sections, !session_id.empty());
  errors.insert(errors.end(), note_errors.begin(), note_errors.end());
  if (!services.store.find_patient(patient_id)) {
    return patient_not_found(patient_id);
  }
  if (!session_id.empty()) {
    const auto session = services.store.find_treatment_session(session_id);
    if (!session || session->patient_id != patient_id) {
      errors.push_back({"session_id", "patient_session",
                        "no treatment session " + session_id + " of this patient"});
    }
  }
  if (!errors.empty()) return invalid_input("The note is not complete", errors);
  OrderedJson sections_json = OrderedJson::object();
  for (const auto& s : note_template->sections) {
    if (sections.contains(s.id)) sections_json[s.id] = sections[s.id];
  }
  TherapyNoteRecord note{new_random_id(),
                         patient_id,
                         template_id,
                         session_id,
                         sections_json.dump(),
                         context.staff->id,
                         context.staff->username,
                         context.now,
                         {}};
  services.store.create_therapy_note(
      note, audit_entry(context, "therapy_note.write", "success", patient_id, note.id));
  return json_response(201, note_to_json(note))
      .with_header("Location", "/api/v1/therapy-notes/" + note.id);
}

http::Response list_notes(ApiServices& services, RequestContext& context) {
  const std::string& patient_id = context.params.at("id");
  OrderedJson items = OrderedJson::array();
  for (const auto& note : services.store.patient_therapy_notes(patient_id)) {
    items.push_back(
        note_summary(note, may_read_note(note.author_id, note.granted, context.staff->id)));
  }
  services.store.append_audit(audit_entry(context, "therapy_note.list", "success", patient_id));
  return json_response(200, {{"items", items}});
}

http::Response read_note(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  const auto note = services.store.find_therapy_note(id);
  if (!note) return problem(404, "note-not-found", "No such note", "no therapy note " + id);
  if (!may_read_note(note->author_id, note->granted, context.staff->id)) {
    services.store.append_audit(audit_entry(context, "therapy_note.read", "denied",
                                            note->patient_id, "note " + id + ": not granted"));
    return problem(403, "note-restricted", "Psychotherapy note",
                   "only the note's author and the clinicians they grant may read it");
  }
  services.store.append_audit(
      audit_entry(context, "therapy_note.read", "success", note->patient_id, "note " + id));
  return json_response(200, note_to_json(*note));
}

http::Response grant(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  const auto note = services.store.find_therapy_note(id);
  if (!note) return problem(404, "note-not-found", "No such note", "no therapy note " + id);
  if (note->author_id != context.staff->id) {
    services.store.append_audit(audit_entry(context, "therapy_note.grant", "denied",
                                            note->patient_id, "note " + id + ": not the author"));
    return problem(403, "not-author", "Not your note", "only the note's author grants access");
  }
  const Json staff_id = body.is_object() ? body.value("staff_id", Json()) : Json();
  const auto staff = staff_id.is_number_integer()
                         ? services.store.find_staff(staff_id.get<std::int64_t>())
                         : std::nullopt;
  if (!staff || staff->role == Role::front_desk || staff->role == Role::researcher ||
      staff->role == Role::admin) {
    return invalid_input(
        "Grant a clinician",
        {{"staff_id", "clinician", "staff_id must name a prescriber, nurse or therapist"}});
  }
  services.store.grant_therapy_note(
      id, staff->id, context.staff->id, context.now,
      audit_entry(context, "therapy_note.grant", "success", note->patient_id,
                  "note " + id + " to " + staff->username));
  return json_response(200, note_to_json(*services.store.find_therapy_note(id)));
}

}  // namespace

void add_therapy_note_routes(Router& router, ApiServices& services) {
  const auto write = Access::needs(Permission::write_therapy_notes);
  router.add("GET", "/api/v1/therapy-note-templates", write, with_services(services, templates));
  router.add("POST", "/api/v1/patients/{id}/therapy-notes", write,
             with_services(services, write_note));
  // Listing shows that notes exist to the care team; reading one needs the author's grant.
  router.add("GET", "/api/v1/patients/{id}/therapy-notes", Access::needs(Permission::read_sessions),
             with_services(services, list_notes));
  router.add("GET", "/api/v1/therapy-notes/{id}", Access::needs(Permission::read_sessions),
             with_services(services, read_note));
  router.add("POST", "/api/v1/therapy-notes/{id}/grants", write, with_services(services, grant));
}

}  // namespace plasticity::server
