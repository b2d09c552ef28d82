#include "history/answer_record.hpp"

#include "util/error.hpp"
#include "util/paths.hpp"
#include "util/suggest.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace drill {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string string_field(const json &j, const char *key, bool required) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) throw Error(ExitStatus::data, fmt::format("missing \"{}\"", key));
    return {};
  }
  if (!it->is_string()) throw Error(ExitStatus::data, fmt::format("\"{}\" must be a string", key));
  return it->get<std::string>();
}

} // namespace

void create_private_dir(const fs::path &dir) {
  if (dir.empty()) return;
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return;
  fs::path parent = dir.parent_path();
  if (!parent.empty() && parent != dir) create_private_dir(parent);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw Error(ExitStatus::io, fmt::format("{}: cannot create the directory: {}", dir.string(), std::strerror(errno)));
}

std::string question_hash(const Question &q) {
  std::string text = dump_line(to_json(q));
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", h);
}

std::string dump_line(const json &j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json to_json(const AnswerRecord &a) {
  return json{{"session_id", a.session_id},
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
}

AnswerRecord answer_from_json(const json &j) {
  static const std::vector<std::string> keys = {"session_id", "mode",           "question_id", "question_hash",
                                                "role",       "category",       "difficulty",  "topics",
                                                "answered_at_ms", "elapsed_s", "time_limit_s", "score",
                                                "breakdown",  "answer"};
  if (!j.is_object()) throw Error(ExitStatus::data, "expected a JSON object");
  for (const auto &[key, value] : j.items())
    if (std::find(keys.begin(), keys.end(), key) == keys.end())
      throw Error(ExitStatus::data, fmt::format("unknown key \"{}\"{}", key, did_you_mean_suffix(key, keys)));
  AnswerRecord a;
  a.session_id = string_field(j, "session_id", true);
  a.question_id = string_field(j, "question_id", true);
  if (a.session_id.empty() || a.question_id.empty())
    throw Error(ExitStatus::data, "\"session_id\" and \"question_id\" must not be empty");
  a.mode = string_field(j, "mode", false);
  a.question_hash = string_field(j, "question_hash", false);
  a.role = string_field(j, "role", false);
  a.category = string_field(j, "category", false);
  a.difficulty = string_field(j, "difficulty", false);
  a.answer = string_field(j, "answer", false);
  if (auto it = j.find("topics"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) throw Error(ExitStatus::data, "\"topics\" must be an array of strings");
    for (const auto &t : *it) {
      if (!t.is_string()) throw Error(ExitStatus::data, "\"topics\" must be an array of strings");
      a.topics.push_back(t.get<std::string>());
    }
  }
  auto at = j.find("answered_at_ms");
  if (at == j.end() || !at->is_number_integer())
    throw Error(ExitStatus::data, "\"answered_at_ms\" must be a whole number of milliseconds");
  a.answered_at_ms = at->get<std::int64_t>();
  auto score = j.find("score");
  if (score == j.end() || !score->is_number() || score->get<double>() < 0 || score->get<double>() > 100)
    throw Error(ExitStatus::data, "\"score\" must be a number from 0 to 100");
  a.score = score->get<double>();
  if (auto it = j.find("elapsed_s"); it != j.end() && !it->is_null()) {
    if (!it->is_number() || it->get<double>() < 0)
      throw Error(ExitStatus::data, "\"elapsed_s\" must be a number of seconds, or null");
    a.elapsed_s = it->get<double>();
  }
  if (auto it = j.find("time_limit_s"); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 1'000'000)
      throw Error(ExitStatus::data, "\"time_limit_s\" must be a whole number of seconds");
    a.time_limit_s = it->get<int>();
  }
  if (auto it = j.find("breakdown"); it != j.end()) a.breakdown = *it;
  return a;
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
