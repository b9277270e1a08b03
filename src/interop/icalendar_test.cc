#include "interop/icalendar.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

TEST(ICalendar, EventsInUtcWithEscapedText) {
  const std::string ics = to_icalendar(
      "Plasticity: nina",
      {{"a1", *parse_iso8601("2026-12-07T14:00:00Z"), *parse_iso8601("2026-12-07T16:00:00Z"),
        "IV ketamine infusion, J. D.", "Chair 1", "Plan session 1 of 6; bring escort", false},
       {"a2", *parse_iso8601("2026-12-10T14:00:00Z"), *parse_iso8601("2026-12-10T16:00:00Z"),
        "IV ketamine infusion", "Chair 1", "", true}},
      *parse_iso8601("2026-11-23T10:00:00Z"));
  EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR", 0), 0u);
  EXPECT_NE(ics.find("VERSION:2.0"), std::string::npos);
  EXPECT_NE(ics.find("X-WR-CALNAME:Plasticity: nina"), std::string::npos);
  EXPECT_NE(ics.find("DTSTART:20261207T140000Z"), std::string::npos);
  EXPECT_NE(ics.find("DTEND:20261207T160000Z"), std::string::npos);
  EXPECT_NE(ics.find("SUMMARY:IV ketamine infusion\\, J. D."), std::string::npos);  // RFC 5545
  EXPECT_NE(ics.find("DESCRIPTION:Plan session 1 of 6\\; bring escort"), std::string::npos);
  EXPECT_NE(ics.find("STATUS:TENTATIVE"), std::string::npos);
  EXPECT_NE(ics.find("UID:a2"), std::string::npos);
  EXPECT_NE(ics.find("\r\n"), std::string::npos);
}

}  // namespace
}  // namespace plasticity
