#include "interop/json_fields.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

namespace plasticity::json_fields {
namespace {

// nlohmann's DOM parser, told where parsing stopped and why.
class PositionedParser : public nlohmann::detail::json_sax_dom_parser<Json> {
 public:
  explicit PositionedParser(Json& out) : json_sax_dom_parser(out, false) {}
  template <class Exception>
  bool parse_error(std::size_t position, const std::string&, const Exception& error) {
    failed_at = position;
    out_of_range = error.id == 406;
    return false;
  }
  std::optional<std::size_t> failed_at;
  bool out_of_range = false;
};

}  // namespace

Json parse_text(std::string_view json_text) {
  Json out;
  PositionedParser parser(out);
  Json::sax_parse(json_text, &parser);
  if (!parser.failed_at) return out;
  const std::string where = "at byte " + std::to_string(*parser.failed_at);
  throw DefinitionError(parser.out_of_range
                            ? "a number " + where + " is outside the range of a double"
                            : "not valid JSON (" + where + "; text must be UTF-8)");
}

void fail(const std::string& path, const std::string& rule) {
  throw DefinitionError(path + ": " + rule);
}

std::string text(const Json& object, const std::string& key, const std::string& path,
                 bool required) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) fail(path + "/" + key, "is required");
    return "";
  }
  if (!it->is_string()) fail(path + "/" + key, "must be a string");
  return it->get<std::string>();
}

int integer(const Json& object, const std::string& key, const std::string& path) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) fail(path + "/" + key, "must be an integer");
  return it->get<int>();
}

double number(const Json& object, const std::string& key, const std::string& path) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) fail(path + "/" + key, "must be a number");
  return it->get<double>();
}

bool boolean(const Json& object, const std::string& key, const std::string& path) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_boolean()) fail(path + "/" + key, "must be true or false");
  return it->get<bool>();
}

const Json& list(const Json& object, const std::string& key, const std::string& path) {
  static const Json empty = Json::array();
  auto it = object.find(key);
  if (it == object.end()) return empty;
  if (!it->is_array()) fail(path + "/" + key, "must be a list");
  return *it;
}

std::vector<std::string> strings(const Json& object, const std::string& key,
                                 const std::string& path) {
  std::vector<std::string> values;
  const Json& items = list(object, key, path);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_string()) fail(path + "/" + key + "/" + std::to_string(i), "must be a string");
    values.push_back(items[i].get<std::string>());
  }
  return values;
}

void for_each_definition_file(
    const std::vector<std::filesystem::path>& directories,
    const std::function<void(const std::filesystem::path&, const std::string&)>& read) {
  for (const auto& directory : directories) {
    if (!std::filesystem::is_directory(directory)) continue;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::ifstream in(file);
      std::stringstream content;
      content << in.rdbuf();
      try {
        read(file, content.str());
      } catch (const DefinitionError& error) {
        throw DefinitionError(file.string() + ": " + error.what());
      } catch (const nlohmann::json::exception& error) {
        throw DefinitionError(file.string() + ": " + error.what());
      }
    }
  }
}

void load_named(const std::vector<std::filesystem::path>& directories, const std::string& name,
                const std::function<void(const std::string&)>& read) {
  bool found = false;
  for_each_definition_file(directories,
                           [&](const std::filesystem::path& file, const std::string& content) {
                             if (file.filename() != name) return;
                             read(content);
                             found = true;
                           });
  if (!found) throw DefinitionError("no " + name + " in the definition folders");
}

}  // namespace plasticity::json_fields
