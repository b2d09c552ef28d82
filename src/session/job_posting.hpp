#pragma once

#include "bank/bank.hpp"
#include "bank/lexicon.hpp"
#include "bank/skill_list.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace drill {

/// One skill a posting asks for.
struct PostingSkill {
  std::string written;             ///< as the posting first writes it ("Postgres")
  std::string name;                ///< the skill's own name ("PostgreSQL"), or the topic's
  std::vector<std::string> topics; ///< the bank topics it maps to
  std::size_t mentions = 0;        ///< how often the posting names it, in any spelling
  std::size_t questions = 0;       ///< bundled questions on those topics, for the role (or all roles)
};

/// What a job posting asks for, in the banks' terms.
struct PostingAnalysis {
  std::vector<PostingSkill> covered;                  ///< skills with questions, most mentioned first
  std::vector<PostingSkill> uncovered;                ///< skills no question covers ("Terraform: no questions")
  std::string role;                                   ///< the role the questions were counted for ("" for all)
  bool role_guessed = false;                          ///< true when `role` came from the posting
  std::map<std::string, std::uint64_t> topic_weights; ///< topic -> mentions of the skills that map to it
};

/// A posting as plain text: tags such as `<li>` dropped (block tags become
/// line breaks), HTML entities decoded (`&amp;`, `&nbsp;`, `&#39;`, `&#x27;`).
std::string clean_posting(std::string_view raw);

/// Throws Error(data) naming `name` when `raw` is not text: it holds a NUL
/// byte, or more than a tenth of it is invalid UTF-8 (less is repaired:
/// the bad bytes read as spaces).
void check_posting_text(std::string_view raw, const std::string &name);

/// The role a posting names most often by the list's role phrases
/// ("Backend Engineer", "Site Reliability"), or "" when none leads.
std::string guess_posting_role(std::string_view posting, const SkillList &skills);

/// Finds the skills `posting` (already cleaned) asks for: the curated list's
/// names and aliases, then the banks' topic names (hyphens as spaces, by
/// stem), with the lexicon's synonyms for stemmed words. Matching is
/// case-insensitive on word boundaries, longest spelling first, and each
/// word counts for one skill only. `role` counts the questions ("" for all;
/// with `guess` the posting may choose it).
enum class GuessRole { no, yes };
PostingAnalysis analyse_posting(std::string_view posting, const SkillList &skills, const Bank &bank,
                                const Lexicon *lexicon, std::string role, GuessRole guess);

/// The weight of each question in `pool` for a posting: the sum of the
/// topic weights of its topics (0 when it shares none).
std::vector<std::uint64_t> posting_weights(const std::vector<const Question *> &pool, const PostingAnalysis &analysis);

} // namespace drill
