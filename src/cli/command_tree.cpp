#include "cli/command_tree.hpp"

#include "bank/question.hpp"
#include "util/suggest.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>

namespace drill {

namespace {

const CLI::Option *find_option(const std::vector<const CLI::App *> &chain, const std::string &name) {
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    if (const CLI::Option *o = (*it)->get_option_no_throw(name); o != nullptr && !o->get_positional()) return o;
  return nullptr;
}

const CLI::App *find_subcommand(const CLI::App &app, const std::string &name) {
  for (const auto *sub : app.get_subcommands({}))
    if (!sub->get_name().empty() && sub->check_name(name)) return sub;
  return nullptr;
}

bool takes_positionals(const CLI::App &app) {
  return !app.get_options([](const CLI::Option *o) { return o->get_positional(); }).empty();
}

} // namespace

std::vector<const CLI::App *> visible_subcommands(const CLI::App &app) {
  std::vector<const CLI::App *> out;
  for (const auto *sub : app.get_subcommands({}))
    if (!sub->get_name().empty() && !sub->get_group().empty()) out.push_back(sub);
  return out;
}

CommandWalk walk_commands(const CLI::App &root, const std::vector<std::string> &args) {
  CommandWalk walk;
  walk.chain.push_back(&root);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    if (arg == "--") break;
    if (arg.size() > 1 && arg[0] == '-') {
      bool is_long = arg[1] == '-';
      std::string name = is_long ? arg.substr(0, arg.find('=')) : arg.substr(0, 2);
      const CLI::Option *o = find_option(walk.chain, name);
      if (o == nullptr) {
        walk.unknown = name;
        walk.unknown_is_option = true;
        return walk;
      }
      bool value_attached = is_long ? arg.find('=') != std::string::npos : arg.size() > 2;
      if (o->get_expected_min() > 0 && !value_attached) ++i;
      continue;
    }
    const CLI::App &here = *walk.chain.back();
    if (const CLI::App *sub = find_subcommand(here, arg)) {
      walk.chain.push_back(sub);
      continue;
    }
    if (!here.get_subcommands({}).empty() && !takes_positionals(here)) {
      walk.unknown = arg;
      return walk;
    }
  }
  return walk;
}

std::string command_name(const std::vector<const CLI::App *> &chain) {
  std::string out = "drill";
  for (std::size_t i = 1; i < chain.size(); ++i)
    out += " " + chain[i]->get_name();
  return out;
}

std::vector<std::string> accepted_options(const std::vector<const CLI::App *> &chain) {
  std::vector<std::string> out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    for (const auto *o : (*it)->get_options({}))
      if (!o->get_positional()) {
        for (const auto &n : o->get_lnames())
          out.push_back("--" + n);
        for (const auto &n : o->get_snames())
          out.push_back("-" + n);
      }
  return out;
}

namespace {

// The completion values of an option, from its type name: CLI11 appends
// IsMember's choices ("TEXT:{text,json}"), and the names drill gives its
// options say the rest (FILE..., PATH..., ROLE, TOPIC, ID, CATEGORY, LEVEL).
std::string value_kind(const CLI::Option &o) {
  std::string type = o.get_type_name();
  std::string base = type.substr(0, type.find(':'));
  if (auto open = type.find('{'); open != std::string::npos) {
    std::string words = type.substr(open + 1, type.find('}', open) - open - 1);
    for (auto &c : words)
      if (c == ',') c = ' ';
    return words;
  }
  if (base.rfind("FILE", 0) == 0 || base.rfind("PATH", 0) == 0) return "@files";
  if (base == "ROLE") return "@roles";
  if (base == "TOPIC") return "@topics";
  if (base == "ID") return "@ids";
  if (base == "CATEGORY") return join(category_names(), " ");
  if (base == "LEVEL") return join(difficulty_names(), " ");
  return {};
}

OptionSpec option_spec(const CLI::Option &o, bool offered) {
  OptionSpec spec;
  for (const auto &n : o.get_lnames())
    spec.names.push_back("--" + n);
  for (const auto &n : o.get_snames())
    spec.names.push_back("-" + n);
  spec.help = o.get_description();
  spec.takes_value = o.get_expected_min() > 0;
  if (spec.takes_value) spec.values = value_kind(o);
  spec.offered = offered;
  return spec;
}

void describe(const CLI::App &app, std::vector<const CLI::App *> chain, std::vector<CommandSpec> &out) {
  chain.push_back(&app);
  CommandSpec spec;
  spec.path = command_name(chain);
  spec.help = app.get_description();
  for (const auto *sub : visible_subcommands(app))
    spec.subcommands.push_back(sub->get_name());
  std::vector<std::string> seen;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    bool own = *it == &app;
    bool root = *it == chain.front();
    for (const auto *o : (*it)->get_options({})) {
      if (o->get_positional()) {
        if (own) {
          spec.has_arguments = true;
          spec.arguments = value_kind(*o);
          // drill help COMMAND: the commands themselves.
          if (o->get_type_name().rfind("COMMAND", 0) == 0) {
            std::vector<std::string> names;
            for (const auto *sub : visible_subcommands(*chain.front()))
              names.push_back(sub->get_name());
            spec.arguments = join(names, " ");
          }
        }
        continue;
      }
      OptionSpec os = option_spec(*o, own || (root && o->get_group() == k_global_group));
      // A command's own option hides the one of the same name above it.
      if (std::find(seen.begin(), seen.end(), os.names.front()) != seen.end()) continue;
      seen.push_back(os.names.front());
      spec.options.push_back(std::move(os));
    }
  }
  out.push_back(std::move(spec));
  for (const auto *sub : visible_subcommands(app))
    describe(*sub, chain, out);
}

} // namespace

std::vector<CommandSpec> describe_commands(const CLI::App &root) {
  std::vector<CommandSpec> out;
  describe(root, {}, out);
  return out;
}

std::string usage_message(const CLI::App &root, const std::vector<std::string> &args, const std::string &fallback) {
  CommandWalk walk = walk_commands(root, args);
  std::string where = command_name(walk.chain);
  std::string message = fallback;
  if (walk.unknown_is_option) {
    auto names = accepted_options(walk.chain);
    message =
        fmt::format("unknown option '{}' for '{}'{}", walk.unknown, where, did_you_mean_suffix(walk.unknown, names));
  } else if (!walk.unknown.empty()) {
    std::vector<std::string> names;
    for (const auto *sub : visible_subcommands(*walk.chain.back()))
      names.push_back(sub->get_name());
    auto best = did_you_mean(walk.unknown, names);
    message = fmt::format("unknown command '{}' for '{}'{}; the commands are: {}", walk.unknown, where,
                          best ? fmt::format(" (did you mean '{} {}'?)", where, *best) : "", join(names));
  }
  return fmt::format("{}\nrun '{} --help' for usage", message, where);
}

} // namespace drill
