#include "interop/hl7_v2.h"

#include <gtest/gtest.h>

namespace plasticity::hl7 {
namespace {

constexpr const char* kOru =
    "MSH|^~\\&|MONITOR|CHAIR2|PLASTICITY|CLINIC|20261123101500+0000||ORU^R01^ORU_R01|MSG00042|P|2."
    "6\r"
    "PID|||DEMO-0001^^^CLINIC^MR~555^^^SSA^SS||Demopatient^Avery\r"
    "OBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.1.1.1|142|266016^MDC_DIM_MMHG^MDC|||||F|||"
    "20261123101455+0000\r";

TEST(Hl7Message, ReadsSegmentsFieldsAndComponentsWithTheDeclaredDelimiters) {
  const auto parsed = parse_hl7_message(kOru);
  ASSERT_TRUE(parsed.message.has_value()) << parsed.error;
  const Message& m = *parsed.message;
  EXPECT_EQ(m.segments.size(), 3u);
  EXPECT_EQ(m.type(), "ORU^R01");
  EXPECT_EQ(m.control_id(), "MSG00042");
  EXPECT_EQ(m.field("MSH", 3).raw(), "MONITOR");
  EXPECT_EQ(m.field("MSH", 2).raw(), "^~\\&");
  EXPECT_EQ(m.field("PID", 3).component(1), "DEMO-0001");  // first repetition only
  EXPECT_EQ(m.field("PID", 3).component(4), "CLINIC");
  EXPECT_EQ(m.field("OBX", 6).component(2), "MDC_DIM_MMHG");
  EXPECT_TRUE(m.field("PV1", 3).empty());
  EXPECT_EQ(m.field("PID", 99).component(1), "");
}

TEST(Hl7Message, AcceptsLineFeedsAndOtherDelimiters) {
  const auto parsed = parse_hl7_message("MSH#$~\\&#A#B#C#D#20260101##ORU$R01#7#P#2.5\nPID###X1\n");
  ASSERT_TRUE(parsed.message.has_value()) << parsed.error;
  EXPECT_EQ(parsed.message->type(), "ORU^R01");
  EXPECT_EQ(parsed.message->field("PID", 3).component(1), "X1");
}

TEST(Hl7Message, NamesWhatIsMalformed) {
  EXPECT_EQ(parse_hl7_message("PID|||1").error, "the message must start with an MSH segment");
  EXPECT_EQ(parse_hl7_message("MSH|^~\\&|A|B|C|D|2026||ORU^R01||P|2.5").error,
            "MSH-10 (control id) is missing");
  EXPECT_EQ(parse_hl7_message("MSH|^~\\&|A|B|C|D|2026|||1|P|2.5").error,
            "MSH-9 (message type) is missing");
  EXPECT_FALSE(parse_hl7_message("MSH|^~\\&|A|B|C|D|2026||ORU^R01|1|P|2.5\rOBSERVATION|1").message);
}

TEST(Hl7Time, ReadsEveryPrecisionAndOffset) {
  EXPECT_EQ(to_iso8601(*parse_hl7_time("20261123101455+0000")), "2026-11-23T10:14:55.000Z");
  EXPECT_EQ(to_iso8601(*parse_hl7_time("20261123101455.25-0500")), "2026-11-23T15:14:55.250Z");
  EXPECT_EQ(to_iso8601(*parse_hl7_time("202611231014")), "2026-11-23T10:14:00.000Z");
  EXPECT_EQ(to_iso8601(*parse_hl7_time("20261123")), "2026-11-23T00:00:00.000Z");
  EXPECT_FALSE(parse_hl7_time("2026112310145").has_value());   // odd length
  EXPECT_FALSE(parse_hl7_time("20261323101455").has_value());  // month 13
  EXPECT_FALSE(parse_hl7_time("20261123101455+05").has_value());
  EXPECT_FALSE(parse_hl7_time("").has_value());
  EXPECT_EQ(to_hl7_time(*parse_hl7_time("20261123101455.25+0000")), "20261123101455.250+0000");
}

TEST(Hl7Ack, AnswersAcceptedWithTheSendersControlId) {
  const auto m = parse_hl7_message(kOru).message;
  const std::string ack =
      hl7_ack(&*m, AckCode::accepted, "", *parse_hl7_time("20261123101501+0000"), "ACK1");
  EXPECT_EQ(
      ack,
      "MSH|^~\\&|PLASTICITY|PLASTICITY|MONITOR|CHAIR2|20261123101501.000+0000||ACK^R01^ACK|ACK1|"
      "P|2.6\rMSA|AA|MSG00042\r");
}

TEST(Hl7Ack, AnErrorCarriesItsCodeAndAReasonThatCannotBreakTheMessage) {
  const auto m = parse_hl7_message(kOru).message;
  const std::string ack =
      hl7_ack(&*m, AckCode::error, "no session | for ^ you", UtcTime{0}, "A2", kErrUnknownKey);
  EXPECT_NE(ack.find("MSA|AE|MSG00042|no session   for   you\r"), std::string::npos) << ack;
  EXPECT_NE(ack.find("ERR|||204^Unknown key identifier^HL70357|E||||no session   for   you\r"),
            std::string::npos);
  // Unparseable input still gets an answer (AR, no control id to echo).
  const std::string rejected =
      hl7_ack(nullptr, AckCode::rejected, "garbage", UtcTime{0}, "A3", kErrDataTypeError);
  EXPECT_NE(rejected.find("MSA|AR||garbage\r"), std::string::npos);
}

}  // namespace
}  // namespace plasticity::hl7
