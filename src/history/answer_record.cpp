#include "history/answer_record.hpp"

#include "util/error.hpp"
#include "util/fnv.hpp"
#include "util/paths.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace drill {

namespace fs = std::filesystem;
using nlohmann::json;

void create_private_dir(const fs::path &dir) {
  if (dir.empty()) return;
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return;
  fs::path parent = dir.parent_path();
  if (!parent.empty() && parent != dir) create_private_dir(parent);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw Error(ExitStatus::io, fmt::format("{}: cannot create the directory: {}", dir.string(), std::strerror(errno)));
}

std::string question_hash(const Question &q) { return fmt::format("{:016x}", fnv1a64(dump_line(to_json(q)))); }

std::string dump_line(const json &j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json to_json(const AnswerRecord &a) {
  json j{{"type", "answer"},
         {"session_id", a.session_id},
         {"mode", a.mode},
         {"question_id", a.question_id},
         {"question_hash", a.question_hash},
         {"role", a.role},
         {"category", a.category},
         {"difficulty", a.difficulty},
         {"topics", a.topics},
         {"answered_at_ms", a.answered_at_ms},
         {"elapsed_s", a.elapsed_s ? json(*a.elapsed_s) : json(nullptr)},
         {"time_limit_s", a.time_limit_s},
         {"score", a.score},
         {"breakdown", a.breakdown},
         {"answer", a.answer}};
  if (a.auto_score) {
    j["auto_score"] = *a.auto_score;
    j["auto_breakdown"] = a.auto_breakdown;
  }
  if (a.rating) j["rating"] = *a.rating;
  return j;
}

fs::path fallback_path() { return state_dir() / "unsaved-answers.jsonl"; }

void append_fallback(const AnswerRecord &a, const fs::path &file) {
  create_private_dir(file.parent_path());
  std::string line = dump_line(to_json(a)) + "\n";
  int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    throw Error(ExitStatus::io, fmt::format("{}: cannot save the answer: {}", file.string(), std::strerror(errno)));
  std::size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(fd, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int saved = errno;
      ::close(fd);
      throw Error(ExitStatus::io, fmt::format("{}: cannot save the answer: {}", file.string(), std::strerror(saved)));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0)
    throw Error(ExitStatus::io, fmt::format("{}: cannot save the answer: {}", file.string(), std::strerror(errno)));
}

std::vector<std::string> breakdown_concepts(const nlohmann::json &breakdown, const char *which) {
  std::vector<std::string> out;
  if (breakdown.is_object() && breakdown.contains("concepts") && breakdown["concepts"].is_object() &&
      breakdown["concepts"].contains(which) && breakdown["concepts"][which].is_array())
    for (const auto &n : breakdown["concepts"][which])
      if (n.is_string()) out.push_back(n.get<std::string>());
  return out;
}

} // namespace drill
