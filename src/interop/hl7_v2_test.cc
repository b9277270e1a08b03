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
  EXPECT_NE(ack.find("MSA|AE|MSG00042|no session \\F\\ for \\S\\ you\r"), std::string::npos) << ack;
  EXPECT_NE(ack.find("ERR|||204^Unknown key identifier^HL70357|E||||no session \\F\\ for \\S\\ "
                     "you\r"),
            std::string::npos);
  // Unparseable input still gets an answer (AR, no control id to echo).
  const std::string rejected =
      hl7_ack(nullptr, AckCode::rejected, "garbage", UtcTime{0}, "A3", kErrDataTypeError);
  EXPECT_NE(rejected.find("MSA|AR||garbage\r"), std::string::npos);
}

TEST(Hl7Ack, EchoedFieldsCannotEndTheFrameOrCarryBrokenText) {
  // MSH-4, MSH-10 and MSH-12 with MLLP's own frame bytes (VT, FS) and bytes that are not UTF-8.
  const std::string sent =
      "MSH|^~\\&|MON|CH\x1c|||20261123101500||ORU^R01|ID\x0b"
      "1|P|2\x1c.5\r";
  const auto m = parse_hl7_message(sent).message;
  ASSERT_TRUE(m.has_value());
  const std::string ack = hl7_ack(&*m, AckCode::accepted, "", UtcTime{0}, "A4");
  EXPECT_EQ(ack.find('\x0b'), std::string::npos) << ack;
  EXPECT_EQ(ack.find('\x1c'), std::string::npos) << ack;
  EXPECT_NE(ack.find("|MON|CH\\X1C\\|"), std::string::npos) << ack;
  EXPECT_NE(ack.find("MSA|AA|ID\\X0B\\1\r"), std::string::npos) << ack;
  EXPECT_NE(ack.find("|P|2\\X1C\\.5\r"), std::string::npos) << ack;
}

TEST(Hl7Parse, RefusesTextThatIsNotUtf8NamingSegmentAndField) {
  const auto result = parse_hl7_message(
      "MSH|^~\\&|MON|CH2|||20261123101500||ORU^R01|M1|P|2.5\rPID|||MRN1\r"
      "OBX|1|NM|8867-4^HR^LN||72|/min|||||F|||20261123101455||||dev\xFF\xFE\r");
  EXPECT_FALSE(result.message.has_value());
  EXPECT_EQ(result.error.rfind("OBX-18 is not valid UTF-8 (byte 3)", 0), 0u) << result.error;
  EXPECT_EQ(parse_hl7_message("MSH|^~\\&|GW\xC3\x28|CH2|||20261123101500||ORU^R01|M1|P|2.5\r")
                .error.rfind("MSH-3 is not valid UTF-8", 0),
            0u);
}

TEST(Hl7Parse, ReadsLatin1WhenMsh18DeclaresIt) {
  const auto result = parse_hl7_message(
      "MSH|^~\\&|MON|Salle \xE9t\xE9|||20261123101500||ORU^R01|M1|P|2.5||||||8859/1\r");
  ASSERT_TRUE(result.message.has_value()) << result.error;
  EXPECT_EQ(result.message->field("MSH", 4).raw(), "Salle \xC3\xA9t\xC3\xA9");
}

TEST(Hl7Number, ReadsOnlyHl7NumericValues) {
  EXPECT_EQ(parse_hl7_number("120"), 120.0);
  EXPECT_EQ(parse_hl7_number("-1.5"), -1.5);
  EXPECT_EQ(parse_hl7_number("+.5"), 0.5);
  EXPECT_EQ(parse_hl7_number("98."), 98.0);
  for (const char* bad :
       {"", " 120", "120 ", "0x1p7", "1e2", "1.2.3", "+", ".", "-", "inf", "nan", "12,5"}) {
    EXPECT_FALSE(parse_hl7_number(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace plasticity::hl7
