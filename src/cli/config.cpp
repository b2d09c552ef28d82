#include "cli/config.hpp"

#include "util/error.hpp"
#include "util/input_file.hpp"
#include "util/paths.hpp"
#include "util/suggest.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <functional>
#include <map>
#include <sstream>

namespace drill {

namespace fs = std::filesystem;

namespace {

using Setter = std::function<void(Options &, const std::vector<std::string> &, const std::string &where)>;

std::string single(const std::vector<std::string> &inputs, const std::string &where) {
  if (inputs.size() != 1) throw Error(ExitStatus::config, fmt::format("{}: takes a single value", where));
  return inputs.front();
}

std::size_t whole_number(const std::string &text, const std::string &where) {
  std::size_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || value == 0)
    throw Error(ExitStatus::config, fmt::format("{}: '{}' is not a whole number above 0", where, text));
  return value;
}

const std::map<std::string, Setter> &setters() {
  static const std::map<std::string, Setter> table{
      {"role", [](Options &o, const auto &in, const auto &w) { o.filter.role = single(in, w); }},
      {"category", [](Options &o, const auto &in, const auto &) { o.filter.categories = in; }},
      {"difficulty", [](Options &o, const auto &in, const auto &) { o.filter.difficulties = in; }},
      {"topic", [](Options &o, const auto &in, const auto &) { o.filter.topics = in; }},
      {"count", [](Options &o, const auto &in, const auto &w) { o.count = whole_number(single(in, w), w); }},
      {"color",
       [](Options &o, const auto &in, const auto &w) {
         auto v = single(in, w);
         if (v != "auto" && v != "always" && v != "never")
           throw Error(ExitStatus::config, fmt::format("{}: '{}' must be auto, always or never", w, v));
         o.color = v;
       }},
      {"bank", [](Options &o, const auto &in, const auto &) { o.banks = in; }},
  };
  return table;
}

} // namespace

const std::vector<std::string> &config_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const auto &[key, setter] : setters()) out.push_back(key);
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
  if (file.empty()) {
    file = config_dir() / "config.toml";
    std::error_code ec;
    if (!fs::exists(file, ec)) return;
  } else {
    std::error_code ec;
    if (!fs::exists(file, ec))
      throw Error(ExitStatus::no_input, fmt::format("{}: config file not found", file.string()));
  }
  std::vector<CLI::ConfigItem> items;
  try {
    CLI::ConfigTOML reader;
    std::istringstream text(read_config_text(file));
    items = reader.from_config(text);
  } catch (const CLI::Error &e) {
    throw Error(ExitStatus::config, fmt::format("{}: {}", file.string(), e.what()));
  }
  for (const auto &item : items) {
    std::string key = item.fullname();
    std::string where = fmt::format("{}: '{}'", file.string(), key);
    // CLI11 reports a section header as an item of its own; sections are not used.
    if (item.name == "++" || item.name == "--") {
      throw Error(ExitStatus::config,
                  fmt::format("{}: sections are not supported; put every key at the top of the file", file.string()));
    }
    auto it = setters().find(key);
    if (it == setters().end())
      throw Error(ExitStatus::config, fmt::format("{}: unknown key '{}'{}; known keys: {}", file.string(), key,
                                                  did_you_mean_suffix(key, config_keys()), join(config_keys())));
    it->second(options, item.inputs, where);
  }
}

} // namespace drill
