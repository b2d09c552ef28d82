#include "cli/output_format.hpp"

#include <CLI/CLI.hpp>

#include <array>
#include <utility>
#include <vector>

namespace drill {

namespace {

constexpr std::array<std::pair<Format, std::string_view>, 5> k_names{{{Format::text, "text"},
                                                                      {Format::json, "json"},
                                                                      {Format::jsonl, "jsonl"},
                                                                      {Format::csv, "csv"},
                                                                      {Format::markdown, "markdown"}}};

} // namespace

std::string_view format_name(Format format) {
  for (const auto &[f, name] : k_names)
    if (f == format) return name;
  return "text";
}

std::optional<Format> format_named(std::string_view name) {
  for (const auto &[f, n] : k_names)
    if (n == name) return f;
  return std::nullopt;
}

CLI::Option *add_format_option(CLI::App &command, Format &format, std::initializer_list<Format> allowed,
                               const std::string &help) {
  std::vector<std::string> names;
  for (Format f : allowed)
    names.emplace_back(format_name(f));
  // IsMember refuses anything else before the callback runs, with the
  // accepted names in its message, and puts them in the option's type name,
  // where --help and the completions read them.
  return command
      .add_option_function<std::string>(
          "-f,--format", [&format](const std::string &name) { format = *format_named(name); }, help)
      ->check(CLI::IsMember(names));
}

} // namespace drill
