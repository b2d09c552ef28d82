#pragma once

#include <filesystem>
#include <string_view>

namespace drill {

/// A file mapped rather than read: the pages come straight from the page
/// cache, with no copy and no heap to fault in. Empty when the path is not a
/// regular, non-empty file that can be mapped (a FIFO is never opened for
/// long enough to block). Files mapped this way are only ever replaced by
/// rename, never truncated in place, so a mapping cannot lose its pages
/// under a reader.
class MappedFile {
public:
  explicit MappedFile(const std::filesystem::path &path);
  ~MappedFile();
  MappedFile(const MappedFile &) = delete;
  MappedFile &operator=(const MappedFile &) = delete;
  [[nodiscard]] std::string_view text() const { return {static_cast<const char *>(data_), size_}; }

private:
  void *data_ = nullptr;
  std::size_t size_ = 0;
};

} // namespace drill
