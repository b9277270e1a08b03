#include "interop/csv_text.h"

namespace plasticity {

std::string csv_cell(const nlohmann::ordered_json& value) {
  if (value.is_null()) return "";
  std::string text;
  if (value.is_array()) {
    for (const auto& item : value)
      text +=
          (text.empty() ? "" : ";") + (item.is_string() ? item.get<std::string>() : item.dump());
  } else if (value.is_object()) {
    for (const auto& [name, item] : value.items()) {
      text += (text.empty() ? "" : ";") + name + "=" +
              (item.is_string() ? item.get<std::string>() : item.dump());
    }
  } else {
    text = value.is_string() ? value.get<std::string>() : value.dump();
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string csv_line(const std::vector<std::string>& columns, const nlohmann::ordered_json& row) {
  std::string line;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto it = row.find(columns[i]);
    line += (i ? "," : "") + (it == row.end() ? std::string() : csv_cell(*it));
  }
  return line + "\n";
}

std::string csv_header(const std::vector<std::string>& columns) {
  std::string line;
  for (const auto& c : columns) line += (line.empty() ? "" : ",") + c;
  return line + "\n";
}

}  // namespace plasticity
