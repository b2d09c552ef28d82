#pragma once

#include "bank/bank.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// The curated list of technology names that job postings use, mapped to
/// bank topics (docs/skills-format.md): what `drill job` and `--job` look for.
struct SkillList {
  struct Skill {
    std::string name;                    ///< the usual spelling, e.g. "PostgreSQL"
    std::vector<std::string> spellings;  ///< the name first, then its aliases ("Postgres")
    std::vector<std::string> topics;     ///< bank topics; empty when no questions cover it
    std::vector<std::string> needs_list; ///< spellings that count only in a list ("Go")
    bool stem = false;                   ///< compare by word stem ("migrations" ~ "migration")
  };
  std::vector<Skill> skills;
  /// Role -> phrases that name it in a posting ("backend", "site reliability").
  std::map<std::string, std::vector<std::string>> roles;
  /// Bank topics whose own name is too common a word to count as a skill ("platform").
  std::vector<std::string> names_not_topics;
};

/// The skills format version this drill reads.
inline constexpr int k_skill_list_format_version = 1;

/// Reads a skills document into `list` (replacing what it held) when it has
/// no problems; otherwise appends each problem with its file, line and
/// column. A topic not in `known_topics` is a problem, unless the list is empty.
void load_skill_list_text(std::string_view text, const std::string &file, const std::vector<std::string> &known_topics,
                          SkillList &list, std::vector<Diagnostic> &problems);
/// The same for a file; throws Error(no_input) when it cannot be read.
void load_skill_list_file(const std::filesystem::path &file, const std::vector<std::string> &known_topics,
                          SkillList &list, std::vector<Diagnostic> &problems);

/// True for text that declares itself a skills list ("format": "drill-skills").
bool looks_like_skill_list(std::string_view text);

} // namespace drill
