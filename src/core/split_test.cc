#include "core/split.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

TEST(Split, KeepsEmptyPartsAndTheLastOne) {
  EXPECT_EQ(split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(split("a;", ';'), (std::vector<std::string>{"a", ""}));
  EXPECT_EQ(split("", ','), (std::vector<std::string>{""}));
  EXPECT_EQ(split("one", '|'), (std::vector<std::string>{"one"}));
}

}  // namespace
}  // namespace plasticity
