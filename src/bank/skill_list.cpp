#include "bank/skill_list.hpp"

#include "bank/json_document.hpp"
#include "util/suggest.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace drill {

using nlohmann::json;

namespace {

const std::vector<std::string> k_top_keys{"format",           "version", "about",  "roles",
                                          "names_not_topics", "skills",  "$schema"};
const std::vector<std::string> k_skill_keys{"name", "aliases", "topics", "needs_list", "stem"};

bool known(const std::vector<std::string> &list, const std::string &value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// What every problem needs: the file, and where in it a JSON path points.
struct Reporter {
  std::string_view text;
  const std::string &file;
  std::vector<Diagnostic> &problems;

  void at(const JsonPath &path, std::string message, PathTarget target = PathTarget::value) const {
    problems.push_back(Diagnostic{file, position_of(text, locate(text, path, target)), std::move(message)});
  }

  // The strings of an array at `path`, each non-empty; a problem for anything else.
  std::vector<std::string> strings(const json &value, const JsonPath &path, std::string_view what) const {
    std::vector<std::string> out;
    if (!value.is_array()) {
      at(path, fmt::format("{} must be an array of strings", what));
      return out;
    }
    for (std::size_t k = 0; k < value.size(); ++k) {
      JsonPath p = path;
      p.push_back(std::to_string(k));
      if (!value[k].is_string() || value[k].get_ref<const std::string &>().empty())
        at(p, fmt::format("{}: item {} must be a non-empty string", what, k + 1));
      else
        out.push_back(value[k].get<std::string>());
    }
    return out;
  }

  void unknown_keys(const json &object, const JsonPath &path, const std::vector<std::string> &valid,
                    std::string_view where) const {
    for (const auto &item : object.items()) {
      if (known(valid, item.key())) continue;
      JsonPath p = path;
      p.push_back(item.key());
      at(p, fmt::format("{}unknown key '{}'{}", where, item.key(), did_you_mean_suffix(item.key(), valid)),
         PathTarget::key);
    }
  }
};

} // namespace

bool looks_like_skill_list(std::string_view text) {
  auto format = text.find("\"format\"");
  if (format == std::string_view::npos) return false;
  auto value = text.find('"', text.find(':', format));
  return value != std::string_view::npos && text.substr(value, 14) == "\"drill-skills\"";
}

void load_skill_list_text(std::string_view text, const std::string &file, const std::vector<std::string> &known_topics,
                          SkillList &list, std::vector<Diagnostic> &problems) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const std::size_t before = problems.size();
  const Reporter r{text, file, problems};
  auto parsed = parse_json_object(
      text, file, 4, "nested too deep; a skills list needs 4 levels (file, skills, skill, aliases)",
      "a skills list must be a JSON object: {\"format\": \"drill-skills\", \"version\": 1, \"skills\": [...]}",
      problems);
  if (!parsed) return;
  const json &doc = *parsed;
  r.unknown_keys(doc, {}, k_top_keys, "");
  if (doc.value("format", json()) != "drill-skills") r.at({"format"}, "\"format\" must be \"drill-skills\"");
  const json version = doc.value("version", json());
  if (!version.is_number_integer() || version.get<long long>() != k_skill_list_format_version) {
    r.at({"version"},
         fmt::format("\"version\" must be {}, the version this drill understands", k_skill_list_format_version));
    return;
  }
  auto check_topic = [&](const std::string &topic, const JsonPath &path, std::string_view where) {
    if (known_topics.empty() || known(known_topics, topic)) return;
    r.at(path, fmt::format("{}topic '{}' is in no bank{}", where, topic, did_you_mean_suffix(topic, known_topics)));
  };

  SkillList found;
  if (auto roles = doc.find("roles"); roles != doc.end()) {
    if (!roles->is_object())
      r.at({"roles"}, "\"roles\" must map each role to the phrases that name it");
    else
      for (const auto &item : roles->items())
        found.roles[item.key()] = r.strings(item.value(), {"roles", item.key()}, "role " + item.key());
  }
  if (auto names = doc.find("names_not_topics"); names != doc.end()) {
    found.names_not_topics = r.strings(*names, {"names_not_topics"}, "\"names_not_topics\"");
    for (std::size_t k = 0; k < found.names_not_topics.size(); ++k)
      check_topic(found.names_not_topics[k], {"names_not_topics", std::to_string(k)}, "\"names_not_topics\": ");
  }
  auto skills = doc.find("skills");
  if (skills == doc.end() || !skills->is_array()) {
    r.at(skills == doc.end() ? JsonPath{} : JsonPath{"skills"},
         "\"skills\" must be an array of {\"name\": ..., \"topics\": [...]}");
    return;
  }
  std::map<std::string, std::size_t> owner; // lower-case spelling -> skill number, from 1
  for (std::size_t i = 0; i < skills->size(); ++i) {
    const json &s = (*skills)[i];
    const std::string n = std::to_string(i);
    if (!s.is_object() || !s.contains("name") || !s["name"].is_string() || s["name"].get<std::string>().empty()) {
      r.at({"skills", n}, fmt::format("skill {} needs a \"name\": the usual spelling of the technology", i + 1));
      continue;
    }
    SkillList::Skill skill;
    skill.name = s["name"].get<std::string>();
    const std::string where = fmt::format("skill '{}': ", skill.name);
    r.unknown_keys(s, {"skills", n}, k_skill_keys, where);
    skill.spellings.push_back(skill.name);
    if (s.contains("aliases"))
      for (auto &a : r.strings(s["aliases"], {"skills", n, "aliases"}, where + "\"aliases\""))
        skill.spellings.push_back(std::move(a));
    if (!s.contains("topics"))
      r.at({"skills", n}, where + "\"topics\" is missing; write [] for none");
    else
      skill.topics = r.strings(s["topics"], {"skills", n, "topics"}, where + "\"topics\"");
    for (std::size_t k = 0; k < skill.topics.size(); ++k)
      check_topic(skill.topics[k], {"skills", n, "topics", std::to_string(k)}, where);
    if (s.contains("needs_list")) {
      skill.needs_list = r.strings(s["needs_list"], {"skills", n, "needs_list"}, where + "\"needs_list\"");
      for (const auto &spelling : skill.needs_list)
        if (!known(skill.spellings, spelling))
          r.at({"skills", n, "needs_list"}, fmt::format("{}\"needs_list\" names '{}', which is not one of its "
                                                        "spellings",
                                                        where, spelling));
    }
    if (s.contains("stem")) {
      if (s["stem"].is_boolean())
        skill.stem = s["stem"].get<bool>();
      else
        r.at({"skills", n, "stem"}, where + "\"stem\" must be true or false");
    }
    for (std::size_t k = 0; k < skill.spellings.size(); ++k) {
      std::string lower = skill.spellings[k];
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
      if (auto [it, fresh] = owner.emplace(lower, i + 1); !fresh)
        r.at(k == 0 ? JsonPath{"skills", n, "name"} : JsonPath{"skills", n, "aliases", std::to_string(k - 1)},
             fmt::format("{}'{}' is already a spelling of skill {} ('{}'); a spelling may name one skill only", where,
                         skill.spellings[k], it->second, (*skills)[it->second - 1].value("name", "")));
    }
    found.skills.push_back(std::move(skill));
  }
  if (problems.size() == before) list = std::move(found);
}

void load_skill_list_file(const std::filesystem::path &file, const std::vector<std::string> &known_topics,
                          SkillList &list, std::vector<Diagnostic> &problems) {
  std::string text = read_file(file);
  load_skill_list_text(text, file.string(), known_topics, list, problems);
}

} // namespace drill
