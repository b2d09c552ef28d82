#include "bank/lexicon.hpp"

#include "bank/json_document.hpp"
#include "util/suggest.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace drill {

using nlohmann::json;

namespace {

const std::vector<std::string> k_top_keys{"format", "version", "groups", "$schema"};
const std::vector<std::string> k_group_keys{"words", "note"};

// A lexicon word: what the tokenizer would keep as one word.
bool is_lexicon_word(std::string_view w) {
  if (w.empty()) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(w.front()) || !alnum(w.back())) return false;
  return std::all_of(w.begin(), w.end(), [&](char c) { return alnum(c) || c == '+' || c == '#'; });
}

} // namespace

bool looks_like_lexicon(std::string_view text) {
  auto format = text.find("\"format\"");
  if (format == std::string_view::npos) return false;
  auto value = text.find('"', text.find(':', format));
  return value != std::string_view::npos && text.substr(value, 15) == "\"drill-lexicon\"";
}

void load_lexicon_text(std::string_view text, const std::string &file, Lexicon &lexicon,
                       std::vector<Diagnostic> &problems) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const std::size_t before = problems.size();
  auto at = [&](JsonPath path, std::string message, PathTarget target = PathTarget::value) {
    problems.push_back(Diagnostic{file, position_of(text, locate(text, path, target)), std::move(message)});
  };
  auto parsed = parse_json_object(
      text, file, 4, "nested too deep; a lexicon needs 4 levels (file, groups, group, words)",
      "a lexicon must be a JSON object: {\"format\": \"drill-lexicon\", \"version\": 1, \"groups\": [...]}", problems);
  if (!parsed) return;
  const json &doc = *parsed;
  for (const auto &item : doc.items())
    if (std::find(k_top_keys.begin(), k_top_keys.end(), item.key()) == k_top_keys.end())
      at({item.key()}, fmt::format("unknown key '{}'{}", item.key(), did_you_mean_suffix(item.key(), k_top_keys)),
         PathTarget::key);
  if (doc.value("format", json()) != "drill-lexicon") at({"format"}, "\"format\" must be \"drill-lexicon\"");
  const json version = doc.value("version", json());
  if (!version.is_number_integer()) {
    at({"version"}, fmt::format("\"version\" must be the whole number {}", k_lexicon_format_version));
  } else if (version.get<long long>() != k_lexicon_format_version) {
    at({"version"}, fmt::format("this lexicon uses format version {}, but this drill understands only version {}",
                                version.get<long long>(), k_lexicon_format_version));
    return;
  }
  auto groups = doc.find("groups");
  if (groups == doc.end() || !groups->is_array()) {
    at(groups == doc.end() ? JsonPath{} : JsonPath{"groups"}, "\"groups\" must be an array of {\"words\": [...]}");
    return;
  }
  Lexicon found;
  std::map<std::string, std::size_t> owner; // word -> group number, from 1
  for (std::size_t i = 0; i < groups->size(); ++i) {
    const json &g = (*groups)[i];
    const JsonPath here{"groups", std::to_string(i)};
    if (!g.is_object()) {
      at(here, fmt::format("group {} must be an object like {{\"words\": [\"lock\", \"freeze\"]}}", i + 1));
      continue;
    }
    for (const auto &item : g.items())
      if (std::find(k_group_keys.begin(), k_group_keys.end(), item.key()) == k_group_keys.end()) {
        JsonPath p = here;
        p.push_back(item.key());
        at(p,
           fmt::format("group {}: unknown key '{}'{}", i + 1, item.key(),
                       did_you_mean_suffix(item.key(), k_group_keys)),
           PathTarget::key);
      }
    Lexicon::Group group;
    if (auto note = g.find("note"); note != g.end()) {
      if (note->is_string())
        group.note = note->get<std::string>();
      else
        at({"groups", std::to_string(i), "note"}, fmt::format("group {}: \"note\" must be a string", i + 1));
    }
    auto words = g.find("words");
    if (words == g.end() || !words->is_array() || words->size() < 2) {
      at(words == g.end() ? here : JsonPath{"groups", std::to_string(i), "words"},
         fmt::format("group {} needs \"words\": an array of two or more words that mean the same", i + 1));
      continue;
    }
    for (std::size_t k = 0; k < words->size(); ++k) {
      const json &w = (*words)[k];
      const JsonPath wp{"groups", std::to_string(i), "words", std::to_string(k)};
      if (!w.is_string() || !is_lexicon_word(w.get_ref<const std::string &>())) {
        std::string hint;
        if (w.is_string() && w.get_ref<const std::string &>().find(' ') != std::string::npos)
          hint = "; a group holds single words, so put phrases in the bank's concept phrasings";
        else if (w.is_string() && w.get_ref<const std::string &>().find('-') != std::string::npos)
          hint = "; a hyphen splits a word in two, so put it in the bank's concept phrasings";
        at(wp, fmt::format("group {}: word {} must be one lower-case word (letters, digits, '+' or '#'){}", i + 1,
                           k + 1, hint));
        continue;
      }
      const std::string &word = w.get_ref<const std::string &>();
      if (auto [it, fresh] = owner.emplace(word, i + 1); !fresh) {
        at(wp, it->second == i + 1
                   ? fmt::format("group {}: '{}' is listed twice", i + 1, word)
                   : fmt::format("group {}: '{}' is already in group {}; a word may be in one group only, so merge "
                                 "the two groups or drop it from one",
                                 i + 1, word, it->second));
        continue;
      }
      group.words.push_back(word);
    }
    found.groups.push_back(std::move(group));
  }
  if (problems.size() == before)
    lexicon.groups.insert(lexicon.groups.end(), std::make_move_iterator(found.groups.begin()),
                          std::make_move_iterator(found.groups.end()));
}

void load_lexicon_file(const std::filesystem::path &file, Lexicon &lexicon, std::vector<Diagnostic> &problems) {
  std::string text = read_file(file);
  load_lexicon_text(text, file.string(), lexicon, problems);
}

} // namespace drill
