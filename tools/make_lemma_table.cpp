// Compiles WordNet 3.0's exception lists (verb.exc, noun.exc, adj.exc,
// adv.exc: "wrote write", "indices index", "better good well") into the
// table drill maps at run time (scoring/lemma_table.hpp). Run by the build:
//   make_lemma_table OUT.bin verb.exc noun.exc adj.exc adv.exc
// Files earlier on the command line win when two list one form.
#include "scoring/lemma_table.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

// Forms whose everyday meaning in a technical answer is not the verb or
// noun WordNet folds them into: "a left join", "one bit", "the underlying
// table", "an upper bound", "an overlay network", "where the data lives".
constexpr std::string_view k_kept_as_written[] = {"bespoke", "bit",   "bound", "ground",     "lay",
                                                  "leaves",  "left",  "lives", "overlay",    "axes",
                                                  "lying",   "media", "saw",   "underlying", "wound"};

bool one_word(const std::string &w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 3) {
    std::cerr << "usage: make_lemma_table OUT.bin FILE.exc...\n";
    return 64; // EX_USAGE
  }
  std::vector<std::pair<std::string, std::string>> entries;
  for (int i = 2; i < argc; ++i) {
    std::ifstream in(argv[i]);
    if (!in) {
      std::cerr << "make_lemma_table: cannot read " << argv[i] << " (is wordnet-base installed?)\n";
      return 66; // EX_NOINPUT
    }
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
      ++number;
      std::istringstream fields(line);
      std::string form, word;
      if (!(fields >> form >> word)) {
        std::cerr << argv[i] << ":" << number << ": expected 'FORM WORD...'\n";
        return 65; // EX_DATAERR
      }
      // Multi-word and hyphenated entries ("back-pedalled") never reach the
      // table: drill's tokenizer splits them into words first.
      if (form == word || !one_word(form) || !one_word(word)) continue;
      if (std::find(std::begin(k_kept_as_written), std::end(k_kept_as_written), form) != std::end(k_kept_as_written))
        continue;
      entries.emplace_back(form, word);
    }
  }
  const std::string table = drill::LemmaTable::encode(std::move(entries));
  const std::filesystem::path out = argv[1];
  const std::filesystem::path temp = out.string() + ".tmp";
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    file.write(table.data(), static_cast<std::streamsize>(table.size()));
    if (!file.flush()) {
      std::cerr << "make_lemma_table: cannot write " << temp << "\n";
      return 73; // EX_CANTCREAT
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, out, ec);
  if (ec) {
    std::cerr << "make_lemma_table: cannot write " << out << ": " << ec.message() << "\n";
    return 73;
  }
  std::cout << "lemma table: " << drill::LemmaTable(table).size() << " forms -> " << out.string() << "\n";
  return 0;
}
