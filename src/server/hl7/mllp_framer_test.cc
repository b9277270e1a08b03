#include "server/hl7/mllp_framer.h"

#include <gtest/gtest.h>

namespace plasticity::mllp {
namespace {

TEST(MllpFramer, FindsFramesAcrossReadsAndSkipsNoise) {
  MllpFramer framer{100};
  std::string message;
  framer.append("noise\x0bMSH|one");
  EXPECT_EQ(framer.next(message), MllpFramer::Next::need_more);
  framer.append("\x1c\r\x0bMSH|two\x1c\r");
  ASSERT_EQ(framer.next(message), MllpFramer::Next::message);
  EXPECT_EQ(message, "MSH|one");
  ASSERT_EQ(framer.next(message), MllpFramer::Next::message);
  EXPECT_EQ(message, "MSH|two");
  EXPECT_EQ(framer.next(message), MllpFramer::Next::need_more);
  EXPECT_EQ(framer.held_bytes(), 0u);
}

TEST(MllpFramer, RefusesFramesOverTheLimitWholeOrUnfinished) {
  MllpFramer unfinished{10};
  std::string message;
  unfinished.append("\x0b" + std::string(11, 'x'));
  EXPECT_EQ(unfinished.next(message), MllpFramer::Next::too_large);
  MllpFramer whole{10};
  whole.append("\x0b" + std::string(11, 'x') + "\x1c\r");
  EXPECT_EQ(whole.next(message), MllpFramer::Next::too_large);
  MllpFramer exact{10};
  exact.append("\x0b" + std::string(10, 'x') + "\x1c\r");
  EXPECT_EQ(exact.next(message), MllpFramer::Next::message);
}

}  // namespace
}  // namespace plasticity::mllp
