// Vital signs from an HL7 v2 ORU^R01 (what bedside monitors and their gateways send, as in IHE
// PCD-01): the patient's MRN from PID-3, the bed from PV1-3, and one reading per OBX whose code
// is a vital sign Plasticity tracks (LOINC, or the monitor's IEEE 11073 MDC code). Other OBX
// rows (waveform settings, alarms limits, ...) are skipped, not errors. One bad tracked OBX
// refuses the whole message, so the sender can fix and resend it whole.
//
//   auto report = read_monitor_report(message, now);
//   if (!report.report) ack AE with report.error
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "interop/hl7_v2.h"
#include "monitoring/vital_sign.h"

namespace plasticity::hl7 {

struct MonitorReport {
  std::string mrn;  // PID-3, first component of the first repetition
  std::string bed;  // PV1-3 components joined with '/', e.g. "KETAMINE/ROOM1/CHAIR2"; may be empty
  std::vector<VitalReading> readings;
  std::size_t skipped = 0;  // OBX rows that are not tracked vital signs
};

struct MonitorReportResult {
  std::optional<MonitorReport> report;
  AckCode refusal = AckCode::error;  // when report is unset: AE, or AR for another message type
  const char* error_code = kErrApplication;
  std::string error;
};

MonitorReportResult read_monitor_report(const Message& message, UtcTime received_at);

// The vital sign an observation identifier (OBX-3) names, by LOINC or MDC code or MDC name.
std::optional<VitalKind> vital_kind_for_code(const std::string& code, const std::string& text);

// Monitors write units many ways ("mmHg", "bpm", "{beats}/min", MDC_DIM_*); the UCUM unit
// Plasticity stores, or the unit unchanged when it is not a known spelling (check_reading then
// names it).
std::string normalised_unit(const std::string& unit);

}  // namespace plasticity::hl7
