#include "history/record_line.hpp"

#include "bank/question.hpp"
#include "scoring/scorer.hpp"
#include "util/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace drill {

using nlohmann::json;

namespace {

// The longest id, name or phrasing a line may carry: far more than any bank
// or session writes, and short enough that a hostile file stays small in
// the database.
constexpr std::size_t k_max_name_bytes = 256;
// The longest an answer may have taken: a session left open for a month.
constexpr double k_max_elapsed_s = 31.0 * 24 * 3600;
// The session's bound on a time limit (--time-limit, and the bank's).
constexpr std::int64_t k_max_time_limit_s = 24 * 3600;

const std::vector<std::string> k_modes = {"interactive", "piped", "worksheet", "grade", "interview"};

json optional_number(const std::optional<double> &v) { return v ? json(*v) : json(nullptr); }

json key_json(const AnswerKey &k) {
  return {{"session_id", k.session_id}, {"question_id", k.question_id}, {"answered_at_ms", k.answered_at_ms}};
}

bool is_plain_key(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
}

bool is_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Reads the fields of one line and collects what is wrong with them, so
// that one report names every bad field of the line at once.
class Fields {
public:
  Fields(const json &j, std::vector<FieldProblem> &problems) : j_(j), problems_(problems) {}

  void bad(const std::string &field, std::string problem) { problems_.push_back({field, std::move(problem)}); }
  [[nodiscard]] bool ok() const { return problems_.size() == start_; }

  // A key that the line's type does not have is an error, with a suggestion.
  // A key that is not a plain name (empty, spaces, control characters) is
  // named as the JSON string it was, so the report shows what to look for.
  void unknown_keys(const std::vector<std::string> &keys) {
    for (const auto &[key, value] : j_.items())
      if (std::find(keys.begin(), keys.end(), key) == keys.end())
        bad(is_plain_key(key) ? key : json(key).dump(), fmt::format("unknown key{}", did_you_mean_suffix(key, keys)));
  }

  const json *find(const char *key) const {
    auto it = j_.find(key);
    return it == j_.end() || it->is_null() ? nullptr : &*it;
  }

  std::string text(const char *key, bool required, std::size_t max_bytes = k_max_name_bytes) {
    const json *v = find(key);
    if (v == nullptr) {
      if (required) bad(key, "missing");
      return {};
    }
    if (!v->is_string()) {
      bad(key, "must be a string");
      return {};
    }
    std::string s = v->get<std::string>();
    if (s.size() > max_bytes) {
      bad(key, fmt::format("longer than {} bytes", max_bytes));
      return {};
    }
    return s;
  }

  std::string id(const char *key) {
    std::string s = text(key, true);
    if (!s.empty() || find(key) != nullptr) {
      if (s.empty() && ok())
        bad(key, "must not be empty");
      else if (!s.empty() && !is_question_id(s))
        bad(key, fmt::format("'{}' is not an id: lower-case letters, digits, '.', '_' and '-', starting with a "
                             "letter or digit",
                             s));
    }
    return s;
  }

  std::string slug(const char *key, bool required) {
    std::string s = text(key, required);
    if (!s.empty() && !is_slug(s))
      bad(key, fmt::format("'{}' is not a name drill uses: lower-case letters, digits and '-'", s));
    return s;
  }

  std::string one_of(const char *key, const std::vector<std::string> &names) {
    std::string s = text(key, false);
    if (!s.empty() && std::find(names.begin(), names.end(), s) == names.end())
      bad(key, fmt::format("'{}' is not one of {}{}", s, join(names), did_you_mean_suffix(s, names)));
    return s;
  }

  std::int64_t time_ms(const char *key) {
    const json *v = find(key);
    if (v == nullptr) {
      bad(key, "missing");
      return 0;
    }
    return checked_time(key, *v);
  }

  std::optional<std::int64_t> optional_time_ms(const char *key) {
    const json *v = find(key);
    if (v == nullptr) return std::nullopt;
    return checked_time(key, *v);
  }

  std::int64_t whole(const char *key, std::int64_t low, std::int64_t high, bool required) {
    const json *v = find(key);
    if (v == nullptr) {
      if (required) bad(key, "missing");
      return low;
    }
    if (!v->is_number_integer() || (v->is_number_unsigned() && v->get<std::uint64_t>() > std::uint64_t(high)) ||
        v->get<std::int64_t>() < low || v->get<std::int64_t>() > high) {
      bad(key, fmt::format("must be a whole number from {} to {}", low, high));
      return low;
    }
    return v->get<std::int64_t>();
  }

  std::optional<double> number(const char *key, double low, double high, bool required) {
    const json *v = find(key);
    if (v == nullptr) {
      if (required) bad(key, "missing");
      return std::nullopt;
    }
    if (!v->is_number() || !std::isfinite(v->get<double>()) || v->get<double>() < low || v->get<double>() > high) {
      bad(key, fmt::format("must be a number from {} to {}", low, high));
      return std::nullopt;
    }
    return v->get<double>();
  }

  std::optional<double> score(const char *key, bool required) { return number(key, 0, 100, required); }

  // A breakdown is an object whose "concepts", when present, lists the
  // names hit and missed.
  json breakdown(const char *key, bool required) {
    const json *v = find(key);
    if (v == nullptr) {
      if (required) bad(key, "missing");
      return json::object();
    }
    if (!v->is_object()) {
      bad(key, "must be an object ({\"concepts\": {\"hit\": [...], \"missed\": [...]}, \"star\": ...})");
      return json::object();
    }
    if (auto c = v->find("concepts"); c != v->end() && !c->is_null()) {
      bool good = c->is_object();
      for (const char *which : {"hit", "missed"})
        if (good && c->contains(which)) {
          const json &list = (*c)[which];
          good = list.is_array() && std::all_of(list.begin(), list.end(), [](const json &n) { return n.is_string(); });
        }
      if (!good) bad(key, "\"concepts\" must hold \"hit\" and \"missed\" lists of names");
    }
    return *v;
  }

  std::vector<std::string> slugs(const char *key) {
    std::vector<std::string> out;
    const json *v = find(key);
    if (v == nullptr) return out;
    if (!v->is_array()) {
      bad(key, "must be a list of names");
      return out;
    }
    for (const auto &t : *v) {
      if (!t.is_string() || !is_slug(t.get<std::string>()) || t.get<std::string>().size() > k_max_name_bytes) {
        bad(key, "must be a list of names: lower-case letters, digits and '-'");
        return {};
      }
      out.push_back(t.get<std::string>());
    }
    return out;
  }

  AnswerKey answer_key() {
    AnswerKey k;
    k.session_id = id("session_id");
    k.question_id = id("question_id");
    k.answered_at_ms = time_ms("answered_at_ms");
    return k;
  }

private:
  std::int64_t checked_time(const char *key, const json &v) {
    if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t(k_max_time_ms)) ||
        v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > k_max_time_ms) {
      bad(key, "must be whole milliseconds since 1970-01-01 UTC, before the year 10000");
      return 0;
    }
    return v.get<std::int64_t>();
  }

  const json &j_;
  std::vector<FieldProblem> &problems_;
  std::size_t start_ = problems_.size();
};

AnswerRecord parse_answer(Fields &f) {
  f.unknown_keys({"type",     "session_id", "mode",      "question_id",    "question_hash",  "role",
                  "category", "difficulty", "topics",    "answered_at_ms", "elapsed_s",      "time_limit_s",
                  "score",    "breakdown",  "answer",    "auto_score",     "auto_breakdown", "rating",
                  "time",     "prompt",     "hints_used"});
  AnswerRecord a;
  AnswerKey key = f.answer_key();
  a.session_id = key.session_id;
  a.question_id = key.question_id;
  a.answered_at_ms = key.answered_at_ms;
  a.mode = f.one_of("mode", k_modes);
  a.question_hash = f.text("question_hash", false);
  if (!a.question_hash.empty() && (a.question_hash.size() != 16 || !is_hex(a.question_hash)))
    f.bad("question_hash", "must be 16 lower-case hex digits");
  a.role = f.slug("role", false);
  a.category = f.one_of("category", category_names());
  a.difficulty = f.one_of("difficulty", difficulty_names());
  a.topics = f.slugs("topics");
  a.elapsed_s = f.number("elapsed_s", 0, k_max_elapsed_s, false);
  a.time_limit_s = static_cast<int>(f.whole("time_limit_s", 1, k_max_time_limit_s, true));
  a.score = f.score("score", true).value_or(0);
  a.breakdown = f.breakdown("breakdown", true);
  const json *answer = f.find("answer");
  if (answer == nullptr)
    f.bad("answer", "missing");
  else if (!answer->is_string())
    f.bad("answer", "must be a string");
  else if (answer->get_ref<const std::string &>().size() > k_max_answer_bytes)
    f.bad("answer", fmt::format("longer than {} KB", k_max_answer_bytes / 1024));
  else
    a.answer = answer->get<std::string>();
  a.auto_score = f.score("auto_score", false);
  if (a.auto_score) a.auto_breakdown = f.breakdown("auto_breakdown", true);
  if (f.find("rating") != nullptr) a.rating = static_cast<int>(f.whole("rating", 1, 4, false));
  f.text("time", false, 64);
  f.text("prompt", false, 64 * 1024);
  f.whole("hints_used", 0, 1000, false);
  return a;
}

SessionRecord parse_session(Fields &f) {
  f.unknown_keys({"type", "session_id", "mode", "role", "started_at_ms", "ended_at_ms", "answered", "average_score",
                  "started", "ended", "questions", "skipped", "interrupted"});
  SessionRecord s;
  s.id = f.id("session_id");
  s.mode = f.one_of("mode", k_modes);
  s.role = f.slug("role", false);
  s.started_at_ms = f.time_ms("started_at_ms");
  s.ended_at_ms = f.optional_time_ms("ended_at_ms");
  if (s.ended_at_ms && *s.ended_at_ms < s.started_at_ms) f.bad("ended_at_ms", "comes before \"started_at_ms\"");
  // Counts the history works out for itself: checked, not stored.
  s.answered = static_cast<int>(f.whole("answered", 0, 1'000'000'000, false));
  s.average_score = f.score("average_score", false);
  f.text("started", false, 64);
  f.text("ended", false, 64);
  f.whole("questions", 0, 1'000'000'000, false);
  f.whole("skipped", 0, 1'000'000'000, false);
  if (const json *v = f.find("interrupted"); v != nullptr && !v->is_boolean())
    f.bad("interrupted", "must be true or false");
  return s;
}

CorrectionLine parse_correction(Fields &f) {
  f.unknown_keys({"type", "session_id", "question_id", "answered_at_ms", "made_at_ms", "kind", "target", "words",
                  "rating", "score", "breakdown", "auto_score", "time"});
  CorrectionLine c;
  c.answer = f.answer_key();
  c.correction.made_at_ms = f.time_ms("made_at_ms");
  std::string kind = f.text("kind", true);
  if (auto k = correction_kind(kind))
    c.correction.kind = *k;
  else if (!kind.empty())
    f.bad("kind", fmt::format("'{}' is not one of made, not_said, rating, agree", kind));
  c.correction.target = f.text("target", false);
  c.correction.words = f.text("words", false);
  if (c.correction.kind == Correction::Kind::rating)
    c.correction.rating = static_cast<int>(f.whole("rating", 1, 4, true));
  else if (f.find("rating") != nullptr)
    f.bad("rating", "only a \"rating\" correction has one");
  if ((c.correction.kind == Correction::Kind::made || c.correction.kind == Correction::Kind::not_said) &&
      c.correction.target.empty())
    f.bad("target", "missing: a made or not_said correction names its point");
  c.score = f.score("score", false);
  if (c.score) c.breakdown = f.breakdown("breakdown", true);
  f.score("auto_score", false);
  f.text("time", false, 64);
  return c;
}

RescoreLine parse_rescore(Fields &f) {
  f.unknown_keys({"type", "session_id", "question_id", "answered_at_ms", "rescored_at_ms", "question_hash", "old_score",
                  "new_score", "old_breakdown"});
  RescoreLine r;
  r.answer = f.answer_key();
  r.rescored_at_ms = f.time_ms("rescored_at_ms");
  r.question_hash = f.text("question_hash", false);
  r.old_score = f.score("old_score", true).value_or(0);
  r.new_score = f.score("new_score", true).value_or(0);
  r.old_breakdown = f.breakdown("old_breakdown", true);
  return r;
}

PhrasingLine parse_phrasing(Fields &f) {
  f.unknown_keys({"type", "question_id", "concept", "phrasing", "added_at_ms"});
  PhrasingLine p;
  p.question_id = f.id("question_id");
  p.concept_name = f.text("concept", true);
  p.phrasing = f.text("phrasing", true);
  if (f.find("phrasing") != nullptr && p.phrasing.empty()) f.bad("phrasing", "must not be empty");
  p.added_at_ms = f.time_ms("added_at_ms");
  return p;
}

} // namespace

json to_json(const AnswerRecord &a, const AnswerNotes *notes) {
  json j = to_json(a);
  if (notes) {
    j["prompt"] = notes->prompt;
    j["hints_used"] = notes->hints_used;
  }
  return j;
}

json to_json(const SessionRecord &s, const SessionNotes *notes) {
  json j{{"type", "session"},
         {"session_id", s.id},
         {"mode", s.mode},
         {"role", s.role},
         {"started_at_ms", s.started_at_ms},
         {"ended_at_ms", s.ended_at_ms ? json(*s.ended_at_ms) : json(nullptr)},
         {"answered", s.answered},
         {"average_score", optional_number(s.average_score)}};
  if (notes) {
    j["questions"] = notes->questions;
    j["skipped"] = notes->skipped;
    j["interrupted"] = notes->interrupted;
  }
  return j;
}

json to_json(const CorrectionLine &c) {
  json j = key_json(c.answer);
  j["type"] = "correction";
  j["made_at_ms"] = c.correction.made_at_ms;
  j["kind"] = to_string(c.correction.kind);
  j["target"] = c.correction.target;
  j["words"] = c.correction.words;
  j["rating"] = c.correction.kind == Correction::Kind::rating ? json(c.correction.rating) : json(nullptr);
  if (c.score) {
    j["score"] = *c.score;
    j["breakdown"] = c.breakdown;
  }
  return j;
}

json to_json(const RescoreLine &r) {
  json j = key_json(r.answer);
  j["type"] = "rescore";
  j["rescored_at_ms"] = r.rescored_at_ms;
  j["question_hash"] = r.question_hash;
  j["old_score"] = r.old_score;
  j["new_score"] = r.new_score;
  j["old_breakdown"] = r.old_breakdown;
  return j;
}

json to_json(const PhrasingLine &p) {
  return {{"type", "phrasing"},
          {"question_id", p.question_id},
          {"concept", p.concept_name},
          {"phrasing", p.phrasing},
          {"added_at_ms", p.added_at_ms}};
}

json to_json(const RecordLine &line) {
  return std::visit(
      [](const auto &l) -> json {
        using T = std::decay_t<decltype(l)>;
        if constexpr (std::is_same_v<T, AnswerRecord>)
          return to_json(l, nullptr);
        else if constexpr (std::is_same_v<T, SessionRecord>)
          return to_json(l, nullptr);
        else
          return to_json(l);
      },
      line);
}

std::optional<RecordLine> parse_record_line(const json &j, std::vector<FieldProblem> &problems) {
  if (!j.is_object()) {
    problems.push_back({"line", "must be one JSON object"});
    return std::nullopt;
  }
  Fields f(j, problems);
  std::string type = "answer";
  if (const json *t = f.find("type")) {
    if (!t->is_string()) {
      f.bad("type", "must be a string");
      return std::nullopt;
    }
    type = t->get<std::string>();
  }
  RecordLine line;
  if (type == "answer")
    line = parse_answer(f);
  else if (type == "session")
    line = parse_session(f);
  else if (type == "correction")
    line = parse_correction(f);
  else if (type == "rescore")
    line = parse_rescore(f);
  else if (type == "phrasing")
    line = parse_phrasing(f);
  else {
    static const std::vector<std::string> types = {"answer", "session", "correction", "rescore", "phrasing"};
    f.bad("type", fmt::format("'{}' is not a line drill knows{}", type, did_you_mean_suffix(type, types)));
  }
  if (!f.ok()) return std::nullopt;
  return line;
}

} // namespace drill
