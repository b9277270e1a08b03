// Reading definition files (instruments, protocols): typed field access that names the field when
// the file is wrong, and the directory walk shared by every catalog (shipped definitions first,
// then a clinic's own files with the same id replacing them whole).
//
//   const std::string name = json_fields::text(json, "name", "");   // "/name: is required"
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace plasticity {

class DefinitionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace json_fields {

using Json = nlohmann::json;

[[noreturn]] void fail(const std::string& path, const std::string& rule);

// Parses JSON text from outside (a definition file, the PK input, a request body), or throws
// DefinitionError naming the byte where it breaks: "not valid JSON (at byte 12; text must be
// UTF-8)", or "a number at byte 12 is outside the range of a double" (nlohmann reports that as
// out_of_range with the number's own text, up to a MiB of digits, and no position). The message
// never repeats the input.
Json parse_text(std::string_view json_text);
std::string text(const Json& object, const std::string& key, const std::string& path,
                 bool required = true);
int integer(const Json& object, const std::string& key, const std::string& path);
double number(const Json& object, const std::string& key, const std::string& path);
bool boolean(const Json& object, const std::string& key, const std::string& path);
// A missing list is empty; a present value must be a list.
const Json& list(const Json& object, const std::string& key, const std::string& path);
std::vector<std::string> strings(const Json& object, const std::string& key,
                                 const std::string& path);

// Calls `read(path, content)` for every *.json in each directory in turn, files in name order;
// missing directories are skipped. A DefinitionError from `read` is rethrown naming the file.
void for_each_definition_file(
    const std::vector<std::filesystem::path>& directories,
    const std::function<void(const std::filesystem::path&, const std::string&)>& read);

// Calls `read(content)` for each file called `name` in `directories` in turn, so the last one (a
// clinic's own folder after the shipped one) wins; throws DefinitionError when none has it.
void load_named(const std::vector<std::filesystem::path>& directories, const std::string& name,
                const std::function<void(const std::string&)>& read);

}  // namespace json_fields
}  // namespace plasticity
