#include "cli/config.hpp"

#include "bank/bank.hpp"
#include "util/error.hpp"
#include "util/input_file.hpp"
#include "util/paths.hpp"
#include "util/suggest.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <filesystem>
#include <functional>
#include <map>
#include <sstream>

namespace drill {

namespace fs = std::filesystem;

namespace {

// Where a value sits, for messages: "config.toml:3:9: 'count'".
struct Place {
  std::string file;
  std::string key;
  const toml::node *node = nullptr;

  [[nodiscard]] std::string where() const {
    const auto &at = node->source().begin;
    return fmt::format("{}:{}:{}: '{}'", file, at.line, at.column, key);
  }
  [[noreturn]] void fail(std::string_view why) const {
    throw Error(ExitStatus::config, fmt::format("{} {}", where(), why));
  }
};

std::string text(const Place &p) {
  if (auto s = p.node->value_exact<std::string>()) return *s;
  p.fail(fmt::format("must be a string in quotes, e.g. {} = \"...\"", p.key));
}

// A string, or an array of strings.
std::vector<std::string> texts(const Place &p) {
  const toml::array *array = p.node->as_array();
  if (array == nullptr) return {text(p)};
  std::vector<std::string> out;
  for (const auto &item : *array) {
    auto s = item.value_exact<std::string>();
    if (!s) p.fail(fmt::format("must be a string or an array of strings, e.g. {} = [\"a\", \"b\"]", p.key));
    out.push_back(*s);
  }
  return out;
}

std::int64_t whole_number(const Place &p, std::int64_t low, std::int64_t high) {
  auto n = p.node->value_exact<std::int64_t>();
  if (!n || *n < low || *n > high) p.fail(fmt::format("must be a whole number from {} to {}", low, high));
  return *n;
}

bool flag(const Place &p) {
  auto b = p.node->value_exact<bool>();
  if (!b) p.fail(fmt::format("must be true or false, e.g. {} = false", p.key));
  return *b;
}

std::string one_of(const Place &p, std::initializer_list<std::string_view> values) {
  std::string v = text(p);
  for (auto allowed : values)
    if (v == allowed) return v;
  std::vector<std::string> names(values.begin(), values.end());
  p.fail(fmt::format("'{}' must be one of {}{}", v, join(names), did_you_mean_suffix(v, names)));
}

// time-limits = { behavioral = 150, system-design = 900 }, or the same as a [time-limits] table.
std::map<Category, int> category_limits(const Place &p) {
  const toml::table *table = p.node->as_table();
  if (table == nullptr)
    p.fail("must be a table of seconds per category, e.g. time-limits = { behavioral = 150, system-design = 900 }");
  std::map<Category, int> out;
  for (auto &&[key, node] : *table) {
    const std::string name(key.str());
    auto category = parse_category(name);
    if (!category) {
      std::vector<std::string> names;
      for (auto c : {Category::technical, Category::behavioral, Category::situational, Category::system_design})
        names.emplace_back(to_string(c));
      Place inner{p.file, p.key + "." + name, &node};
      inner.fail(
          fmt::format("is not a category; the categories are {}{}", join(names), did_you_mean_suffix(name, names)));
    }
    out[*category] = static_cast<int>(whole_number(Place{p.file, p.key + "." + name, &node}, 1, 24 * 3600));
  }
  return out;
}

using Setter = std::function<void(Options &, const Place &)>;

// Every key, with the command-line option it stands for (docs/config.md).
const std::map<std::string, Setter> &setters() {
  static const std::map<std::string, Setter> table{
      {"role", [](Options &o, const Place &p) { o.filter.role = text(p); }},
      {"category", [](Options &o, const Place &p) { o.filter.categories = texts(p); }},
      {"difficulty", [](Options &o, const Place &p) { o.filter.difficulties = texts(p); }},
      {"topic", [](Options &o, const Place &p) { o.filter.topics = texts(p); }},
      {"count", [](Options &o, const Place &p) { o.count = static_cast<std::size_t>(whole_number(p, 1, 1000)); }},
      {"color",
       [](Options &o, const Place &p) {
         o.color = one_of(p, {"auto", "always", "never"});
       }},
      {"bank", [](Options &o, const Place &p) { o.banks = texts(p); }},
      {"history", [](Options &o, const Place &p) { o.history = text(p); }},
      {"due", [](Options &o, const Place &p) { o.due_first = flag(p); }},
      {"reveal",
       [](Options &o, const Place &p) {
         o.session.reveal = one_of(p, {"always", "never", "missed"});
       }},
      {"time-limit",
       [](Options &o, const Place &p) { o.session.time_limit_s = static_cast<int>(whole_number(p, 1, 24 * 3600)); }},
      {"timer", [](Options &o, const Place &p) { o.session.no_timer = !flag(p); }},
      {"self-rate", [](Options &o, const Place &p) { o.session.self_rate = flag(p); }},
      {"time-limits", [](Options &o, const Place &p) { o.session.category_time_limits = category_limits(p); }},
      {"follow-ups",
       [](Options &o, const Place &p) {
         o.session.follow_ups = static_cast<int>(whole_number(p, 0, k_max_follow_ups));
       }},
  };
  return table;
}

// toml++ says "Error while parsing key-value pair: encountered unexpected
// character 'b'": true, but the likely cause is a string left unquoted, as
// the key = value files of older drills allowed.
std::string parse_hint(std::string_view description) {
  if (description.find("value") != std::string_view::npos || description.find("unexpected") != std::string_view::npos)
    return "; strings need quotes in TOML, e.g. role = \"backend\"";
  return {};
}

} // namespace

const std::vector<std::string> &config_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const auto &[key, setter] : setters())
      out.push_back(key);
    return out;
  }();
  return keys;
}

namespace {

// The config file's text; one too large for a config file is a broken
// config file (78), like any other.
std::string read_config_text(const fs::path &file) {
  try {
    return InputFile(file, Accept::regular_only).read_all(k_max_config_bytes, "config files");
  } catch (const Error &e) {
    if (e.status() != ExitStatus::data) throw;
    throw Error(ExitStatus::config, e.what());
  }
}

} // namespace

void apply_config_file(const std::string &path, Options &options) {
  fs::path file = path;
  std::error_code ec;
  if (file.empty()) {
    file = config_dir() / "config.toml";
    if (!fs::exists(file, ec)) return;
  } else if (!fs::exists(file, ec)) {
    throw Error(ExitStatus::no_input, fmt::format("{}: config file not found", file.string()));
  }
  const std::string name = file.string();
  const std::string content = read_config_text(file);
  toml::table table;
  try {
    table = toml::parse(content, name);
  } catch (const toml::parse_error &e) {
    const auto &at = e.source().begin;
    throw Error(ExitStatus::config, fmt::format("{}:{}:{}: not valid TOML: {}{}", name, at.line, at.column,
                                                e.description(), parse_hint(e.description())));
  }
  for (auto &&[key, node] : table) {
    Place place{name, std::string(key.str()), &node};
    // Problems with the key itself point at the key, not at its value.
    const auto &at = key.source().begin;
    std::string key_place = fmt::format("{}:{}:{}: '{}'", name, at.line, at.column, place.key);
    if (node.is_table() && place.key != "time-limits")
      throw Error(ExitStatus::config,
                  fmt::format("{} is a table; drill reads only keys at the top of the file", key_place));
    auto it = setters().find(place.key);
    if (it == setters().end())
      throw Error(ExitStatus::config, fmt::format("{} is not a drill setting{}; the settings are: {}", key_place,
                                                  did_you_mean_suffix(place.key, config_keys()), join(config_keys())));
    it->second(options, place);
  }
}

} // namespace drill
