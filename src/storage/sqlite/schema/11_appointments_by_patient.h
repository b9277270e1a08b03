// Migration 11: appointments by patient.
//
// A patient's appointments (the FHIR Encounters of one patient) without a walk of the schedule.
#pragma once

#include <string_view>

namespace plasticity::sqlite::schema {

inline constexpr std::string_view kAppointmentsByPatient = R"sql(
CREATE INDEX appointments_patient ON appointments(patient_id, starts_at);
)sql";

}  // namespace plasticity::sqlite::schema
