#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace drill {

/// What a command writes to stdout, as --format names it.
enum class Format { text, json, jsonl, csv, markdown };

/// "text", "json", "jsonl", "csv" or "markdown".
std::string_view format_name(Format format);

/// The format spelled `name`, if any.
std::optional<Format> format_named(std::string_view name);

/// Adds -f,--format to `command`, accepting exactly `allowed` (offered in
/// that order by --help and the completions) into `format`, which keeps its
/// value when the option is not given.
CLI::Option *add_format_option(CLI::App &command, Format &format, std::initializer_list<Format> allowed,
                               const std::string &help);

} // namespace drill
