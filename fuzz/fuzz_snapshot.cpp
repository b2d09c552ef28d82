// Feeds bytes to the bank snapshot reader, the file every command maps from
// $XDG_CACHE_HOME/drill/banks at start-up. Raw bytes test the checksums and
// the header; the same bytes behind a header with the right checksums reach
// the field decoder itself, which must then fail cleanly or give questions
// that encode to a snapshot which reads back the same.

#include "fuzz_support.hpp"

#include "bank/bank_cache.hpp"
#include "util/crc32c.hpp"

using namespace drill;

namespace {

const std::string k_key = "fuzz key\n";

void append_u32(std::string &out, std::uint32_t v) { out.append(reinterpret_cast<const char *>(&v), sizeof v); }

// `body` framed as a version-3 snapshot whose checksums hold: a key, then
// the bytes, split at `cut` into the main part and the misconceptions.
std::string framed(std::string_view body, std::size_t cut) {
  std::string main;
  append_u32(main, static_cast<std::uint32_t>(k_key.size()));
  main += k_key;
  main += body.substr(0, cut);
  std::string_view rest = body.substr(cut);
  std::string out = "drill-bank-snapshot 3\n";
  append_u32(out, static_cast<std::uint32_t>(main.size()));
  append_u32(out, crc32c(main));
  append_u32(out, crc32c(rest));
  return out + main + std::string(rest);
}

void check(std::string_view data) {
  for (auto contents : {BankContents::all, BankContents::without_misconceptions}) {
    auto questions = decode_questions(data, k_key, contents);
    if (!questions) continue;
    // What decodes encodes to a snapshot that decodes to the same encoding
    // (the bytes themselves may differ: any nonzero STAR flag reads as 1).
    std::string again = encode_questions(*questions, k_key);
    auto back = decode_questions(again, k_key, BankContents::all);
    FUZZ_CHECK(back.has_value());
    FUZZ_CHECK(back->size() == questions->size());
    FUZZ_CHECK(encode_questions(*back, k_key) == again);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string_view text = fuzz::as_text(data, size);
  check(text);
  if (!text.empty()) check(framed(text.substr(1), static_cast<unsigned char>(text[0]) * text.size() / 256));
  return 0;
}
