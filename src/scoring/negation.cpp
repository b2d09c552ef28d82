#include "scoring/negation.hpp"

#include <algorithm>
#include <string_view>

namespace drill {

namespace {

constexpr std::size_t k_negation_window = 6;  // words before a match searched for a negation cue
constexpr std::size_t k_dismissal_window = 5; // words after a match searched for a dismissal

bool is_clause_break(std::string_view w) {
  return w == "but" || w == "so" || w == "because" || w == "then" || w == "however" || w == "instead" ||
         w == "although" || w == "though" || w == "whereas" || w == "while";
}

bool is_negation_cue(std::string_view w) {
  return w == "no" || w == "not" || w == "never" || w == "nor" || w == "neither" || w == "skip" || w == "avoided" ||
         w == "unnecessary" || w == "pointless";
}

// Verbs through which a negation reaches the idea itself: "don't USE a
// cache", "no NEED for an index", "wouldn't BOTHER with retries".
bool is_recommendation_verb(std::string_view w) {
  static constexpr std::string_view k_verbs[] = {
      "use",       "uses",      "using",       "used",      "need",   "needs",     "needed", "bother", "require",
      "requires",  "required",  "worry",       "recommend", "add",    "adding",    "want",   "help",   "helps",
      "matter",    "matters",   "care",        "go",        "going",  "bothering", "apply",  "rely",   "introduce",
      "implement", "put",       "reach",       "bring",     "turn",   "enable",    "point",  "really", "always",
      "even",      "ever",      "necessarily", "actually",  "worth",  "good",      "idea",   "useful", "important",
      "needed",    "necessary", "sure",        "think",     "believe"};
  return std::find(std::begin(k_verbs), std::end(k_verbs), w) != std::end(k_verbs);
}

// A sentence opening with if/unless/without/when explains a consequence
// ("if you don't use X, ...") rather than rejecting an idea.
bool conditional_sentence(const std::vector<Token> &tokens, std::size_t at) {
  const std::uint32_t sentence = tokens[at].sentence;
  std::size_t first = at;
  while (first > 0 && tokens[first - 1].sentence == sentence)
    --first;
  const std::string_view opener = tokens[first].word;
  return opener == "if" || opener == "unless" || opener == "without" || opener == "when";
}

std::size_t sentence_start(const std::vector<Token> &tokens, std::size_t at) {
  const std::uint32_t sentence = tokens[at].sentence;
  std::size_t first = at;
  while (first > 0 && tokens[first - 1].sentence == sentence)
    --first;
  return first;
}

// "instead of X", "rather than X": X is what the speaker chose against.
bool set_aside_before(const std::vector<Token> &tokens, std::size_t start) {
  if (start < 2 || tokens[start - 1].sentence != tokens[start].sentence) return false;
  for (std::size_t back = 1; back <= 3 && back + 1 <= start; ++back) {
    const std::string_view w = tokens[start - back].word, before = tokens[start - back - 1].word;
    if ((w == "of" && before == "instead") || (w == "than" && before == "rather")) return true;
    if (tokens[start - back].sentence != tokens[start].sentence) break;
  }
  return false;
}

// The subject of the negated verb at tokens[cue]: a person, or nobody (an
// imperative: "never retry blindly"), rather than a thing.
bool speaker_refuses(const std::vector<Token> &tokens, std::size_t cue) {
  static constexpr std::string_view k_auxiliaries[] = {
      "do",     "does", "did",  "would", "will", "can", "could", "should", "is",    "are", "was",  "were",
      "really", "just", "have", "has",   "had",  "am",  "must",  "shall",  "might", "may", "also", "then"};
  static constexpr std::string_view k_people[] = {"i",      "we",  "you",    "they", "he",      "she",
                                                  "people", "one", "nobody", "team", "someone", "anyone"};
  const std::uint32_t sentence = tokens[cue].sentence;
  std::size_t k = cue;
  while (k > 0 && tokens[k - 1].sentence == sentence &&
         std::find(std::begin(k_auxiliaries), std::end(k_auxiliaries), tokens[k - 1].word) != std::end(k_auxiliaries))
    --k;
  if (k == 0 || tokens[k - 1].sentence != sentence || tokens[k].after_comma) return true; // imperative
  const std::string_view subject = tokens[k - 1].word;
  return std::find(std::begin(k_people), std::end(k_people), subject) != std::end(k_people);
}

} // namespace

Negation negation_before(const std::vector<Token> &tokens, std::size_t start) {
  const std::uint32_t sentence = tokens[start].sentence;
  if (set_aside_before(tokens, start)) return Negation::rejects;
  if (conditional_sentence(tokens, start)) return Negation::none;
  for (std::size_t back = 1; back <= k_negation_window && back <= start; ++back) {
    const Token &t = tokens[start - back];
    if (t.sentence != sentence || is_clause_break(t.word)) break;
    if (tokens[start - back + 1].after_comma) break;
    if (!is_negation_cue(t.word)) continue;
    // What stands between the cue and the match decides what is negated:
    // nothing but function words, or a verb of using or needing, and the
    // idea itself is ruled out.
    bool verb_between = false;
    for (std::size_t k = start - back + 1; k < start; ++k) {
      const Token &between = tokens[k];
      if (!between.stopword && !is_recommendation_verb(between.word)) verb_between = true;
    }
    if (!verb_between) return Negation::rejects;
    // Another verb between: a person not doing it ("I wouldn't set
    // timeouts", "don't add retries") still rules it out; a thing not doing
    // it describes how it behaves ("transactions do not see uncommitted
    // changes").
    return speaker_refuses(tokens, start - back) ? Negation::rejects : Negation::describes;
  }
  return Negation::none;
}

bool dismissed_after(const std::vector<Token> &tokens, std::size_t end) {
  const std::uint32_t sentence = tokens[end].sentence;
  if (conditional_sentence(tokens, end)) return false;
  for (std::size_t k = end + 1; k < tokens.size() && k <= end + k_dismissal_window; ++k) {
    const Token &t = tokens[k];
    if (t.sentence != sentence || t.after_comma || is_clause_break(t.word)) break;
    const std::string_view w = t.word;
    if (w == "not" || w == "overkill" || w == "unnecessary" || w == "pointless" || w == "useless" || w == "never")
      return true;
    // "I'd skip", "we can skip" -- but not "a kill switch to skip the call"
    if (w == "skip" && k > end + 1) {
      const std::string_view before = tokens[k - 1].word;
      if (before == "would" || before == "will" || before == "can" || before == "just" || before == "i" ||
          before == "we")
        return true;
    }
  }
  return false;
}

bool disowned(const std::vector<Token> &tokens, std::size_t start, std::size_t end) {
  if (set_aside_before(tokens, start)) return true;
  // Any negation in the clause before it, even one that only describes:
  // "SERIALIZABLE does not fix replication lag" asserts nothing wrong.
  const std::uint32_t sentence = tokens[start].sentence;
  for (std::size_t back = 1; back <= k_negation_window && back <= start; ++back) {
    const Token &t = tokens[start - back];
    if (t.sentence != sentence || is_clause_break(t.word)) break;
    if (is_negation_cue(t.word) || t.word == "myth" || t.word == "wrong" || t.word == "false") return true;
    // "which rules out a query per keystroke", "avoid retrying every error".
    if (t.word == "avoid" || t.word == "avoids" || t.word == "avoiding" || t.word == "against" || t.word == "prevent" ||
        t.word == "prevents" || t.word == "forbid" || t.word == "ban" ||
        (t.word == "out" && back + 1 <= start && tokens[start - back - 1].word.substr(0, 4) == "rule"))
      return true;
    if (tokens[start - back + 1].after_comma) break;
  }
  // Negations inside the match ("retrying does not fix a timeout").
  for (std::size_t k = start; k <= end && k < tokens.size(); ++k)
    if (is_negation_cue(tokens[k].word)) return true;
  if (dismissed_after(tokens, end)) return true;
  // "A common mistake is to think...", "people often believe...", "it's a myth that...".
  for (std::size_t k = sentence_start(tokens, start); k < start; ++k) {
    const std::string_view w = tokens[k].word;
    if (w == "mistake" || w == "misconception" || w == "myth" || w == "wrongly" || w == "mistakenly" ||
        w == "incorrectly" || w == "pitfall" || w == "trap" || w == "antipattern" || w == "tempting" || w == "naive" ||
        w == "naively" || w == "wrong")
      return true;
  }
  // "... which is wrong", "... is a myth": close after it, in its clause.
  for (std::size_t k = end + 1; k < tokens.size() && k <= end + k_dismissal_window; ++k) {
    const Token &t = tokens[k];
    if (t.sentence != sentence || t.after_comma || is_clause_break(t.word)) {
      if (!(t.after_comma && t.word == "which")) break;
    }
    const std::string_view w = t.word;
    if (w == "wrong" || w == "myth" || w == "mistake" || w == "false" || w == "incorrect") return true;
  }
  return false;
}

} // namespace drill
