#include "interop/pdf_document.h"

#include <gtest/gtest.h>

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
