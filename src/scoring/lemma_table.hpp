#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace drill {

/// Irregular word forms and the word they are a form of: "wrote" and
/// "written" of "write", "led" of "lead", "indices" of "index". Snowball's
/// stemmer only strips regular endings, so without this "I led the
/// migration" never meets a phrasing that says "lead". The forms come from
/// WordNet 3.0's exception lists, compiled at build time
/// (tools/make_lemma_table.cpp) into a sorted table that is installed beside
/// the banks and memory-mapped the first time a word is stemmed.
///
/// The file: the 16 bytes of k_magic; the entry count and the CRC-32C of
/// everything after this header, as little-endian 32-bit numbers; then one
/// 12-byte entry per form, sorted by form (offset of the form, offset of its
/// word, their two lengths, two bytes of padding), then the text they point
/// into. A table that fails any check reads as empty.
class LemmaTable {
public:
  static constexpr std::string_view k_magic{"drill-lemmas 1\n\0", 16};

  LemmaTable() = default;
  /// A view of an encoded table; it must outlive this object.
  explicit LemmaTable(std::string_view encoded);

  /// The installed table, found and mapped on the first call; empty when
  /// there is none or it is damaged (see lemma_table_file()).
  static const LemmaTable &installed();

  /// The word `form` is a form of, or "" when it is not an irregular form.
  [[nodiscard]] std::string_view lemma_of(std::string_view form) const;
  [[nodiscard]] std::size_t size() const { return count_; }

  /// Encodes (form, word) pairs; later duplicates of a form are dropped.
  static std::string encode(std::vector<std::pair<std::string, std::string>> entries);

private:
  std::string_view entry_text(std::size_t i, bool word) const;

  std::string_view data_;
  std::size_t count_ = 0;
};

} // namespace drill
