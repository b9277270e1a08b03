#include "storage/statements/patient_statements.h"

#include <gtest/gtest.h>

namespace plasticity::statements {
namespace {

TEST(PrefixBound, IsTheNextTextAfterEveryTextThatBeginsWithThePrefix) {
  EXPECT_EQ(prefix_bound("ab"), "ac");
  EXPECT_EQ(prefix_bound("a\x7F"), "a\u0080");    // one byte to two
  EXPECT_EQ(prefix_bound("Å"), "Æ");              // U+00C5 to U+00C6
  EXPECT_EQ(prefix_bound("x\uD7FF"), "x\uE000");  // over the surrogates
  EXPECT_EQ(prefix_bound("a\U0010FFFF"), "b");    // the last code point carries
  EXPECT_EQ(prefix_bound("\U0010FFFF\U0010FFFF"), std::nullopt);
  EXPECT_EQ(prefix_bound("a\xFF"), std::nullopt);  // not UTF-8
}

TEST(CharacterCount, CountsCodePointsNotBytes) {
  EXPECT_EQ(character_count("Ån"), 2u);
  EXPECT_EQ(character_count("abc"), 3u);
  EXPECT_EQ(character_count("\U0001F600x"), 2u);
}

}  // namespace
}  // namespace plasticity::statements
