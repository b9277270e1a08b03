#include "storage/postgresql/dialect.h"

#include <algorithm>
#include <cctype>

#include "storage/areas/common.h"

namespace plasticity::postgresql {
namespace {

constexpr int kLargestParameter = 32766;

// Copies a quoted run (a 'literal' or "identifier", the quote doubled inside it) and returns the
// position after its closing quote, or the end of the text when it never closes.
std::size_t copy_quoted(std::string_view sql, std::size_t start, std::string& out) {
  const char quote = sql[start];
  std::size_t i = start + 1;
  while (i < sql.size()) {
    if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        i += 2;
        continue;
      }
      ++i;
      break;
    }
    ++i;
  }
  out.append(sql.substr(start, i - start));
  return i;
}

std::size_t copy_through(std::string_view sql, std::size_t start, std::string_view terminator,
                         std::string& out) {
  const std::size_t found = sql.find(terminator, start);
  const std::size_t end = found == std::string_view::npos ? sql.size() : found + terminator.size();
  out.append(sql.substr(start, end - start));
  return end;
}

}  // namespace

NumberedStatement number_parameters(std::string_view sql) {
  NumberedStatement result;
  result.sql.reserve(sql.size() + 16);
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      i = copy_quoted(sql, i, result.sql);
    } else if (sql.substr(i, 2) == "--") {
      i = copy_through(sql, i, "\n", result.sql);
    } else if (sql.substr(i, 2) == "/*") {
      i = copy_through(sql, i, "*/", result.sql);
    } else if (c == '?') {
      std::size_t digits_end = i + 1;
      while (digits_end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[digits_end]))) {
        ++digits_end;
      }
      int number = result.parameter_count + 1;
      if (digits_end > i + 1) {
        const std::string_view digits = sql.substr(i + 1, digits_end - i - 1);
        number = digits.size() > 5 ? kLargestParameter + 1 : std::stoi(std::string(digits));
        if (number < 1 || number > kLargestParameter) {
          throw StoreError("SQL parameter ?" + std::string(digits) +
                           " is out of range: parameters are numbered 1 to 32766");
        }
      }
      result.parameter_count = std::max(result.parameter_count, number);
      auto& used = result.sqlite_numbers;
      const auto position = std::find(used.begin(), used.end(), number) - used.begin();
      if (position == static_cast<std::ptrdiff_t>(used.size())) used.push_back(number);
      result.sql += '$';
      result.sql += std::to_string(position + 1);
      i = digits_end;
    } else {
      result.sql += c;
      ++i;
    }
  }
  return result;
}

}  // namespace plasticity::postgresql
