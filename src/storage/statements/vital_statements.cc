#include "storage/statements/vital_statements.h"

#include <bit>

namespace plasticity::statements {

namespace {

std::string readings_sql(std::size_t rows) {
  std::string sql =
      "INSERT INTO vital_readings (session_id, device_id, kind, measured_at, value, received_at) "
      "VALUES (?, ?, ?, ?, ?, ?)";
  for (std::size_t i = 1; i < rows; ++i) sql += ", (?, ?, ?, ?, ?, ?)";
  return sql + " ON CONFLICT DO NOTHING RETURNING device_id, kind, value, measured_at, received_at";
}

}  // namespace

const std::string& insert_readings_sql(std::size_t rows) {
  // One text for each power of two up to kReadingsPerInsert, made once.
  static const auto texts = [] {
    std::vector<std::string> made;
    for (std::size_t n = 1; n <= kReadingsPerInsert; n *= 2) made.push_back(readings_sql(n));
    return made;
  }();
  return texts.at(static_cast<std::size_t>(std::countr_zero(rows)));
}

bool same_reading(const VitalReading& a, const VitalReading& b) {
  return a.device_id == b.device_id && a.kind == b.kind && a.measured_at == b.measured_at &&
         a.received_at == b.received_at &&
         std::bit_cast<std::uint64_t>(a.value) == std::bit_cast<std::uint64_t>(b.value);
}

}  // namespace plasticity::statements
