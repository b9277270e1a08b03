#include "interop/published_outcomes_json.h"

namespace plasticity {

using namespace json_fields;

std::vector<PublishedFigure> parse_published_outcomes(const std::string& json_text) {
  const Json json = parse_text(json_text);
  std::vector<PublishedFigure> figures;
  for (std::size_t i = 0; const Json& item : list(json, "figures", "")) {
    const std::string path = "/figures/" + std::to_string(i++);
    PublishedFigure f;
    f.study = text(item, "study", path);
    f.citation = text(item, "citation", path);
    f.url = text(item, "url", path);
    f.read_at = text(item, "read_at", path);
    if (f.read_at != "source" && f.read_at != "secondary") {
      fail(path + "/read_at", "must be \"source\" or \"secondary\"");
    }
    f.design = text(item, "design", path);
    if (!item.contains("n")) fail(path + "/n", "is required (null where the paper gives none)");
    if (!item["n"].is_null()) f.n = integer(item, "n", path);
    f.intervention = text(item, "intervention", path);
    f.instrument = text(item, "instrument", path);
    f.measure = text(item, "measure", path);
    f.definition = text(item, "definition", path);
    f.percent = number(item, "percent", path);
    if (f.percent < 0 || f.percent > 100) fail(path + "/percent", "must be from 0 to 100");
    figures.push_back(std::move(f));
  }
  return figures;
}

std::vector<PublishedFigure> load_published_outcomes(
    const std::vector<std::filesystem::path>& directories) {
  std::vector<PublishedFigure> figures;
  load_named(directories, "published_outcomes.json",
             [&](const std::string& content) { figures = parse_published_outcomes(content); });
  return figures;
}

}  // namespace plasticity
