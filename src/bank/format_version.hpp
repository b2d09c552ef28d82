#pragma once

namespace drill {

/// The newest bank format this drill understands (docs/bank-format.md):
/// 2 added misconceptions and probes, 3 the concepts' problem flag.
inline constexpr int k_bank_format_version = 3;

} // namespace drill
