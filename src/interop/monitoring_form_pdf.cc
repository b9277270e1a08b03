#include "interop/monitoring_form_pdf.h"

#include <cstdio>

#include "interop/pdf_document.h"

namespace plasticity {
namespace {

std::string yes_no(const std::optional<bool>& value) {
  return value ? (*value ? "Yes" : "No") : "MISSING";
}

// "2026-12-03 14:05" in the clinic's zone (the form names the zone once, at the top).
std::string local_time(const ClinicTimeZone& zone, UtcTime at) {
  const LocalDateTime local = zone.to_local(at);
  char text[32];
  std::snprintf(text, sizeof text, "%s %02d:%02d", to_iso_string(local.date).c_str(),
                local.minute_of_day / 60, local.minute_of_day % 60);
  return text;
}

std::string blood_pressure(const ClinicTimeZone& zone, const std::optional<BloodPressure>& bp) {
  if (!bp) return "MISSING";
  char text[64];
  std::snprintf(text, sizeof text, "%.0f/%.0f mmHg at %s", bp->systolic, bp->diastolic,
                local_time(zone, bp->at).substr(11).c_str());
  return text;
}

}  // namespace

std::string monitoring_form_pdf(const MonitoringForm& form, const MonitoringFormPatient& patient,
                                const ClinicTimeZone& zone) {
  PdfDocument w{"SPRAVATO REMS Patient Monitoring Form"};
  const MonitoringFormAnswers& a = form.answers;
  auto answered = [](const std::string& text) { return text.empty() ? "MISSING" : text; };
  w.heading("SPRAVATO REMS Patient Monitoring Form (outpatient)");
  w.field("Patient",
          patient.family_name + ", " + patient.given_name + " (MRN " + patient.mrn + ")");
  std::string status = "complete";
  if (!form.missing.empty()) {
    status = "INCOMPLETE, " + std::to_string(form.missing.size()) + " items missing:";
  }
  w.field("Status", status);
  for (const auto& field : form.missing) w.field("  Missing", monitoring_form_label(field));
  w.field("Times", "local time, " + zone.name());
  w.heading("Patient");
  w.field("Name", patient.family_name + ", " + patient.given_name);
  w.field("Birth date", patient.birth_date);
  w.field("Sex", patient.sex);
  w.field("Medical record number", patient.mrn);
  w.heading("Concomitant medicines that may cause sedation or blood pressure changes");
  for (const auto& medicine : concomitant_medicine_classes()) {
    const auto found = a.concomitant.find(medicine);
    w.field(monitoring_form_label("concomitant/" + medicine),
            found == a.concomitant.end() ? "MISSING" : (found->second ? "Yes" : "No"));
  }
  w.heading("Treatment");
  w.field("Treatment date", local_time(zone, form.facts.first_device_at).substr(0, 10));
  w.field("First device administered at", local_time(zone, form.facts.first_device_at));
  char dose[32];
  std::snprintf(dose, sizeof dose, "%.0f mg", form.facts.dose_mg);
  w.field("Dose administered", dose);
  w.field(monitoring_form_label("lot_number"), answered(form.facts.lot_number));
  w.field(monitoring_form_label("monitoring_hcp"), answered(a.monitoring_hcp));
  w.field(monitoring_form_label("completed_at"),
          form.facts.completed_at ? local_time(zone, *form.facts.completed_at) : "MISSING");
  w.field(
      "Minutes from first device to end of monitoring",
      form.total_monitoring_minutes ? std::to_string(*form.total_monitoring_minutes) : "MISSING");
  w.field(monitoring_form_label("ready_to_leave_minutes"),
          a.ready_to_leave_minutes ? std::to_string(*a.ready_to_leave_minutes) : "MISSING");
  w.heading("Vital signs");
  w.field(monitoring_form_label("vitals_acceptable_before"), yes_no(a.vitals_acceptable_before));
  w.field(monitoring_form_label("vitals_acceptable_at_completion"),
          yes_no(a.vitals_acceptable_at_completion));
  w.field(monitoring_form_label("bp_before"), blood_pressure(zone, form.bp_before));
  w.field(monitoring_form_label("bp_40_min"), blood_pressure(zone, form.bp_40_min));
  w.field(monitoring_form_label("bp_at_completion"), blood_pressure(zone, form.bp_at_completion));
  w.heading("Adverse effects");
  w.field(monitoring_form_label("sedation"), yes_no(a.sedation));
  w.field(monitoring_form_label("dissociation"), yes_no(a.dissociation));
  w.field(monitoring_form_label("respiratory_depression"), yes_no(a.respiratory_depression));
  w.field(monitoring_form_label("resolved_before_leaving"), yes_no(a.resolved_before_leaving));
  w.field("Serious adverse events recorded", std::to_string(form.facts.serious_adverse_events));
  if (form.due_at) w.field("Submit by", local_time(zone, *form.due_at));
  return w.bytes();
}

}  // namespace plasticity
