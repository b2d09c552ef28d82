#pragma once

#include <cstdint>
#include <string_view>

namespace drill {

/// CRC-32C (Castagnoli, as in iSCSI and ext4) of `data`, continuing from
/// `crc` (0 to start). Uses the CPU's CRC32 instruction where there is one,
/// a table otherwise; both give the same value.
[[nodiscard]] std::uint32_t crc32c(std::string_view data, std::uint32_t crc = 0);

} // namespace drill
