// A finished session's vital signs sealed into one compact block: the readings sorted, their
// devices named once, times and values delta- and varint-encoded, the whole compressed with zstd
// (Debian's libzstd) whose frame carries a checksum of the content. Lossless: every value and time
// comes back bit for bit (a value that is not a whole number of thousandths is kept as its 8
// bytes), and decoding a damaged block throws instead of guessing. Engine-neutral: SQLite and
// PostgreSQL store the same bytes.
//
//   std::string block = encode_vital_block(readings);      // about 2-4 bytes a reading
//   std::vector<VitalReading> back = decode_vital_block(block);   // sorted by time, kind, device
#pragma once

#include <string>
#include <vector>

#include "monitoring/vital_sign.h"

namespace plasticity {

// The readings in their block's order: by measurement time, then kind (by name), then device.
void sort_for_block(std::vector<VitalReading>& readings);

std::string encode_vital_block(std::vector<VitalReading> readings);

// Throws std::runtime_error("damaged vital-sign block: ...") when the block is not one this
// build wrote whole.
std::vector<VitalReading> decode_vital_block(const std::string& block);

}  // namespace plasticity
