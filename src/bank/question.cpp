#include "bank/question.hpp"

#include "util/suggest.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace drill {

using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 4> k_category_names{"technical", "behavioral", "situational", "system-design"};
constexpr std::array<std::string_view, 3> k_difficulty_names{"beginner", "intermediate", "advanced"};

const std::vector<std::string> k_question_keys{
    "id",   "prompt",   "category",       "difficulty",   "roles", "topics",     "time_limit_s",
    "star", "concepts", "misconceptions", "model_answer", "tips",  "follow_ups", "references"};
const std::vector<std::string> k_concept_keys{"name", "any", "weight", "probe", "problem"};
const std::vector<std::string> k_misconception_keys{"claim", "any", "correction", "weight"};

std::string type_name(const json &v) {
  switch (v.type()) {
  case json::value_t::null: return "null";
  case json::value_t::boolean: return "a boolean";
  case json::value_t::number_integer:
  case json::value_t::number_unsigned:
  case json::value_t::number_float: return "a number";
  case json::value_t::string: return "a string";
  case json::value_t::array: return "an array";
  case json::value_t::object: return "an object";
  default: return "an unsupported value";
  }
}

std::string trimmed(std::string_view s) {
  const auto *ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// Collects the problems of one question, each tagged with its path and id.
class Checker {
public:
  Checker(const JsonPath &base, std::vector<Problem> &problems) : base_(base), problems_(problems) {}

  void set_id(std::string id) { id_ = std::move(id); }
  [[nodiscard]] bool failed() const { return failed_; }

  void report(JsonPath rel, std::string message, PathTarget target = PathTarget::value) {
    JsonPath path = base_;
    path.insert(path.end(), rel.begin(), rel.end());
    problems_.push_back(Problem{std::move(path), target, id_, std::move(message)});
    failed_ = true;
  }

  // A required or optional non-empty string.
  std::optional<std::string> string(const json &obj, const std::string &key, bool required) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) report({}, fmt::format("missing required key '{}'", key));
      return std::nullopt;
    }
    if (!it->is_string()) {
      report({key}, fmt::format("'{}' must be a string, not {}", key, type_name(*it)));
      return std::nullopt;
    }
    const auto &s = it->get_ref<const std::string &>();
    if (blank(s)) {
      report({key}, fmt::format("'{}' must not be empty", key));
      return std::nullopt;
    }
    return s;
  }

  // An optional array of non-empty strings; `slug` demands [a-z0-9][a-z0-9-]*.
  std::vector<std::string> strings(const json &obj, const std::string &key, bool slug, JsonPath rel = {}) {
    std::vector<std::string> out;
    auto it = obj.find(key);
    if (it == obj.end()) return out;
    rel.push_back(key);
    if (!it->is_array()) {
      report(rel, fmt::format("'{}' must be an array of strings, not {}", key, type_name(*it)));
      return out;
    }
    out.reserve(it->size());
    // The item's path is built only when there is something to report.
    auto at = [&](std::size_t i) {
      JsonPath path = rel;
      path.push_back(std::to_string(i));
      return path;
    };
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json &v = (*it)[i];
      if (!v.is_string()) {
        report(at(i), fmt::format("'{}' must hold only strings; item {} is {}", key, i + 1, type_name(v)));
        continue;
      }
      const auto &s = v.get_ref<const std::string &>();
      if (blank(s)) {
        report(at(i), fmt::format("'{}' item {} is empty", key, i + 1));
      } else if (slug && s != "any" && !is_slug(s)) {
        report(at(i), fmt::format("'{}' item '{}' is not a slug: use lowercase letters, digits and "
                                  "hyphens, e.g. '{}'",
                                  key, s, suggest_slug(s)));
      } else {
        out.push_back(s);
      }
    }
    return out;
  }

  static std::string suggest_slug(std::string_view s) {
    std::string out;
    for (char c : s) {
      auto u = static_cast<unsigned char>(c);
      if (std::isalnum(u))
        out += static_cast<char>(std::tolower(u));
      else if (!out.empty() && out.back() != '-')
        out += '-';
    }
    while (!out.empty() && out.back() == '-')
      out.pop_back();
    return out.empty() ? "caching" : out;
  }

  void unknown_keys(const json &obj, const std::vector<std::string> &known, JsonPath rel) {
    for (const auto &item : obj.items()) {
      if (std::find(known.begin(), known.end(), item.key()) != known.end()) continue;
      JsonPath at = rel;
      at.push_back(item.key());
      report(at, fmt::format("unknown key '{}'{}", item.key(), did_you_mean_suffix(item.key(), known)),
             PathTarget::key);
    }
  }

private:
  const JsonPath &base_;
  std::vector<Problem> &problems_;
  std::string id_;
  bool failed_ = false;
};

std::vector<std::string> to_strings(const auto &names) { return {names.begin(), names.end()}; }

std::vector<Concept> parse_concepts(const json &obj, Checker &check) {
  std::vector<Concept> out;
  auto it = obj.find("concepts");
  if (it == obj.end()) return out;
  if (!it->is_array()) {
    check.report({"concepts"}, fmt::format("'concepts' must be an array of objects, not {}", type_name(*it)));
    return out;
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json &c = (*it)[i];
    JsonPath at{"concepts", std::to_string(i)};
    if (!c.is_object()) {
      check.report(at, fmt::format("concept {} must be an object like {{\"name\": \"...\", \"any\": [\"...\"]}}, "
                                   "not {}",
                                   i + 1, type_name(c)));
      continue;
    }
    check.unknown_keys(c, k_concept_keys, at);
    Concept item;
    auto name = c.find("name");
    if (name == c.end() || !name->is_string() || trimmed(name->get<std::string>()).empty()) {
      JsonPath p = at;
      if (name != c.end()) p.push_back("name");
      check.report(p, fmt::format("concept {} needs a non-empty string 'name'", i + 1));
    } else {
      item.name = name->get<std::string>();
    }
    auto any = c.find("any");
    if (any == c.end()) {
      check.report(at, fmt::format("concept {} needs 'any': an array of phrasings that count as covering it", i + 1));
    } else {
      item.any = check.strings(c, "any", false, at);
      if (any->is_array() && any->empty()) {
        JsonPath p = at;
        p.push_back("any");
        check.report(p, fmt::format("concept {} has an empty 'any': give at least one phrasing", i + 1));
      }
    }
    if (auto w = c.find("weight"); w != c.end()) {
      if (!w->is_number() || !std::isfinite(w->get<double>()) || w->get<double>() <= 0 ||
          w->get<double>() > k_max_concept_weight) {
        JsonPath p = at;
        p.push_back("weight");
        check.report(p, fmt::format("concept {} 'weight' must be a number from above 0 to {} (1 to 3 is usual)", i + 1,
                                    k_max_concept_weight));
      } else {
        item.weight = w->get<double>();
      }
    }
    if (auto probe = c.find("probe"); probe != c.end()) {
      if (!probe->is_string() || trimmed(probe->get<std::string>()).empty()) {
        JsonPath p = at;
        p.push_back("probe");
        check.report(p, fmt::format("concept {} 'probe' must be a non-empty string: the question to ask when "
                                    "an answer misses this point",
                                    i + 1));
      } else {
        item.probe = probe->get<std::string>();
      }
    }
    if (auto problem = c.find("problem"); problem != c.end()) {
      if (!problem->is_boolean()) {
        JsonPath p = at;
        p.push_back("problem");
        check.report(p, fmt::format("concept {} 'problem' must be true or false (true: the point names a problem "
                                    "that saying it is avoided also makes)",
                                    i + 1));
      } else {
        item.problem = problem->get<bool>();
      }
    }
    out.push_back(std::move(item));
  }
  return out;
}

std::vector<Misconception> parse_misconceptions(const json &obj, Checker &check) {
  std::vector<Misconception> out;
  auto it = obj.find("misconceptions");
  if (it == obj.end()) return out;
  if (!it->is_array()) {
    check.report({"misconceptions"},
                 fmt::format("'misconceptions' must be an array of objects, not {}", type_name(*it)));
    return out;
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json &m = (*it)[i];
    JsonPath at{"misconceptions", std::to_string(i)};
    if (!m.is_object()) {
      check.report(at, fmt::format("misconception {} must be an object like {{\"claim\": \"...\", \"any\": "
                                   "[\"...\"], \"correction\": \"...\"}}, not {}",
                                   i + 1, type_name(m)));
      continue;
    }
    check.unknown_keys(m, k_misconception_keys, at);
    Misconception item;
    for (const char *key : {"claim", "correction"}) {
      auto v = m.find(key);
      if (v == m.end() || !v->is_string() || trimmed(v->get<std::string>()).empty()) {
        JsonPath p = at;
        if (v != m.end()) p.push_back(key);
        check.report(p, fmt::format("misconception {} needs a non-empty string '{}'", i + 1, key));
      } else {
        (std::string_view(key) == "claim" ? item.claim : item.correction) = v->get<std::string>();
      }
    }
    auto any = m.find("any");
    if (any == m.end()) {
      check.report(at, fmt::format("misconception {} needs 'any': an array of ways of saying the claim", i + 1));
    } else {
      item.any = check.strings(m, "any", false, at);
      if (any->is_array() && any->empty()) {
        JsonPath p = at;
        p.push_back("any");
        check.report(p, fmt::format("misconception {} has an empty 'any': give at least one phrasing", i + 1));
      }
    }
    if (auto w = m.find("weight"); w != m.end()) {
      if (!w->is_number() || !std::isfinite(w->get<double>()) || w->get<double>() <= 0 || w->get<double>() > 3) {
        JsonPath p = at;
        p.push_back("weight");
        check.report(p, fmt::format("misconception {} 'weight' must be a number from above 0 to 3 (3 = the main "
                                    "point wrong)",
                                    i + 1));
      } else {
        item.weight = w->get<double>();
      }
    }
    out.push_back(std::move(item));
  }
  return out;
}

} // namespace

std::string_view to_string(Category c) { return k_category_names.at(static_cast<std::size_t>(c)); }
std::string_view to_string(Difficulty d) { return k_difficulty_names.at(static_cast<std::size_t>(d)); }

std::optional<Category> parse_category(std::string_view s) {
  for (std::size_t i = 0; i < k_category_names.size(); ++i)
    if (k_category_names[i] == s) return static_cast<Category>(i);
  return std::nullopt;
}

std::optional<Difficulty> parse_difficulty(std::string_view s) {
  for (std::size_t i = 0; i < k_difficulty_names.size(); ++i)
    if (k_difficulty_names[i] == s) return static_cast<Difficulty>(i);
  return std::nullopt;
}

const std::vector<std::string> &category_names() {
  static const auto names = to_strings(k_category_names);
  return names;
}

const std::vector<std::string> &difficulty_names() {
  static const auto names = to_strings(k_difficulty_names);
  return names;
}

int default_time_limit_s(Category c) {
  switch (c) {
  case Category::technical: return 180;
  case Category::behavioral: return 240;
  case Category::situational: return 240;
  case Category::system_design: return 600;
  }
  return 180;
}

bool Question::for_role(std::string_view role) const {
  return std::any_of(roles.begin(), roles.end(), [&](const std::string &r) { return r == role || r == "any"; });
}

bool is_slug(std::string_view s) {
  if (s.empty()) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return alnum(c) || c == '-'; });
}

bool is_question_id(std::string_view s) {
  if (s.empty()) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return alnum(c) || c == '-' || c == '.' || c == '_'; });
}

std::optional<Question> parse_question(const json &object, std::string_view default_role, const JsonPath &base,
                                       std::vector<Problem> &problems) {
  Checker check(base, problems);
  if (!object.is_object()) {
    check.report({}, fmt::format("a question must be an object, not {}", type_name(object)));
    return std::nullopt;
  }
  Question q;
  if (auto id = object.find("id"); id != object.end() && id->is_string()) check.set_id(id->get<std::string>());

  check.unknown_keys(object, k_question_keys, {});

  if (auto id = check.string(object, "id", true)) {
    if (!is_question_id(*id))
      check.report({"id"}, fmt::format("id '{}' may use only lowercase letters, digits, '.', '_' and '-', and "
                                       "must start with a letter or digit",
                                       *id));
    q.id = *id;
  }
  if (auto prompt = check.string(object, "prompt", true)) q.prompt = trimmed(*prompt);

  if (auto c = check.string(object, "category", true)) {
    if (auto parsed = parse_category(*c))
      q.category = *parsed;
    else
      check.report({"category"}, fmt::format("unknown category '{}'{}; use one of: {}", *c,
                                             did_you_mean_suffix(*c, category_names()), join(category_names())));
  }
  if (auto d = check.string(object, "difficulty", true)) {
    if (auto parsed = parse_difficulty(*d))
      q.difficulty = *parsed;
    else
      check.report({"difficulty"}, fmt::format("unknown difficulty '{}'{}; use one of: {}", *d,
                                               did_you_mean_suffix(*d, difficulty_names()), join(difficulty_names())));
  }

  q.roles = check.strings(object, "roles", true);
  if (auto r = object.find("roles"); r != object.end() && r->is_array() && r->empty())
    check.report({"roles"}, "'roles' is empty: leave it out to use the file's role, or use [\"any\"]");
  if (q.roles.empty()) q.roles.emplace_back(default_role);
  q.topics = check.strings(object, "topics", true);

  q.time_limit_s = default_time_limit_s(q.category);
  if (auto t = object.find("time_limit_s"); t != object.end()) {
    if (!t->is_number_integer() || t->get<long long>() <= 0 || t->get<long long>() > 86400)
      check.report({"time_limit_s"}, "'time_limit_s' must be a whole number of seconds from 1 to 86400");
    else
      q.time_limit_s = t->get<int>();
  }

  q.star = q.category == Category::behavioral;
  if (auto s = object.find("star"); s != object.end()) {
    if (!s->is_boolean())
      check.report({"star"}, fmt::format("'star' must be true or false, not {}", type_name(*s)));
    else
      q.star = s->get<bool>();
  }

  q.concepts = parse_concepts(object, check);
  q.misconceptions = parse_misconceptions(object, check);
  if (auto m = check.string(object, "model_answer", false)) q.model_answer = trimmed(*m);
  if (q.concepts.empty() && object.find("model_answer") == object.end())
    check.report({}, "needs 'concepts' (the key points to listen for) or a 'model_answer' to derive them from");
  q.tips = check.strings(object, "tips", false);
  q.follow_ups = check.strings(object, "follow_ups", false);
  q.references = check.strings(object, "references", false);

  if (check.failed()) return std::nullopt;
  return q;
}

json to_json(const Question &q) {
  json concepts = json::array();
  for (const auto &c : q.concepts) {
    json concept_json = {{"name", c.name}, {"any", c.any}, {"weight", c.weight}};
    if (!c.probe.empty()) concept_json["probe"] = c.probe;
    if (c.problem) concept_json["problem"] = true;
    concepts.push_back(std::move(concept_json));
  }
  json out = {{"id", q.id},
              {"prompt", q.prompt},
              {"category", to_string(q.category)},
              {"difficulty", to_string(q.difficulty)},
              {"roles", q.roles},
              {"topics", q.topics},
              {"time_limit_s", q.time_limit_s},
              {"star", q.star},
              {"concepts", concepts}};
  if (!q.misconceptions.empty()) {
    json misconceptions = json::array();
    for (const auto &m : q.misconceptions)
      misconceptions.push_back(
          {{"claim", m.claim}, {"any", m.any}, {"correction", m.correction}, {"weight", m.weight}});
    out["misconceptions"] = misconceptions;
  }
  if (!q.model_answer.empty()) out["model_answer"] = q.model_answer;
  out["tips"] = q.tips;
  out["follow_ups"] = q.follow_ups;
  if (!q.references.empty()) out["references"] = q.references;
  return out;
}

} // namespace drill
