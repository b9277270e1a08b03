#include "interop/published_outcomes_json.h"

#include <gtest/gtest.h>

#include <set>

namespace plasticity {
namespace {

TEST(PublishedOutcomes, TheShippedFiguresAllCarryACitation) {
  const auto figures =
      load_published_outcomes({std::string(PLASTICITY_SOURCE_DIR) + "/src/outcomes/definitions"});
  ASSERT_GE(figures.size(), 7u);
  std::set<std::string> studies;
  for (const auto& f : figures) {
    studies.insert(f.study);
    EXPECT_FALSE(f.citation.empty() || f.url.empty()) << f.study;
  }
  // The trials the issue names, and ORKA-1's response as the paper gives it.
  EXPECT_EQ(studies, (std::set<std::string>{"ELEKT-D", "Murrough 2013", "ORKA-1", "Phillips 2019",
                                            "SUSTAIN-1", "Shiroma 2014", "TRANSFORM-2"}));
  EXPECT_EQ(figures.front().percent, 53.6);
  EXPECT_EQ(figures.front().n, 537);
}

TEST(PublishedOutcomes, ABrokenFigureIsNamed) {
  const std::string figure =
      R"({"study": "X", "citation": "c", "url": "u", "read_at": "blog", "design": "d", "n": null,
          "intervention": "i", "instrument": "phq9", "measure": "response", "definition": "d",
          "percent": 50})";
  try {
    parse_published_outcomes(R"({"figures": [)" + figure + "]}");
    FAIL() << "accepted";
  } catch (const DefinitionError& error) {
    EXPECT_STREQ(error.what(), "/figures/0/read_at: must be \"source\" or \"secondary\"");
  }
}

}  // namespace
}  // namespace plasticity
