#include "interop/hl7_vitals.h"

#include <gtest/gtest.h>

namespace plasticity::hl7 {
namespace {

const UtcTime kReceived{1'800'000'000'000};

Message parse(const std::string& text) {
  auto parsed = parse_hl7_message(text);
  EXPECT_TRUE(parsed.message.has_value()) << parsed.error;
  return *parsed.message;
}

const std::string kHeader =
    "MSH|^~\\&|GATEWAY|CLINIC|PLASTICITY|CLINIC|20261123101500+0000||ORU^R01|M1|P|2.6\r"
    "PID|||DEMO-0001^^^CLINIC^MR\r"
    "PV1||O|KETAMINE^ROOM1^CHAIR2\r"
    "OBR|1|||VITALS|||20261123101450+0000\r";

TEST(MonitorReport, ReadsLoincAndMdcCodedVitalSigns) {
  const auto result = read_monitor_report(
      parse(kHeader +
            "OBX|1|NM|8480-6^Systolic BP^LN||185|mm[Hg]|||||F|||20261123101455+0000||||MON-7\r"
            "OBX|2|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC||96|266016^MDC_DIM_MMHG^MDC|||||F\r"
            "OBX|3|NM|0^MDC_PULS_OXIM_SAT_O2^MDC||97|%|||||F\r"
            "OBX|4|NM|147842^MDC_ECG_HEART_RATE^MDC||71|bpm|||||F\r"
            "OBX|5|ST|184326^MDC_ECG_ELEC_POTL_II^MDC||lead II|||||||F\r"),
      kReceived);
  ASSERT_TRUE(result.report.has_value()) << result.error;
  const auto& report = *result.report;
  EXPECT_EQ(report.mrn, "DEMO-0001");
  EXPECT_EQ(report.bed, "KETAMINE/ROOM1/CHAIR2");
  EXPECT_EQ(report.skipped, 1u);
  ASSERT_EQ(report.readings.size(), 4u);
  EXPECT_EQ(report.readings[0].kind, VitalKind::systolic_bp);
  EXPECT_EQ(report.readings[0].value, 185);
  EXPECT_EQ(report.readings[0].device_id, "MON-7");  // OBX-18
  EXPECT_EQ(to_iso8601(report.readings[0].measured_at), "2026-11-23T10:14:55.000Z");
  EXPECT_EQ(report.readings[1].kind, VitalKind::diastolic_bp);
  EXPECT_EQ(report.readings[1].device_id, "GATEWAY");  // MSH-3 when OBX-18 is empty
  EXPECT_EQ(to_iso8601(report.readings[1].measured_at), "2026-11-23T10:14:50.000Z");  // OBR-7
  EXPECT_EQ(report.readings[2].kind, VitalKind::spo2);  // by MDC name alone
  EXPECT_EQ(report.readings[3].kind, VitalKind::heart_rate);
  EXPECT_EQ(report.readings[3].received_at, kReceived);
}

TEST(MonitorReport, SkipsObservationsThatCouldNotBeObtained) {
  const auto result =
      read_monitor_report(parse(kHeader + "OBX|1|NM|8480-6^SBP^LN||0|mm[Hg]|||||X\r"), kReceived);
  ASSERT_TRUE(result.report.has_value());
  EXPECT_TRUE(result.report->readings.empty());
  EXPECT_EQ(result.report->skipped, 1u);
}

TEST(MonitorReport, RefusesTheWholeMessageForOneBadVitalSign) {
  auto result = read_monitor_report(parse(kHeader + "OBX|1|NM|8480-6^SBP^LN||142|mm[Hg]|||||F\r"
                                                    "OBX|2|NM|8867-4^HR^LN||fast|/min|||||F\r"),
                                    kReceived);
  ASSERT_FALSE(result.report.has_value());
  EXPECT_EQ(result.refusal, AckCode::error);
  EXPECT_STREQ(result.error_code, kErrDataTypeError);
  EXPECT_EQ(result.error, "OBX #2 (hr): OBX-5 must be a number with OBX-2 NM");

  result =
      read_monitor_report(parse(kHeader + "OBX|1|NM|8480-6^SBP^LN||420|mm[Hg]|||||F\r"), kReceived);
  EXPECT_EQ(result.error,
            "OBX #1: sbp 420 mm[Hg] is not possible (accepted 20 to 300): a device fault, not "
            "stored");
  result =
      read_monitor_report(parse(kHeader + "OBX|1|NM|8480-6^SBP^LN||120|kPa|||||F\r"), kReceived);
  EXPECT_EQ(result.error, "OBX #1: sbp must be in mm[Hg], not 'kPa'");
}

TEST(MonitorReport, NeedsTheMrnAndATime) {
  auto result = read_monitor_report(
      parse(
          "MSH|^~\\&|G|C|P|C|20261123||ORU^R01|M1|P|2.6\rPID|||\rOBX|1|NM|8867-4^HR^LN||70|/min\r"),
      kReceived);
  EXPECT_EQ(result.error, "PID-3 (the patient's MRN) is required");
  EXPECT_STREQ(result.error_code, kErrRequiredFieldMissing);
  result = read_monitor_report(
      parse("MSH|^~\\&|G|C|P|C|||ORU^R01|M1|P|2.6\rPID|||X\rOBX|1|NM|8867-4^HR^LN||70|/min\r"),
      kReceived);
  EXPECT_EQ(result.error, "OBX #1: no valid observation time (OBX-14, OBR-7 or MSH-7)");
}

TEST(MonitorReport, RejectsOtherMessageTypes) {
  const auto result = read_monitor_report(
      parse("MSH|^~\\&|G|C|P|C|20261123||ADT^A01|M1|P|2.6\rPID|||X\r"), kReceived);
  EXPECT_EQ(result.refusal, AckCode::rejected);
  EXPECT_EQ(result.error, "only ORU^R01 observation messages are accepted, not ADT^A01");
}

TEST(MonitorReport, UnitsAreNormalisedToUcum) {
  EXPECT_EQ(normalised_unit("mmHg"), "mm[Hg]");
  EXPECT_EQ(normalised_unit("{beats}/min"), "/min");
  EXPECT_EQ(normalised_unit("262688"), "%");
  EXPECT_EQ(normalised_unit("furlongs"), "furlongs");
  EXPECT_EQ(vital_kind_for_code("59408-5", ""), VitalKind::spo2);
  EXPECT_FALSE(vital_kind_for_code("1234-5", "").has_value());
}

}  // namespace
}  // namespace plasticity::hl7
