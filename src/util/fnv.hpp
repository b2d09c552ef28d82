#pragma once

#include <cstdint>
#include <string_view>

namespace drill {

/// The 64-bit FNV-1a digest of `bytes`: a cheap, stable fingerprint for
/// telling contents apart (not for security).
inline std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

} // namespace drill
