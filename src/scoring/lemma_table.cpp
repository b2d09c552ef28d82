#include "scoring/lemma_table.hpp"

#include "util/crc32c.hpp"

#include <algorithm>
#include <cstring>

namespace drill {

namespace {

constexpr std::size_t k_header = 16 + 8;
constexpr std::size_t k_entry = 12;

std::uint32_t load32(const char *p) {
  unsigned char b[4];
  std::memcpy(b, p, 4);
  return static_cast<std::uint32_t>(b[0]) | static_cast<std::uint32_t>(b[1]) << 8 |
         static_cast<std::uint32_t>(b[2]) << 16 | static_cast<std::uint32_t>(b[3]) << 24;
}

void store32(std::string &out, std::uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8)
    out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

} // namespace

LemmaTable::LemmaTable(std::string_view encoded) {
  if (encoded.size() < k_header || encoded.substr(0, k_magic.size()) != k_magic) return;
  const std::uint32_t count = load32(encoded.data() + 16);
  const std::uint32_t crc = load32(encoded.data() + 20);
  const std::string_view body = encoded.substr(k_header);
  if (crc32c(body) != crc || body.size() / k_entry < count) return;
  const std::size_t text_start = k_header + std::size_t{count} * k_entry;
  // Every entry must point inside the text, so that a lookup never reads
  // past the mapping whatever the file holds.
  for (std::size_t i = 0; i < count; ++i) {
    const char *e = encoded.data() + k_header + i * k_entry;
    const std::size_t form = load32(e), word = load32(e + 4);
    const auto form_len = static_cast<unsigned char>(e[8]), word_len = static_cast<unsigned char>(e[9]);
    if (form < text_start || word < text_start || form + form_len > encoded.size() || word + word_len > encoded.size())
      return;
  }
  data_ = encoded;
  count_ = count;
}

std::string_view LemmaTable::entry_text(std::size_t i, bool word) const {
  const char *e = data_.data() + k_header + i * k_entry;
  return data_.substr(load32(e + (word ? 4 : 0)), static_cast<unsigned char>(e[word ? 9 : 8]));
}

std::string_view LemmaTable::lemma_of(std::string_view form) const {
  std::size_t lo = 0, hi = count_;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const std::string_view here = entry_text(mid, false);
    if (here == form) return entry_text(mid, true);
    if (here < form)
      lo = mid + 1;
    else
      hi = mid;
  }
  return {};
}

std::string LemmaTable::encode(std::vector<std::pair<std::string, std::string>> entries) {
  // Stable, so the first of two entries for one form is the one kept.
  std::stable_sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
  entries.erase(
      std::unique(entries.begin(), entries.end(), [](const auto &a, const auto &b) { return a.first == b.first; }),
      entries.end());
  entries.erase(std::remove_if(entries.begin(), entries.end(),
                               [](const auto &e) {
                                 return e.first.empty() || e.second.empty() || e.first.size() > 255 ||
                                        e.second.size() > 255;
                               }),
                entries.end());
  std::string text;
  std::string body;
  const std::size_t text_start = k_header + entries.size() * k_entry;
  for (const auto &[form, word] : entries) {
    store32(body, static_cast<std::uint32_t>(text_start + text.size()));
    text += form;
    store32(body, static_cast<std::uint32_t>(text_start + text.size()));
    text += word;
    body.push_back(static_cast<char>(form.size()));
    body.push_back(static_cast<char>(word.size()));
    body.append(2, '\0');
  }
  body += text;
  std::string out(k_magic);
  store32(out, static_cast<std::uint32_t>(entries.size()));
  store32(out, crc32c(body));
  return out + body;
}

} // namespace drill
