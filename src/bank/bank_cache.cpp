#include "bank/bank_cache.hpp"

#include "util/crc32c.hpp"
#include "util/mapped_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace drill {

namespace fs = std::filesystem;

// Start-up is mostly spent parsing and validating the bundled bank's JSON,
// which does not change between runs. A snapshot stores the validated
// questions as length-prefixed fields; reading one back is a copy per
// string. Its key names the drill version, the file, its size and its
// modification time, so any change to either means a fresh parse.

namespace {

// Version 3 added the checksums, version 4 the concepts' probes, version 5
// their problem flags, version 6 the reference answers. After the magic
// come the length of the main part (the key and the questions), its CRC-32C
// and the CRC-32C of the rest: the misconceptions and reference answers,
// which only grading reads. A command that skips them checks only the main
// part.
constexpr std::string_view k_magic = "drill-bank-snapshot 6\n";
constexpr std::size_t k_header = 12;

class Writer {
public:
  void u32(std::uint32_t v) { out.append(reinterpret_cast<const char *>(&v), sizeof v); }
  void f64(double v) { out.append(reinterpret_cast<const char *>(&v), sizeof v); }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out.append(s);
  }
  void strs(const std::vector<std::string> &v) {
    u32(static_cast<std::uint32_t>(v.size()));
    for (const auto &s : v)
      str(s);
  }
  std::string out;
};

// Every read is bounds-checked: a damaged snapshot fails, never crashes.
class Reader {
public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool ok = true;

  std::uint32_t u32() {
    std::uint32_t v = 0;
    take(&v, sizeof v);
    return v;
  }
  double f64() {
    double v = 0;
    take(&v, sizeof v);
    return v;
  }
  std::string str() {
    std::uint32_t n = u32();
    if (!ok || n > data_.size() - pos_) return fail(), std::string();
    std::string s(data_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::vector<std::string> strs() {
    std::uint32_t n = u32();
    std::vector<std::string> v;
    if (!ok || n > data_.size() - pos_) return fail(), v;
    v.reserve(n);
    for (std::uint32_t i = 0; i < n && ok; ++i)
      v.push_back(str());
    return v;
  }
  // Passes over what strs() would read, without copying it.
  void skip_strs() {
    std::uint32_t n = u32();
    if (!ok || n > data_.size() - pos_) return fail();
    for (std::uint32_t i = 0; i < n && ok; ++i) {
      std::uint32_t len = u32();
      if (!ok || len > data_.size() - pos_) return fail();
      pos_ += len;
    }
  }
  [[nodiscard]] bool at_end() const { return pos_ == data_.size(); }

private:
  void fail() { ok = false; }
  void take(void *to, std::size_t n) {
    if (!ok || n > data_.size() - pos_) return fail();
    std::memcpy(to, data_.data() + pos_, n);
    pos_ += n;
  }
  std::string_view data_;
  std::size_t pos_ = 0;
};

std::string snapshot_key(const fs::path &file) {
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  if (ec) return {};
  auto mtime = fs::last_write_time(file, ec);
  if (ec) return {};
  return fmt::format("drill {}\n{}\n{}\n{}\n", DRILL_VERSION, fs::absolute(file, ec).string(), size,
                     mtime.time_since_epoch().count());
}

fs::path snapshot_path(const fs::path &cache_dir, const std::string &key) {
  std::uint64_t h = 1469598103934665603ULL; // FNV-1a of the key
  for (char c : key)
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return cache_dir / "banks" / fmt::format("{:016x}.bin", h);
}

// Creates `dir` and whichever of its parents are missing, 0700 whatever the
// umask. Directories that exist are left as they are: they are the user's
// (a home, /tmp), not drill's.
bool create_missing_dirs(const fs::path &dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) return S_ISDIR(st.st_mode);
  fs::path parent = dir.parent_path();
  if (!parent.empty() && parent != dir && !create_missing_dirs(parent)) return false;
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return false;
  return true;
}

// Makes the snapshot folder exist, 0700, and tightens it (itself only) if
// an older drill left it open.
bool make_private_dir(const fs::path &dir) {
  if (!create_missing_dirs(dir)) return false;
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return false;
  if ((st.st_mode & 0777) != 0700 && st.st_uid == ::geteuid()) ::chmod(dir.c_str(), 0700);
  return true;
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void write_snapshot(const fs::path &path, const std::string &data) {
  std::error_code ec;
  if (!make_private_dir(path.parent_path())) return;
  fs::path temp = path;
  temp += fmt::format(".{}.tmp", static_cast<unsigned long>(::getpid()));
  {
    // 0600 from the start, and again after, since the umask may take bits away but never add them.
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return;
    bool ok = ::fchmod(fd, 0600) == 0 && write_all(fd, data);
    ok = ::close(fd) == 0 && ok;
    if (!ok) {
      fs::remove(temp, ec);
      return;
    }
  }
  fs::rename(temp, path, ec); // atomic: a reader sees the old snapshot or the new one
  if (ec) fs::remove(temp, ec);
}

} // namespace

std::string encode_questions(const std::vector<Question> &questions, const std::string &key) {
  Writer w;
  w.str(key);
  w.u32(static_cast<std::uint32_t>(questions.size()));
  for (const auto &q : questions) {
    w.str(q.id);
    w.str(q.prompt);
    w.u32(static_cast<std::uint32_t>(q.category));
    w.u32(static_cast<std::uint32_t>(q.difficulty));
    w.strs(q.roles);
    w.strs(q.topics);
    w.u32(static_cast<std::uint32_t>(q.time_limit_s));
    w.u32(q.star ? 1 : 0);
    w.u32(static_cast<std::uint32_t>(q.concepts.size()));
    for (const auto &c : q.concepts) {
      w.str(c.name);
      w.strs(c.any);
      w.f64(c.weight);
      w.str(c.probe);
      w.u32(c.problem ? 1 : 0);
    }
    w.str(q.model_answer);
    w.strs(q.tips);
    w.strs(q.follow_ups);
    w.str(q.source);
    w.u32(static_cast<std::uint32_t>(q.source_index));
  }
  // Misconceptions last, so that a command that never grades stops before
  // them (most of the snapshot's strings, and nothing it needs).
  const std::size_t main = w.out.size();
  for (const auto &q : questions) {
    w.u32(static_cast<std::uint32_t>(q.misconceptions.size()));
    for (const auto &m : q.misconceptions) {
      w.str(m.claim);
      w.strs(m.any);
      w.str(m.correction);
      w.f64(m.weight);
    }
    w.strs(q.references);
  }
  Writer head;
  head.out.append(k_magic);
  head.u32(static_cast<std::uint32_t>(main));
  head.u32(crc32c(std::string_view(w.out).substr(0, main)));
  head.u32(crc32c(std::string_view(w.out).substr(main)));
  return head.out + w.out;
}

std::optional<std::vector<Question>> decode_questions(std::string_view data, const std::string &key,
                                                      BankContents contents) {
  if (data.size() < k_magic.size() + k_header || data.substr(0, k_magic.size()) != k_magic) return std::nullopt;
  Reader head(data.substr(k_magic.size(), k_header));
  const std::uint32_t main_size = head.u32(), main_crc = head.u32(), rest_crc = head.u32();
  data.remove_prefix(k_magic.size() + k_header);
  if (main_size > data.size()) return std::nullopt;
  // A damaged snapshot (a flipped bit, a torn page) fails here and the bank
  // is read from its JSON again; the checks below only keep a snapshot that
  // passes from making drill misbehave.
  const std::string_view rest = data.substr(main_size);
  data = data.substr(0, main_size);
  if (crc32c(data) != main_crc) return std::nullopt;
  if (contents == BankContents::all && crc32c(rest) != rest_crc) return std::nullopt;
  Reader r(data);
  if (r.str() != key || !r.ok) return std::nullopt;
  std::uint32_t n = r.u32();
  std::vector<Question> out;
  if (!r.ok || n > data.size()) return std::nullopt;
  out.reserve(n);
  for (std::uint32_t i = 0; i < n && r.ok; ++i) {
    Question q;
    q.id = r.str();
    q.prompt = r.str();
    std::uint32_t category = r.u32(), difficulty = r.u32();
    if (category > static_cast<std::uint32_t>(Category::system_design) ||
        difficulty > static_cast<std::uint32_t>(Difficulty::advanced))
      return std::nullopt;
    q.category = static_cast<Category>(category);
    q.difficulty = static_cast<Difficulty>(difficulty);
    q.roles = r.strs();
    q.topics = r.strs();
    q.time_limit_s = static_cast<int>(r.u32());
    q.star = r.u32() != 0;
    std::uint32_t concepts = r.u32();
    if (!r.ok || concepts > data.size()) return std::nullopt;
    for (std::uint32_t k = 0; k < concepts && r.ok; ++k) {
      Concept c;
      c.name = r.str();
      if (contents == BankContents::outline)
        r.skip_strs();
      else
        c.any = r.strs();
      c.weight = r.f64();
      c.probe = r.str();
      c.problem = r.u32() != 0;
      q.concepts.push_back(std::move(c));
    }
    q.model_answer = r.str();
    q.tips = r.strs();
    q.follow_ups = r.strs();
    q.source = r.str();
    q.source_index = r.u32();
    out.push_back(std::move(q));
  }
  if (!r.ok || !r.at_end()) return std::nullopt;
  if (contents != BankContents::all) return out;
  r = Reader(rest);
  for (auto &q : out) {
    std::uint32_t misconceptions = r.u32();
    if (!r.ok || misconceptions > rest.size()) return std::nullopt;
    for (std::uint32_t k = 0; k < misconceptions && r.ok; ++k) {
      Misconception m;
      m.claim = r.str();
      m.any = r.strs();
      m.correction = r.str();
      m.weight = r.f64();
      q.misconceptions.push_back(std::move(m));
    }
    q.references = r.strs();
  }
  if (!r.ok || !r.at_end()) return std::nullopt;
  return out;
}

void load_bank_file_cached(const fs::path &file, const fs::path &cache_dir, Bank &bank,
                           std::vector<Diagnostic> &problems, BankContents contents) {
  const std::string key = snapshot_key(file);
  if (key.empty()) return load_bank_file(file, bank, problems); // let it say why the file cannot be read
  const fs::path snapshot = snapshot_path(cache_dir, key);
  const MappedFile data(snapshot);
  if (auto questions = decode_questions(data.text(), key, contents)) {
    // An id clash with an earlier file needs the JSON to say where: parse it.
    bool clash = false;
    for (const auto &q : *questions)
      clash = clash || bank.find(q.id) != nullptr;
    if (!clash) {
      for (auto &q : *questions) {
        q.source = file.string();
        bank.add(std::move(q));
      }
      return;
    }
  }
  Bank own;
  std::vector<Diagnostic> own_problems;
  load_bank_file(file, own, own_problems);
  if (own_problems.empty()) {
    write_snapshot(snapshot, encode_questions(own.questions(), key));
    bool clash = false;
    for (const auto &q : own.questions())
      clash = clash || bank.find(q.id) != nullptr;
    if (!clash) return bank.merge(std::move(own));
  }
  // Problems, or a clash with an earlier file: load into the bank itself so
  // that every message is exactly what load_bank_file says.
  load_bank_file(file, bank, problems);
}

} // namespace drill
