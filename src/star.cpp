#include "drill/star.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace drill {

// Each STAR part is recognised from cues a listener hears: time and place
// for the situation, "my job was" for the task, "I" followed by an action
// verb for actions, and outcome words (ideally with a number) for results.
// The cues are word lists rather than a model, so every decision can be
// explained in docs/scoring.md, and the same answer always reads the same.

namespace {

using Words = std::vector<const Token *>;

const std::set<std::string> k_time_words{"year", "years", "month", "months", "week", "weeks", "ago", "quarter",
                                         "summer", "winter", "spring", "autumn", "fall", "during", "while",
                                         "previous", "last", "former", "earlier", "once", "back"};
const std::set<std::string> k_setting_words{"company", "startup", "start", "team", "project", "client", "customer",
                                            "customers", "job", "role", "product", "launch", "deadline", "outage",
                                            "incident", "migration", "release", "stake", "risk", "bank", "agency",
                                            "firm", "employer", "platform", "service", "codebase", "squad"};
const std::set<std::string> k_task_words{"responsible", "responsibility", "task", "tasked", "goal", "aim",
                                         "objective", "assigned", "charge", "owned", "owner", "mission", "job",
                                         "role", "expected", "needed", "asked", "brief", "challenge"};
const std::set<std::string> k_state_verbs{"was", "were", "am", "had", "have", "felt", "feel", "liked", "like",
                                          "wanted", "want", "needed", "need", "think", "thought", "guess",
                                          "believe", "hoped", "would", "could", "should", "will", "can", "might",
                                          "realized", "realised", "learned", "learnt", "noticed", "knew", "know",
                                          "joined", "worked", "used", "seemed", "loved", "enjoyed", "hated"};
const std::set<std::string> k_irregular_actions{
    "built", "wrote", "set", "led", "ran", "made", "took", "found", "brought", "chose", "drove", "spoke", "met",
    "put", "began", "sent", "gave", "got", "kept", "held", "dug", "rewrote", "broke", "split", "cut", "went", "told",
    "drew", "sought", "taught", "shipped", "did", "paired", "rolled", "sat", "wound", "struck", "undertook",
    "proposed", "fixed", "wrote", "read", "rebuilt", "hid", "shut", "spun", "stood", "swapped", "won"};
const std::set<std::string> k_adverbs{"then", "also", "first", "quickly", "immediately", "personally", "finally",
                                      "next", "carefully", "still", "myself", "actually", "just", "eventually",
                                      "later", "instead", "directly", "proactively", "gradually", "publicly"};
const std::set<std::string> k_result_markers{"result", "resulted", "results", "outcome", "eventually", "ultimately",
                                             "afterwards", "afterward", "lesson", "lessons", "learned", "learnt",
                                             "takeaway", "since", "impact", "consequently", "success",
                                             "successful", "successfully"};
const std::set<std::string> k_change_words{
    "reduced", "cut", "dropped", "improved", "increased", "fell", "rose", "grew", "saved", "went", "halved",
    "doubled", "tripled", "shrank", "lowered", "raised", "down", "faster", "fewer", "less", "more", "lower",
    "higher", "shipped", "launched", "delivered", "finished", "completed", "met", "hit", "zero", "recovered",
    "resolved", "eliminated", "stopped", "promoted", "adopted", "passed", "closed", "prevented", "avoided", "won"};
const std::set<std::string> k_outcome_words{"became", "improved", "better", "stabilised", "stabilized",
                                           "fixed", "solved", "resolved", "dropped", "disappeared", "promoted"};
const std::set<std::string> k_quantities{"percent", "twice", "half", "double", "triple", "tenfold", "hundred",
                                         "thousand", "million", "billion", "hours", "days", "weeks", "minutes"};

bool has_any(const Words &ws, const std::set<std::string> &set) {
  for (const auto *t : ws)
    if (set.count(t->word)) return true;
  return false;
}

bool has_phrase(const Words &ws, std::initializer_list<const char *> phrase) {
  std::vector<std::string> p(phrase.begin(), phrase.end());
  for (std::size_t i = 0; i + p.size() <= ws.size(); ++i) {
    bool all = true;
    for (std::size_t k = 0; k < p.size() && all; ++k) all = ws[i + k]->word == p[k];
    if (all) return true;
  }
  return false;
}

bool has_year(const Words &ws) {
  for (const auto *t : ws)
    if (t->word.size() == 4 && (t->word.rfind("19", 0) == 0 || t->word.rfind("20", 0) == 0) &&
        t->word.find_first_not_of("0123456789") == std::string::npos)
      return true;
  return false;
}

bool has_number(const Words &ws) {
  for (const auto *t : ws)
    if (t->numeric || k_quantities.count(t->word)) return true;
  return false;
}

bool is_action_verb(const std::string &w) {
  if (k_state_verbs.count(w)) return false;
  if (k_irregular_actions.count(w)) return true;
  return w.size() > 4 && w.compare(w.size() - 2, 2, "ed") == 0;
}

// "I" followed (past a few adverbs) by an action verb.
bool first_person_action(const Words &ws) {
  for (std::size_t i = 0; i < ws.size(); ++i) {
    if (ws[i]->word != "i") continue;
    std::size_t j = i + 1;
    while (j < ws.size() && j <= i + 3 && k_adverbs.count(ws[j]->word)) ++j;
    if (j < ws.size() && is_action_verb(ws[j]->word)) return true;
  }
  return false;
}

std::size_t count_word(const Words &ws, const char *w) {
  std::size_t n = 0;
  for (const auto *t : ws)
    if (t->word == w) ++n;
  return n;
}

} // namespace

StarResult detect_star(std::string_view answer, const TokenizedText &text) {
  StarResult star;
  std::vector<Words> sentences(text.sentences.size());
  for (const auto &t : text.tokens) sentences[t.sentence].push_back(&t);

  auto mark = [&](StarPart part, std::size_t s, bool overwrite = false) {
    auto i = static_cast<std::size_t>(part);
    if (star.present[i] && !overwrite) return;
    star.present[i] = true;
    star.evidence[i] = sentence_text(answer, text.sentences[s]);
  };

  std::size_t we = 0, i_count = 0, i_actions = 0;
  for (std::size_t s = 0; s < sentences.size(); ++s) {
    const Words &ws = sentences[s];
    we += count_word(ws, "we");
    i_count += count_word(ws, "i");

    bool time_or_place = has_any(ws, k_time_words) || has_year(ws) || has_phrase(ws, {"at", "my"}) ||
                         has_phrase(ws, {"when", "i", "was"}) || has_phrase(ws, {"in", "my"});
    bool setting = has_any(ws, k_setting_words);
    // A story opens in the past ("We released...", "Last year..."); an
    // opinion ("I think the best way...") is not a situation.
    bool narrative = std::any_of(ws.begin(), ws.end(), [](const Token *t) {
      return t->word == "was" || t->word == "were" || t->word == "had" ||
             (t->word.size() > 4 && t->word.compare(t->word.size() - 2, 2, "ed") == 0);
    });
    if ((time_or_place && setting) || (s == 0 && (time_or_place || (setting && narrative) || narrative)))
      mark(StarPart::situation, s);

    bool own = has_phrase(ws, {"i", "was"}) || has_phrase(ws, {"my"}) || has_phrase(ws, {"our", "goal"}) ||
               has_phrase(ws, {"i", "had", "to"}) ||
               has_phrase(ws, {"i", "needed", "to"}) || has_phrase(ws, {"i", "owned"}) || count_word(ws, "i") > 0;
    if (has_any(ws, k_task_words) && own) mark(StarPart::task, s);
    else if (has_phrase(ws, {"i", "had", "to"}) || has_phrase(ws, {"i", "needed", "to"})) mark(StarPart::task, s);

    if (first_person_action(ws)) {
      ++i_actions;
      mark(StarPart::action, s);
    }

    bool outcome = has_any(ws, k_result_markers) || has_phrase(ws, {"in", "the", "end"}) ||
                   has_phrase(ws, {"after", "that"}) || has_phrase(ws, {"got", "better"}) ||
                   has_phrase(ws, {"came", "back"}) || has_any(ws, k_outcome_words) ||
                   has_phrase(ws, {"ended", "up"}) || has_phrase(ws, {"which", "meant"}) ||
                   has_phrase(ws, {"led", "to"});
    bool measured_change = has_any(ws, k_change_words) && has_number(ws);
    if (outcome || measured_change) mark(StarPart::result, s, true); // the last one is the best evidence
  }
  star.we_only = we >= 2 && i_actions == 0 && i_count <= 1;
  return star;
}

} // namespace drill
