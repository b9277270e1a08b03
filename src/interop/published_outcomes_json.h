// The published outcome figures the clinic's report shows beside its own (never mixed into them),
// from src/outcomes/definitions/published_outcomes.json (beside the program as outcomes/; a
// clinic's DATA/outcomes/published_outcomes.json replaces it). Every figure carries its citation.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "interop/json_fields.h"

namespace plasticity {

struct PublishedFigure {
  std::string study, citation, url;
  std::string read_at;  // "source" (the paper, PubMed or PMC) or "secondary" (a page citing it)
  std::string design;
  std::optional<int> n;  // the patients behind the figure, where the paper states it
  std::string intervention, instrument, measure, definition;
  double percent = 0;
};

// Throws DefinitionError naming the field ("/figures/3/percent: ...").
std::vector<PublishedFigure> parse_published_outcomes(const std::string& json_text);
std::vector<PublishedFigure> load_published_outcomes(
    const std::vector<std::filesystem::path>& directories);

}  // namespace plasticity
