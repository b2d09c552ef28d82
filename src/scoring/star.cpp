#include "scoring/star.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace drill {

std::string_view to_string(StarPart p) {
  switch (p) {
  case StarPart::situation: return "situation";
  case StarPart::task: return "task";
  case StarPart::action: return "action";
  case StarPart::result: return "result";
  }
  return "situation";
}

int StarResult::count() const { return static_cast<int>(std::count(present.begin(), present.end(), true)); }

// Each STAR part is recognised from cues a listener hears: time and place
// for the situation, "my job was" for the task, "I" followed by an action
// verb for actions, and outcome words (ideally with a number) for results.
// The cues are word lists rather than a model, so every decision can be
// explained in docs/scoring.md, and the same answer always reads the same.

namespace {

constexpr std::string_view k_time_words[] = {"year",    "years",    "month",  "months", "week",    "weeks", "ago",
                                             "quarter", "summer",   "winter", "spring", "autumn",  "fall",  "during",
                                             "while",   "previous", "last",   "former", "earlier", "once",  "back"};
constexpr std::string_view k_setting_words[] = {
    "company", "startup", "start",  "team",     "project",  "client",   "customer",  "customers", "job",
    "role",    "product", "launch", "deadline", "outage",   "incident", "migration", "release",   "stake",
    "risk",    "bank",    "agency", "firm",     "employer", "platform", "service",   "codebase",  "squad"};
constexpr std::string_view k_task_words[] = {"responsible", "responsibility", "task",   "tasked", "goal",     "aim",
                                             "objective",   "assigned",       "charge", "owned",  "owner",    "mission",
                                             "priority",    "expected",       "needed", "brief",  "challenge"};
// Nouns that name a duty only when the speaker's team owns them ("our goal
// was", "our priority was"); "at my old job" names a place, not a duty.
constexpr std::string_view k_shared_task_nouns[] = {"goal", "aim", "objective", "priority", "mission", "task", "job"};
// "I was the tech lead", "I was on call": a role that carries the duty.
constexpr std::string_view k_role_nouns[] = {"lead",    "owner", "commander", "manager",
                                             "captain", "point", "call",      "oncall"};
// Habits and rules of thumb ("I always...", "whenever it is slow I...") are
// opinions about work, not events of a story.
constexpr std::string_view k_habitual[] = {"always",   "usually", "generally", "typically", "normally",
                                           "whenever", "tend",    "tends",     "often"};
// Words a rambling speaker puts between "I" and the verb ("I kind of told").
constexpr std::string_view k_fillers[] = {"basically", "kind", "sort",     "of",    "like",     "really",
                                          "honestly",  "just", "probably", "maybe", "sometimes"};
constexpr std::string_view k_state_verbs[] = {
    "was",    "were",   "am",     "had",   "have",     "felt",     "feel",    "liked",  "like",    "wanted",
    "want",   "needed", "need",   "think", "thought",  "guess",    "believe", "hoped",  "would",   "could",
    "should", "will",   "can",    "might", "realized", "realised", "learned", "learnt", "noticed", "knew",
    "know",   "joined", "worked", "used",  "seemed",   "loved",    "enjoyed", "hated"};
constexpr std::string_view k_irregular_actions[] = {
    "built",   "wrote",   "set",     "led",    "ran",   "made",  "took",   "found",     "brought",  "chose",
    "drove",   "spoke",   "met",     "put",    "began", "sent",  "gave",   "got",       "kept",     "held",
    "dug",     "rewrote", "broke",   "split",  "cut",   "went",  "told",   "drew",      "sought",   "taught",
    "shipped", "did",     "paired",  "rolled", "sat",   "wound", "struck", "undertook", "proposed", "fixed",
    "wrote",   "read",    "rebuilt", "hid",    "shut",  "spun",  "stood",  "swapped",   "won"};
constexpr std::string_view k_adverbs[] = {"then",       "also",     "first",       "quickly",    "immediately",
                                          "personally", "finally",  "next",        "carefully",  "still",
                                          "myself",     "actually", "just",        "eventually", "later",
                                          "instead",    "directly", "proactively", "gradually",  "publicly"};
constexpr std::string_view k_result_markers[] = {
    "result", "resulted", "results", "outcome", "eventually",   "ultimately", "lesson",     "lessons",     "learned",
    "learnt", "takeaway", "since",   "impact",  "consequently", "success",    "successful", "successfully"};
constexpr std::string_view k_change_words[] = {
    "reduced",   "cut",    "dropped", "improved",  "increased", "fell",     "rose",       "grew",      "saved",
    "went",      "halved", "doubled", "tripled",   "shrank",    "lowered",  "raised",     "down",      "faster",
    "fewer",     "less",   "more",    "lower",     "higher",    "shipped",  "launched",   "delivered", "finished",
    "completed", "met",    "hit",     "zero",      "recovered", "resolved", "eliminated", "stopped",   "promoted",
    "adopted",   "passed", "closed",  "prevented", "avoided",   "won"};
constexpr std::string_view k_outcome_words[] = {"became",   "improved", "better",   "stabilised", "stabilized",
                                                "fixed",    "solved",   "resolved", "dropped",    "disappeared",
                                                "promoted", "agreed",   "approved", "accepted",   "passed"};
// "it got much faster": a state that changed, told with a comparative.
constexpr std::string_view k_comparatives[] = {"faster", "quicker", "slower", "cheaper", "smaller", "simpler", "safer",
                                               "easier", "calmer",  "fewer",  "less",    "more",    "better"};
// Openers that say time has passed since the actions: what follows is an
// outcome ("By the end of the quarter he was on call", "Two weeks later...").
constexpr std::string_view k_elapsed[] = {"later", "within", "since"};
constexpr std::string_view k_quantities[] = {"percent", "twice",   "half",     "double",  "triple",
                                             "tenfold", "hundred", "thousand", "million", "billion",
                                             "hours",   "days",    "weeks",    "minutes"};

// Irregular verbs whose past tense is also their present ("I put a cache in
// front of it" may be a habit), so they do not prove a past event.
constexpr std::string_view k_same_in_present[] = {"put", "set", "cut", "read", "hit", "shut", "split", "spread"};

// Each list above is one bit. Every word of an answer is looked up once, and
// a sentence then asks "has a word with this bit?" rather than hashing its
// words again for each list.
enum Cue : std::uint32_t {
  time_word = 1u << 0,
  setting_word = 1u << 1,
  task_word = 1u << 2,
  shared_task_noun = 1u << 3,
  role_noun = 1u << 4,
  habitual = 1u << 5,
  filler = 1u << 6,
  state_verb = 1u << 7,
  irregular_action = 1u << 8,
  adverb = 1u << 9,
  result_marker = 1u << 10,
  change_word = 1u << 11,
  outcome_word = 1u << 12,
  comparative = 1u << 13,
  elapsed = 1u << 14,
  quantity = 1u << 15,
  same_in_present = 1u << 16,
};

std::uint32_t cues_of(std::string_view word) {
  static const std::unordered_map<std::string_view, std::uint32_t> table = [] {
    std::unordered_map<std::string_view, std::uint32_t> t;
    auto add = [&](Cue cue, const auto &words) {
      for (std::string_view w : words)
        t[w] |= cue;
    };
    add(time_word, k_time_words);
    add(setting_word, k_setting_words);
    add(task_word, k_task_words);
    add(shared_task_noun, k_shared_task_nouns);
    add(role_noun, k_role_nouns);
    add(habitual, k_habitual);
    add(filler, k_fillers);
    add(state_verb, k_state_verbs);
    add(irregular_action, k_irregular_actions);
    add(adverb, k_adverbs);
    add(result_marker, k_result_markers);
    add(change_word, k_change_words);
    add(outcome_word, k_outcome_words);
    add(comparative, k_comparatives);
    add(elapsed, k_elapsed);
    add(quantity, k_quantities);
    add(same_in_present, k_same_in_present);
    return t;
  }();
  auto it = table.find(word);
  return it == table.end() ? 0 : it->second;
}

// A word of the answer, with the cue lists that hold it.
struct Word {
  std::string_view word;
  bool numeric = false;
  std::uint32_t cues = 0;
  [[nodiscard]] bool is(Cue cue) const { return (cues & cue) != 0; }
};
using Words = std::vector<Word>;

bool has_any(const Words &ws, Cue cue) {
  for (const auto &t : ws)
    if (t.is(cue)) return true;
  return false;
}

bool has_phrase(const Words &ws, std::initializer_list<std::string_view> phrase) {
  const std::string_view *p = phrase.begin();
  for (std::size_t i = 0; i + phrase.size() <= ws.size(); ++i) {
    bool all = true;
    for (std::size_t k = 0; k < phrase.size() && all; ++k)
      all = ws[i + k].word == p[k];
    if (all) return true;
  }
  return false;
}

bool has_year(const Words &ws) {
  for (const auto &t : ws)
    if (t.word.size() == 4 && (t.word.rfind("19", 0) == 0 || t.word.rfind("20", 0) == 0) &&
        t.word.find_first_not_of("0123456789") == std::string::npos)
      return true;
  return false;
}

bool has_number(const Words &ws) {
  for (const auto &t : ws)
    if (t.numeric || t.is(quantity)) return true;
  return false;
}

std::size_t count_word_in(const Words &ws, const char *w) {
  std::size_t n = 0;
  for (const auto &t : ws)
    if (t.word == w) ++n;
  return n;
}

bool is_action_verb(const Word &word) {
  if (word.is(state_verb)) return false;
  if (word.is(irregular_action)) return true;
  const std::string_view w = word.word;
  return w.size() > 4 && w.compare(w.size() - 2, 2, "ed") == 0;
}

// "I" followed (past a few adverbs or fillers) by an action verb, and not
// negated: "I didn't bother" is the absence of an action.
bool first_person_action(const Words &ws) {
  for (std::size_t i = 0; i < ws.size(); ++i) {
    if (ws[i].word != "i") continue;
    std::size_t j = i + 1;
    while (j < ws.size() && j <= i + 4 && (ws[j].is(adverb) || ws[j].is(filler)))
      ++j;
    if (j >= ws.size() || !is_action_verb(ws[j])) continue;
    if (j + 1 < ws.size() && (ws[j + 1].word == "not" || ws[j + 1].word == "never")) continue;
    return true;
  }
  return false;
}

bool is_past_tense(const Word &word) {
  const std::string_view w = word.word;
  if (w == "was" || w == "were" || w == "had" || w == "did") return true;
  if (word.is(irregular_action)) return !word.is(same_in_present);
  return w.size() > 4 && w.compare(w.size() - 2, 2, "ed") == 0;
}

// A sentence that states a habit, a rule or a wish rather than telling what
// happened: "I always...", "whenever it is slow I...", "if I'm worried I'll
// mention it", "I'd love to use it in my next role". `past`: the sentence
// has a past-tense verb.
bool is_generic(const Words &ws, bool past) {
  if (has_any(ws, habitual) && !past) return true;
  bool conditional = count_word_in(ws, "if") > 0 && (count_word_in(ws, "will") > 0 || count_word_in(ws, "would") > 0);
  bool wish = count_word_in(ws, "would") > 0 && !past;
  return conditional || wish;
}

// The sentence opens on time having passed: "By the end of the quarter...",
// "After a couple of weeks...", "Two months later...", "Within a week...".
bool elapsed_time_opener(const Words &ws) {
  if (has_phrase(ws, {"by", "the", "end"})) return true;
  std::size_t head = std::min<std::size_t>(ws.size(), 6);
  for (std::size_t i = 0; i < head; ++i) {
    const std::string_view w = ws[i].word;
    if (ws[i].is(elapsed)) return true;
    if (i == 0 && w == "after" && head > 1 && has_number(Words(ws.begin(), ws.begin() + static_cast<long>(head))))
      return true;
  }
  return false;
}

// "when I joined", "when I was at...": the moment a story starts.
bool when_i_did(const Words &ws) {
  for (std::size_t i = 0; i + 1 < ws.size(); ++i) {
    if (ws[i].word != "when" || ws[i + 1].word != "i") continue;
    std::size_t j = i + 2;
    while (j < ws.size() && j <= i + 5 && ws[j].is(filler))
      ++j;
    if (j < ws.size() && is_past_tense(ws[j])) return true;
  }
  return false;
}

// "at a retail company", "at the agency": a place named by its kind.
bool at_a_setting(const Words &ws) {
  for (std::size_t i = 0; i + 1 < ws.size(); ++i) {
    if (ws[i].word != "at") continue;
    for (std::size_t j = i + 1; j < ws.size() && j <= i + 3; ++j)
      if (ws[j].is(setting_word)) return true;
  }
  return false;
}

// "I learned", "next time I would", "in hindsight", "since then I always":
// the teller looking back on the story.
bool reflects(const Words &ws) {
  for (const auto &w : ws) {
    const std::string_view t = w.word;
    if (t == "learned" || t == "learnt" || t == "lesson" || t == "lessons" || t == "taught" || t == "differently" ||
        t == "hindsight" || t == "retrospect" || t == "takeaway" || t == "realised" || t == "realized")
      return true;
  }
  return has_phrase(ws, {"next", "time"}) || has_phrase(ws, {"since", "then"}) ||
         has_phrase(ws, {"going", "forward"}) || has_phrase(ws, {"now", "i"}) || has_phrase(ws, {"would", "have"}) ||
         has_phrase(ws, {"looking", "back"});
}

// "it got much faster", "the page became quicker".
bool changed_state(const Words &ws) {
  for (std::size_t i = 0; i + 1 < ws.size(); ++i) {
    const std::string_view w = ws[i].word;
    if (w != "got" && w != "became" && w != "was" && w != "were") continue;
    for (std::size_t j = i + 1; j < ws.size() && j <= i + 3; ++j)
      if (ws[j].is(comparative)) return true;
  }
  return false;
}

} // namespace

StarResult detect_star(std::string_view answer, const TokenizedText &text) {
  StarResult star;
  std::vector<Words> sentences(text.sentences.size());
  for (const auto &t : text.tokens)
    sentences[t.sentence].push_back(Word{t.word, t.numeric, cues_of(t.word)});

  auto mark = [&](StarPart part, std::size_t s, bool overwrite = false) {
    auto i = static_cast<std::size_t>(part);
    if (star.present[i] && !overwrite) return;
    star.present[i] = true;
    star.evidence[i] = sentence_text(answer, text.sentences[s]);
  };

  std::size_t we = 0, i_count = 0, i_actions = 0;
  for (std::size_t s = 0; s < sentences.size(); ++s) {
    const Words &ws = sentences[s];
    we += count_word_in(ws, "we");
    i_count += count_word_in(ws, "i");
    // A story is told in the past ("We released...", "Last year...", "There
    // was this junior..."); an opinion ("I think the best way...") is not.
    bool narrative = std::any_of(ws.begin(), ws.end(), [](const Word &w) { return is_past_tense(w); });
    if (reflects(ws)) star.reflection = true;
    if (is_generic(ws, narrative)) {
      ++star.generic_sentences;
      continue;
    }
    if (narrative) ++star.past_sentences;

    bool time_or_place = has_any(ws, time_word) || has_year(ws) || has_phrase(ws, {"at", "my"}) ||
                         has_phrase(ws, {"in", "my"}) || when_i_did(ws) || at_a_setting(ws);
    bool setting = has_any(ws, setting_word);
    bool story_opener =
        has_phrase(ws, {"there", "was"}) || has_phrase(ws, {"there", "were"}) || has_phrase(ws, {"one", "time"});
    if ((time_or_place && setting) || (story_opener && narrative) ||
        (s == 0 && (time_or_place || (setting && narrative) || narrative)))
      mark(StarPart::situation, s);

    bool own = has_phrase(ws, {"i", "was"}) || has_phrase(ws, {"my"}) || has_phrase(ws, {"i", "owned"}) ||
               count_word_in(ws, "i") > 0;
    // "our goal was", "my job was", "the goal was": a duty named as such.
    bool shared_duty = false;
    for (std::size_t k = 0; k + 2 < ws.size(); ++k) {
      const std::string_view owner = ws[k].word;
      if (!ws[k + 1].is(shared_task_noun)) continue;
      if (owner == "our" || owner == "my") shared_duty = true;
      if (owner == "the" && (ws[k + 2].word == "was" || ws[k + 2].word == "is" || ws[k + 2].word == "i"))
        shared_duty = true;
    }
    // "I had to", "we needed to", "it was on me to".
    bool obliged = has_phrase(ws, {"on", "me", "to"});
    for (const char *who : {"i", "we"})
      for (const char *verb : {"had", "needed"})
        obliged = obliged || has_phrase(ws, {who, verb, "to"});
    bool own_role = false;
    for (std::size_t k = 0; k + 2 < ws.size(); ++k)
      if (ws[k].word == "i" && ws[k + 1].word == "was")
        for (std::size_t j = k + 2; j < ws.size() && j <= k + 5; ++j)
          if (ws[j].is(role_noun)) own_role = true;
    bool asked = has_phrase(ws, {"was", "asked"}) || has_phrase(ws, {"asked", "me", "to"});
    if ((has_any(ws, task_word) && own) || shared_duty || own_role || asked || obliged) mark(StarPart::task, s);

    if (first_person_action(ws)) {
      ++i_actions;
      mark(StarPart::action, s);
    }

    bool outcome = has_any(ws, result_marker) || has_phrase(ws, {"in", "the", "end"}) ||
                   has_phrase(ws, {"after", "that"}) || has_phrase(ws, {"came", "back"}) || has_any(ws, outcome_word) ||
                   has_phrase(ws, {"ended", "up"}) || has_phrase(ws, {"which", "meant"}) ||
                   has_phrase(ws, {"led", "to"}) || has_phrase(ws, {"on", "time"}) ||
                   has_phrase(ws, {"doing", "well"}) || elapsed_time_opener(ws) || changed_state(ws);
    bool measured_change = has_any(ws, change_word) && has_number(ws);
    if (outcome || measured_change) {
      mark(StarPart::result, s, true); // the last one is the best evidence
      if (has_number(ws)) star.measured_result = true;
    }
  }
  star.own_actions = i_actions;
  star.we_only = we >= 2 && i_actions == 0 && i_count <= 1;
  return star;
}

} // namespace drill
