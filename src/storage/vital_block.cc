#include "storage/vital_block.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <tuple>

#include "storage/zstd_frame.h"

namespace plasticity {
namespace {

constexpr char kFormat = 1;
constexpr char kThousandths = 0;  // value = n / 1000, n a zigzag varint
constexpr char kRawDouble = 1;    // value = its 8 bytes, little-endian

[[noreturn]] void damaged(const std::string& why) {
  throw std::runtime_error("damaged vital-sign block: " + why);
}

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_signed(std::string& out, std::int64_t v) {
  put_varint(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}

class Reader {
 public:
  explicit Reader(const std::string& bytes) : bytes_(bytes) {}
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const auto b = static_cast<std::uint8_t>(byte());
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    damaged("a number runs too long");
  }
  std::int64_t signed_varint() {
    const std::uint64_t v = varint();
    return static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1));
  }
  char byte() {
    if (at_ >= bytes_.size()) damaged("it ends early");
    return bytes_[at_++];
  }
  std::string text(std::size_t size) {
    if (bytes_.size() - at_ < size) damaged("it ends early");
    std::string t = bytes_.substr(at_, size);
    at_ += size;
    return t;
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  const std::string& bytes_;
  std::size_t at_ = 0;
};

void put_value(std::string& out, double value) {
  const double scaled = value * 1000;
  if (std::isfinite(scaled) && std::fabs(scaled) < 9.0e15) {
    const auto n = static_cast<std::int64_t>(std::llround(scaled));
    if (static_cast<double>(n) / 1000 == value && !(value == 0 && std::signbit(value))) {
      out.push_back(kThousandths);
      put_signed(out, n);
      return;
    }
  }
  out.push_back(kRawDouble);
  const auto bits = std::bit_cast<std::uint64_t>(value);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
}

double read_value(Reader& in) {
  const char tag = in.byte();
  if (tag == kThousandths) return static_cast<double>(in.signed_varint()) / 1000;
  if (tag != kRawDouble) damaged("unknown value tag");
  std::uint64_t bits = 0;
  for (int i = 0; i < 8; ++i)
    bits |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(in.byte())) << (8 * i);
  return std::bit_cast<double>(bits);
}

}  // namespace

void sort_for_block(std::vector<VitalReading>& readings) {
  std::sort(readings.begin(), readings.end(), [](const VitalReading& a, const VitalReading& b) {
    return std::tuple(a.measured_at.epoch_ms, to_string(a.kind), std::string_view(a.device_id)) <
           std::tuple(b.measured_at.epoch_ms, to_string(b.kind), std::string_view(b.device_id));
  });
}

std::string encode_vital_block(std::vector<VitalReading> readings) {
  sort_for_block(readings);
  std::map<std::string, std::uint64_t> devices;
  for (const auto& r : readings) devices.try_emplace(r.device_id, devices.size());
  std::string raw(1, kFormat);
  put_varint(raw, devices.size());
  std::vector<const std::string*> names(devices.size());
  for (const auto& [name, index] : devices) names[index] = &name;
  for (const auto* name : names) {
    put_varint(raw, name->size());
    raw += *name;
  }
  put_varint(raw, readings.size());
  std::int64_t previous = 0;
  for (const auto& r : readings) {
    put_varint(raw, devices.at(r.device_id));
    raw.push_back(static_cast<char>(r.kind));
    put_signed(raw, r.measured_at.epoch_ms - previous);
    put_signed(raw, r.received_at.epoch_ms - r.measured_at.epoch_ms);
    put_value(raw, r.value);
    previous = r.measured_at.epoch_ms;
  }
  return zstd_compress(raw);
}

std::vector<VitalReading> decode_vital_block(const std::string& block) {
  std::string raw;
  try {
    raw = zstd_decompress(block, std::size_t{1} << 31);
  } catch (const std::runtime_error& error) {
    damaged(error.what());
  }
  Reader in{raw};
  if (in.byte() != kFormat) damaged("unknown format");
  std::vector<std::string> devices(in.varint());
  for (auto& name : devices) name = in.text(in.varint());
  const std::uint64_t count = in.varint();
  std::vector<VitalReading> readings;
  readings.reserve(count);
  std::int64_t at = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    VitalReading r;
    const std::uint64_t device = in.varint();
    if (device >= devices.size()) damaged("a reading names no device");
    r.device_id = devices[device];
    const auto kind = static_cast<std::uint8_t>(in.byte());
    if (kind > static_cast<std::uint8_t>(VitalKind::etco2)) damaged("unknown kind");
    r.kind = static_cast<VitalKind>(kind);
    at += in.signed_varint();
    r.measured_at = UtcTime{at};
    r.received_at = UtcTime{at + in.signed_varint()};
    r.value = read_value(in);
    readings.push_back(std::move(r));
  }
  if (!in.done()) damaged("bytes after the last reading");
  return readings;
}

}  // namespace plasticity
