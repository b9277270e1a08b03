#include "interop/hl7_vitals.h"

#include <array>
#include <cstdlib>

namespace plasticity::hl7 {
namespace {

struct CodeFacts {
  const char* code;
  const char* mdc_name;  // "" for LOINC rows
  VitalKind kind;
};

// LOINC: the vital-signs codes of the FHIR vital signs profile. MDC: IEEE 11073-10101 numeric
// codes (and their reference identifiers) as monitors send them in IHE PCD-01 OBX-3.
constexpr std::array<CodeFacts, 20> kCodes{{
    {"8480-6", "", VitalKind::systolic_bp},
    {"8462-4", "", VitalKind::diastolic_bp},
    {"8478-0", "", VitalKind::mean_arterial_pressure},
    {"8867-4", "", VitalKind::heart_rate},
    {"59408-5", "", VitalKind::spo2},
    {"2708-6", "", VitalKind::spo2},
    {"9279-1", "", VitalKind::respiratory_rate},
    {"8310-5", "", VitalKind::temperature},
    {"19889-5", "", VitalKind::etco2},
    {"150021", "MDC_PRESS_BLD_NONINV_SYS", VitalKind::systolic_bp},
    {"150022", "MDC_PRESS_BLD_NONINV_DIA", VitalKind::diastolic_bp},
    {"150023", "MDC_PRESS_BLD_NONINV_MEAN", VitalKind::mean_arterial_pressure},
    {"147842", "MDC_ECG_HEART_RATE", VitalKind::heart_rate},
    {"149530", "MDC_PULS_OXIM_PULS_RATE", VitalKind::heart_rate},
    {"150456", "MDC_PULS_OXIM_SAT_O2", VitalKind::spo2},
    {"151562", "MDC_RESP_RATE", VitalKind::respiratory_rate},
    {"151554", "MDC_TTHOR_RESP_RATE", VitalKind::respiratory_rate},
    {"150344", "MDC_TEMP", VitalKind::temperature},
    {"151708", "MDC_AWAY_CO2_ET", VitalKind::etco2},
    {"151716", "MDC_CONC_AWAY_CO2_ET", VitalKind::etco2},
}};

struct UnitSpelling {
  const char* spelling;
  const char* ucum;
};

constexpr std::array<UnitSpelling, 16> kUnits{{
    {"mmHg", "mm[Hg]"},
    {"MDC_DIM_MMHG", "mm[Hg]"},
    {"266016", "mm[Hg]"},
    {"bpm", "/min"},
    {"{beats}/min", "/min"},
    {"MDC_DIM_BEAT_PER_MIN", "/min"},
    {"264864", "/min"},
    {"{breaths}/min", "/min"},
    {"MDC_DIM_RESP_PER_MIN", "/min"},
    {"264928", "/min"},
    {"MDC_DIM_PERCENT", "%"},
    {"262688", "%"},
    {"degC", "Cel"},
    {"MDC_DIM_DEGC", "Cel"},
    {"268192", "Cel"},
    {"1/min", "/min"},
}};

MonitorReportResult refuse(const char* code, std::string error, AckCode refusal = AckCode::error) {
  return {std::nullopt, refusal, code, std::move(error)};
}

}  // namespace

std::optional<VitalKind> vital_kind_for_code(const std::string& code, const std::string& text) {
  for (const auto& facts : kCodes) {
    if (code == facts.code ||
        (*facts.mdc_name && (code == facts.mdc_name || text == facts.mdc_name))) {
      return facts.kind;
    }
  }
  return std::nullopt;
}

std::string normalised_unit(const std::string& unit) {
  for (const auto& u : kUnits) {
    if (unit == u.spelling) return u.ucum;
  }
  return unit;
}

MonitorReportResult read_monitor_report(const Message& message, UtcTime received_at) {
  if (message.type() != "ORU^R01") {
    return refuse(kErrUnsupportedMessageType,
                  "only ORU^R01 observation messages are accepted, not " + message.type(),
                  AckCode::rejected);
  }
  MonitorReport report;
  report.mrn = message.field("PID", 3).component(1);
  if (report.mrn.empty())
    return refuse(kErrRequiredFieldMissing, "PID-3 (the patient's MRN) is required");
  const Field bed = message.field("PV1", 3);
  for (std::size_t i = 1; i <= 3; ++i) {
    if (!bed.component(i).empty()) report.bed += (report.bed.empty() ? "" : "/") + bed.component(i);
  }
  const std::string sender = message.field("MSH", 3).component(1);
  const std::string fallback_time = !message.field("OBR", 7).empty()
                                        ? message.field("OBR", 7).component(1)
                                        : message.field("MSH", 7).component(1);
  std::size_t index = 0;
  for (const Segment& segment : message.segments) {
    if (segment.id != "OBX") continue;
    const std::string where = "OBX #" + std::to_string(++index);
    const Field id = message.field(segment, 3);
    const auto kind = vital_kind_for_code(id.component(1), id.component(2));
    const std::string status = message.field(segment, 11).raw();
    // X: could not be obtained; D, W: deleted or wrong — nothing to store.
    if (!kind || status == "X" || status == "D" || status == "W") {
      ++report.skipped;
      continue;
    }
    const std::string type = message.field(segment, 2).raw();
    const auto value = parse_hl7_number(message.field(segment, 5).component(1));
    if ((type != "NM" && !type.empty()) || !value) {
      return refuse(kErrDataTypeError, where + " (" + std::string(to_string(*kind)) +
                                           "): OBX-5 must be a number with OBX-2 NM");
    }
    const Field unit_field = message.field(segment, 6);
    const std::string unit = normalised_unit(
        !unit_field.component(1).empty() ? unit_field.component(1) : unit_field.component(2));
    if (auto problem = check_reading(*kind, *value, unit)) {
      return refuse(kErrDataTypeError, where + ": " + *problem);
    }
    const std::string time_text = message.field(segment, 14).empty()
                                      ? fallback_time
                                      : message.field(segment, 14).component(1);
    const auto measured = parse_hl7_time(time_text);
    if (!measured) {
      return refuse(time_text.empty() ? kErrRequiredFieldMissing : kErrDataTypeError,
                    where + ": no valid observation time (OBX-14, OBR-7 or MSH-7)");
    }
    const std::string equipment = message.field(segment, 18).component(1);
    const std::string device = !equipment.empty() ? equipment : sender.empty() ? "hl7" : sender;
    report.readings.push_back({device, *kind, *value, *measured, received_at});
  }
  return {std::move(report), AckCode::accepted, kErrApplication, ""};
}

}  // namespace plasticity::hl7
