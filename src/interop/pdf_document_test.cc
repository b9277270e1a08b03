#include "interop/pdf_document.h"

#include <gtest/gtest.h>

#include <vector>

namespace plasticity {
namespace {

TEST(PdfText, Latin1StaysAndTheRestBecomesItsPlainForm) {
  EXPECT_EQ(pdf_latin1("Zo\xC3\xAB M\xC3\xBCller"), "Zo\xEB M\xFCller");  // ë ü: WinAnsi bytes
  EXPECT_EQ(pdf_latin1("4\xE2\x80\x93"
                       "8 infusions, \xE2\x89\xA5 50%, \xCF\x87\xC2\xB2"),
            "4-8 infusions, >= 50%, chi\xB2");
  EXPECT_EQ(pdf_latin1("\xE6\x97\xA5"), "?");  // 日: no plain form
}

TEST(PdfDocument, WritesAPdf) {
  PdfDocument doc{"T\xC3\xA9st"};
  doc.heading("Heading");
  doc.field("Name", "Zo\xC3\xAB");
  doc.text(std::string(300, 'x') + " " + std::string(40, 'y'));
  const std::string bytes = doc.bytes();
  EXPECT_EQ(bytes.substr(0, 5), "%PDF-");
  EXPECT_NE(bytes.find("(Name: Zo\\353) Tj"), std::string::npos);  // libharu escapes it in octal
}

}  // namespace
}  // namespace plasticity

namespace plasticity {
namespace {

// Lines of the page's content stream (libharu writes it uncompressed) that draw a segment.
std::vector<std::string> line_to(const std::string& pdf) {
  std::vector<std::string> segments;
  std::size_t at = 0;
  while ((at = pdf.find(" l\n", at)) != std::string::npos) {
    const std::size_t start = pdf.rfind('\n', at) + 1;
    segments.push_back(pdf.substr(start, at - start));
    at += 3;
  }
  return segments;
}

TEST(PdfDocument, DrawsAStepCurveWithItsIntervalWhereKnown) {
  PdfDocument doc{"Curve"};
  // Responded: 50% (20–80%) from day 7, 75% (interval unknown) from day 14; 28 days shown.
  doc.step_chart("Time to first response", 0, {{7, 0.5, 0.2, 0.8}, {14, 0.75, {}, {}}});
  const auto segments = line_to(doc.bytes());
  // The frame's left edge is at 86 pt and 400 pt wide: day 7 at 186, day 14 at 286, day 28 at 486.
  // The lower and upper bounds: one segment each, day 7 to 14; the estimate: five.
  ASSERT_EQ(segments.size(), 7u);
  auto x_of = [](const std::string& segment) { return segment.substr(0, segment.find(' ')); };
  EXPECT_EQ(x_of(segments[0]), "286");  // lower bound, until day 14
  EXPECT_EQ(x_of(segments[1]), "286");  // upper bound
  const std::vector<std::string> estimate{"186", "186", "286", "286", "486"};
  for (std::size_t i = 0; i < estimate.size(); ++i) EXPECT_EQ(x_of(segments[2 + i]), estimate[i]);
}

}  // namespace
}  // namespace plasticity
