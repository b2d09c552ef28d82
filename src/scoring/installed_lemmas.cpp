// The installed lemma table, apart from the format (lemma_table.cpp) so that
// the build-time tool that writes tables links neither paths nor mappings.
#include "scoring/lemma_table.hpp"

#include "util/mapped_file.hpp"
#include "util/paths.hpp"

namespace drill {

const LemmaTable &LemmaTable::installed() {
  static const MappedFile file(lemma_table_file());
  static const LemmaTable table(file.text());
  return table;
}

} // namespace drill
