#include "storage/statements/vital_statements.h"

#include <bit>

namespace plasticity::statements {

namespace {

// `rows` copies of `row` after `head`, then `tail`.
std::string multi_row(std::string_view head, std::string_view row, std::size_t rows,
                      std::string_view tail) {
  std::string sql{head};
  for (std::size_t i = 0; i < rows; ++i) (sql += i == 0 ? "" : ", ") += row;
  return sql += tail;
}

// One text for each power of two up to kRowsPerInsert, made once.
template <class Make>
const std::string& by_rows(std::size_t rows, Make make) {
  static const auto texts = [&] {
    std::vector<std::string> made;
    for (std::size_t n = 1; n <= kRowsPerInsert; n *= 2) made.push_back(make(n));
    return made;
  }();
  return texts.at(static_cast<std::size_t>(std::countr_zero(rows)));
}

}  // namespace

const std::string& insert_readings_sql(std::size_t rows) {
  return by_rows(rows, [](std::size_t n) {
    return multi_row(
        "INSERT INTO vital_readings (session_id, device_id, kind, measured_at, value, "
        "received_at) VALUES ",
        "(?, ?, ?, ?, ?, ?)", n,
        " ON CONFLICT DO NOTHING RETURNING session_id, device_id, kind, measured_at");
  });
}

const std::string& keep_latest_sql(std::size_t rows) {
  return by_rows(rows, [](std::size_t n) {
    return multi_row(
        "INSERT INTO session_latest_vitals (session_id, kind, device_id, measured_at, value, "
        "received_at) VALUES ",
        "(?, ?, ?, ?, ?, ?)", n,
        " ON CONFLICT (session_id, kind) DO UPDATE SET device_id = excluded.device_id, "
        "measured_at = excluded.measured_at, value = excluded.value, received_at = "
        "excluded.received_at WHERE excluded.measured_at >= session_latest_vitals.measured_at");
  });
}

std::string reading_key(std::string_view session_id, std::string_view device_id,
                        std::string_view kind, std::int64_t measured_at) {
  std::string key;
  key.reserve(session_id.size() + device_id.size() + kind.size() + 24);
  ((((key += session_id) += '\x1f') += device_id) += '\x1f') += kind;
  return (key += '\x1f') += std::to_string(measured_at);
}

bool same_reading(const VitalReading& a, const VitalReading& b) {
  return a.device_id == b.device_id && a.kind == b.kind && a.measured_at == b.measured_at &&
         a.received_at == b.received_at &&
         std::bit_cast<std::uint64_t>(a.value) == std::bit_cast<std::uint64_t>(b.value);
}

}  // namespace plasticity::statements
