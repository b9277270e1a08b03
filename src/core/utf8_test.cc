#include "core/utf8.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_FALSE(first_invalid_utf8(""));
  EXPECT_FALSE(first_invalid_utf8("Zoë Ålund, 東京, \xF0\x9F\x98\x80"));
  EXPECT_FALSE(first_invalid_utf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  EXPECT_FALSE(first_invalid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST(Utf8Test, FindsTheFirstIllFormedByte) {
  EXPECT_EQ(first_invalid_utf8("dev\xFF\xFE"), 3u);
  EXPECT_EQ(first_invalid_utf8("GW\xC3\x28"), 2u);        // a lead byte without continuation
  EXPECT_EQ(first_invalid_utf8("ab\xC3"), 2u);            // cut off at the end
  EXPECT_EQ(first_invalid_utf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(first_invalid_utf8("\xE0\x80\xAF"), 0u);      // overlong, three bytes
  EXPECT_EQ(first_invalid_utf8("x\xED\xA0\x80"), 1u);     // U+D800, a surrogate
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("\x80"), 0u);              // a lone continuation byte
}

TEST(Utf8Test, ReplacesEachBrokenByteWithTheReplacementCharacter) {
  EXPECT_EQ(valid_utf8("dev\xFF\xFE"), "dev\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(valid_utf8("GW\xC3\x28"), "GW\xEF\xBF\xBD(");
  EXPECT_EQ(valid_utf8("Zoë"), "Zoë");
}

}  // namespace
}  // namespace plasticity
