// CSV as spreadsheets read it (RFC 4180): a cell quoted when it holds a comma, a quote or a line
// break; lists joined with ';', objects as "name=value;...".
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace plasticity {

std::string csv_cell(const nlohmann::ordered_json& value);
// One line (with its "\n") of the named cells of `row`, in the order of `columns`.
std::string csv_line(const std::vector<std::string>& columns, const nlohmann::ordered_json& row);
std::string csv_header(const std::vector<std::string>& columns);

}  // namespace plasticity
