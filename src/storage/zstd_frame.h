// What the Store keeps compressed (sealed vital-sign blocks, bulk export files): one zstd frame
// (Debian's libzstd) that records its content's size and a checksum, so damage is found on reading.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace plasticity {

// zstd's default level: fast, and NDJSON or delta-encoded readings shrink several times.
inline constexpr int kZstdLevel = 3;

std::string zstd_compress(std::string_view content, int level = kZstdLevel);
// The content of one whole, intact frame of at most `max_size` bytes' content; throws
// std::runtime_error saying what is wrong otherwise.
std::string zstd_decompress(std::string_view frame, std::size_t max_size);

}  // namespace plasticity
