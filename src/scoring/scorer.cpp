#include "scoring/scorer.hpp"

#include "scoring/negation.hpp"
#include "scoring/star.hpp"
#include "scoring/tokens.hpp"
#include "util/json_writer.hpp"
#include "util/suggest.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

namespace drill {

std::string answer_size_problem(std::size_t bytes) {
  if (bytes <= k_max_answer_bytes) return {};
  std::string size = bytes >= 1'000'000 ? fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6)
                                        : fmt::format("{} KB", bytes / 1024);
  return fmt::format("the answer is {}; drill grades answers of up to {} KB (about 20,000 words)", size,
                     k_max_answer_bytes / 1024);
}

// How the scorer reads an answer, in the order it happens (docs/scoring.md
// explains each rule for users):
//  1. Tokenise and stem the answer and every concept phrasing the same way.
//  2. A phrasing matches where its content words appear in order, each within
//     a small gap of the previous one; a word matches by stem, or by a
//     length-scaled edit distance so that typos in long words still count.
//  3. A match is discarded when a negation cue stands just before it in the
//     same clause ("no need for an index"); a concept with only such matches
//     is reported as rejected.
//  4. Coverage is the weighted share of concepts hit. STAR questions blend in
//     STAR completeness; a bare list of terms is scaled down; delivery
//     problems subtract a few points each.

namespace {

constexpr std::size_t k_max_gap = 2;             // words allowed between two words of a phrasing
constexpr std::size_t k_max_window = 12;         // most words an any-order match may span
constexpr double k_full_coverage = 1.0;          // coverage that counts as every key point made
constexpr double k_misconception_cost = 0.25;    // per unit of a wrong claim's weight (1-3)
constexpr double k_story_relevance_share = 0.35; // story questions: what was asked
constexpr double k_story_structure_share = 0.30; // STAR parts
constexpr double k_story_signal_share = 0.35;    // ownership, past event, measured result, reflection
constexpr double k_story_substance = 0.3;        // relevance from which shape and signals count in full
constexpr double k_we_only_factor = 0.6;         // a story that never says what "I" did
constexpr double k_no_story_factor = 0.5;        // a story question answered without a past event
constexpr double k_keyword_list_factor = 0.2;
constexpr double k_vocabulary_share = 0.8;   // most that model-answer vocabulary alone can earn
constexpr double k_vocabulary_full = 0.45;   // vocabulary overlap that counts as complete
constexpr double k_prompt_word_share = 0.25; // weight of a model-answer word the prompt already says
constexpr int k_max_delivery_penalty = 20;
constexpr std::size_t k_derived_concepts = 8;

// Function words that a phrasing keeps, because swapping one for its
// opposite says the opposite: "commit after processing" must not hear
// "commit before processing", nor "without locking the table" hear "lock
// the table".
bool turns_meaning(std::string_view word) {
  static constexpr std::string_view k_words[] = {"after", "before", "above", "below", "more",    "fewer",   "over",
                                                 "under", "up",     "down",  "off",   "without", "against", "until"};
  return std::find(std::begin(k_words), std::end(k_words), word) != std::end(k_words);
}

// A word that means the same as a phrasing word (bank/lexicon.hpp).
struct Synonym {
  unsigned char first = 0; // its first byte: the Vocabulary bucket to look in
  std::uint32_t stem_id = 0;
};

// One content word of a phrasing.
struct PatternWord {
  std::string word; // surface form, for typo comparison
  std::string stem;
  std::uint32_t word_id = 0; // in the scorer's lexicon
  std::uint32_t stem_id = 0;
  std::vector<Synonym> also; // words of its lexicon group, matched by stem
};

// A phrasing compiled to its content words.
struct Pattern {
  std::vector<PatternWord> words;
  bool prompt_only = false; // every word is one the prompt already says
  bool exact = false;       // keeps its function words ("i rewrote"), so matches in order only
};

struct CompiledConcept {
  const Concept *source = nullptr;
  std::vector<Pattern> patterns;
};

// A reference answer's distinctive words (stem -> rarity weight), for
// answers that make the points in words the concept list does not know.
struct Reference {
  std::vector<std::pair<std::uint32_t, double>> vocabulary; // stem id, weight
  std::vector<std::vector<Synonym>> synonyms;               // parallel: lexicon words that count as it
  double weight = 0;
};

struct CompiledQuestion {
  std::string id;                // the question compiled
  std::vector<Concept> concepts; // owned copy (derived ones have no other home)
  std::vector<CompiledConcept> compiled;
  std::vector<std::vector<Pattern>> misconceptions; // parallel to the question's misconceptions
  std::vector<std::uint32_t> prompt_stems;          // sorted stem ids of the prompt's words
  bool derived = false;
  std::vector<Reference> references; // the model answer, then the question's other reference answers
};

// Per-word scratch indexed by lexicon id and reused from answer to answer: a
// slot counts only if it was written for the current answer, so nothing is
// cleared or hashed per answer.
class IdSlots {
public:
  void start(std::size_t ids) {
    if (stamp_.size() < ids) {
      stamp_.resize(ids, 0);
      value_.resize(ids, 0);
    }
    if (++current_ == 0) { // wrapped: forget every old stamp
      std::fill(stamp_.begin(), stamp_.end(), 0);
      current_ = 1;
    }
  }
  [[nodiscard]] bool has(std::uint32_t id) const { return stamp_[id] == current_; }
  [[nodiscard]] std::uint32_t get(std::uint32_t id) const { return value_[id]; }
  void set(std::uint32_t id, std::uint32_t value) {
    stamp_[id] = current_;
    value_[id] = value;
  }

private:
  std::vector<std::uint32_t> stamp_;
  std::vector<std::uint32_t> value_;
  std::uint32_t current_ = 0;
};

// Allowed typo distance for a word of this length: none for short words, so
// "cat" never matches "car".
std::size_t typo_bound(std::size_t length) {
  if (length < 6) return 0;
  if (length < 9) return 1;
  return 2;
}

// Words, or their stems, within `bound` edits; stems get the bound of their
// own length, so "clashed" and "crashes" (stems "clash", "crash") stay apart.
bool within_typo_distance(const Token &t, const PatternWord &p, std::size_t bound) {
  if (edit_distance(t.word, p.word, bound) <= bound) return true;
  const std::size_t stem_bound = std::min(bound, typo_bound(std::min(t.stem.size(), p.stem.size())));
  return stem_bound > 0 && edit_distance(t.stem, p.stem, stem_bound) <= stem_bound;
}

bool is_quantity_word(std::string_view w) {
  static constexpr std::string_view k_words[] = {"percent",  "twice",   "half",    "double",  "doubled",
                                                 "halved",   "triple",  "tripled", "tenfold", "hundred",
                                                 "thousand", "million", "billion"};
  if (w.size() < 4 || w.size() > 8) return false;
  return std::find(std::begin(k_words), std::end(k_words), w) != std::end(k_words);
}

const std::vector<std::vector<std::string>> &filler_phrases() {
  static const std::vector<std::vector<std::string>> phrases{
      {"basically"}, {"kind", "of"}, {"sort", "of"}, {"i", "guess"}, {"you", "know"},
      {"i", "mean"}, {"literally"},  {"actually"},   {"stuff"},      {"i", "suppose"},
      {"honestly"},  {"whatever"},   {"um"},         {"uh"},         {"i", "am", "not", "sure"},
      {"maybe"},     {"probably"}};
  return phrases;
}

// What the scorer works out about words besides their stems, kept from
// answer to answer for the life of one lexicon (it is cleared when the
// lexicon is renewed): whether a phrasing word and an answer word are within
// typo distance, and which words are quantities or open a filler phrase.
class WordMemo {
public:
  enum Fact : std::uint8_t { known = 1, quantity = 2, opens_filler = 4 };

  void clear() {
    facts_.clear();
    typos_.clear();
  }

  std::uint8_t facts(const Token &t) {
    if (facts_.size() <= t.word_id) facts_.resize(t.word_id + 1u, 0);
    std::uint8_t &f = facts_[t.word_id];
    if (f == 0) {
      f = known;
      if (is_quantity_word(t.word)) f |= quantity;
      for (const auto &phrase : filler_phrases())
        if (phrase[0] == t.word) f |= opens_filler;
    }
    return f;
  }

  bool within_typo_distance(const Token &t, const PatternWord &p, std::size_t bound) {
    const std::uint64_t key = (std::uint64_t{t.word_id} << 32) | p.word_id;
    if (auto it = typos_.find(key); it != typos_.end()) return it->second;
    const bool close = drill::within_typo_distance(t, p, bound);
    if (typos_.size() > 1'000'000) typos_.clear(); // a bound, like the lexicon's
    typos_.emplace(key, close);
    return close;
  }

private:
  std::vector<std::uint8_t> facts_;               // by word id; 0 = not yet worked out
  std::unordered_map<std::uint64_t, bool> typos_; // (answer word id, phrasing word id)
};

bool words_match(const Token &t, const PatternWord &p, WordMemo &memo) {
  const std::string_view word = p.word;
  if (t.word.empty() || word.empty() || t.word[0] != word[0]) return false; // typos keep the first letter
  if (t.stem_id == p.stem_id) return true;
  if (t.numeric) return false;
  std::size_t bound = typo_bound(std::min(word.size(), t.word.size()));
  if (bound == 0) return false;
  std::size_t diff = word.size() > t.word.size() ? word.size() - t.word.size() : t.word.size() - word.size();
  if (diff > bound) return false;
  return memo.within_typo_distance(t, p, bound);
}

// The answer's distinct words: each token points at one, so a pattern word is
// compared (stem, then typo distance) once per distinct word rather than once
// per token.
struct Vocabulary {
  std::vector<std::uint32_t> id_of_token;
  std::vector<const Token *> words; // one representative token per distinct word
  // Distinct words ordered by first byte: typo matching keeps the first
  // letter, so a pattern word is only ever compared with its own bucket,
  // by_first[first_start[c] .. first_start[c + 1]).
  std::vector<std::uint32_t> by_first;
  std::array<std::uint32_t, 257> first_start{};

  Vocabulary(const std::vector<Token> &tokens, IdSlots &slots, IdSlots &pattern_slots) : seen_(pattern_slots) {
    id_of_token.reserve(tokens.size());
    for (const auto &t : tokens) {
      if (!slots.has(t.word_id)) {
        slots.set(t.word_id, static_cast<std::uint32_t>(words.size()));
        words.push_back(&t);
      }
      id_of_token.push_back(slots.get(t.word_id));
    }
    std::array<std::uint32_t, 257> next{};
    for (const Token *w : words)
      if (!w->word.empty()) ++first_start[static_cast<unsigned char>(w->word[0]) + 1u];
    for (std::size_t c = 1; c < first_start.size(); ++c)
      first_start[c] += first_start[c - 1];
    std::copy(first_start.begin(), first_start.end(), next.begin());
    by_first.resize(first_start[256]);
    for (std::uint32_t i = 0; i < words.size(); ++i)
      if (!words[i]->word.empty()) by_first[next[static_cast<unsigned char>(words[i]->word[0])]++] = i;
  }

  static constexpr std::uint32_t k_no_row = 0xFFFFFFFFu;

  // Where the row of `p` starts in rows(), working it out on first use: a
  // word such as "cache" recurs in many phrasings of a question, and its
  // matches in this answer are the same every time. k_no_row when no word
  // of the answer matches it.
  std::uint32_t row_of(const PatternWord &p, WordMemo &memo) {
    if (seen_.has(p.word_id)) return seen_.get(p.word_id);
    const auto offset = static_cast<std::uint32_t>(rows_.size());
    rows_.resize(rows_.size() + words.size(), 0);
    const bool any = match(p, rows_.data() + offset, memo);
    if (!any) rows_.resize(offset);
    seen_.set(p.word_id, any ? offset : k_no_row);
    return any ? offset : k_no_row;
  }
  [[nodiscard]] const std::vector<char> &rows() const { return rows_; }

  // Marks in `row` (one byte per distinct word) the words that match a
  // pattern word; returns whether any did.
  bool match(const PatternWord &p, char *row, WordMemo &memo) const {
    if (p.word.empty()) return false;
    const auto c = static_cast<unsigned char>(p.word[0]);
    bool any = false;
    for (std::uint32_t k = first_start[c]; k < first_start[c + 1u]; ++k) {
      const std::uint32_t i = by_first[k];
      const bool m = words_match(*words[i], p, memo);
      row[i] = m ? 1 : 0;
      any = any || m;
    }
    for (const Synonym &s : p.also)
      for (std::uint32_t k = first_start[s.first]; k < first_start[s.first + 1u]; ++k) {
        const std::uint32_t i = by_first[k];
        if (words[i]->stem_id == s.stem_id) row[i] = 1, any = true;
      }
    return any;
  }

private:
  IdSlots &seen_;          // phrasing word id -> offset of its row, for this answer
  std::vector<char> rows_; // one byte per distinct answer word, row after row
};

struct Span {
  std::size_t start = 0; // first token of the match
  std::size_t end = 0;   // last token of the match
};

// What a reader makes of one place where a phrasing's words were found.
enum class Verdict { take, reject, skip };

// Where a phrasing was heard: the first place taken, else the first rejected.
struct Heard {
  std::optional<Span> clean;
  std::optional<Span> rejected;
};

// Finds the places where the words of `p` occur in one sentence: first in
// order, each within a small gap of the previous one; then, for phrasings of
// two or more words, in any order within a short window. `judge` decides
// what each place means. `table` is scratch space.
template <class Judge>
void find_pattern(const std::vector<Token> &tokens, Vocabulary &vocab, const Pattern &p, Heard &heard,
                  std::vector<std::uint32_t> &offsets, WordMemo &memo, Judge judge) {
  if (p.words.empty()) return;
  const std::size_t n = p.words.size();
  offsets.resize(n);
  // Every word of the phrasing must be somewhere in the answer.
  for (std::size_t k = 0; k < n; ++k)
    if ((offsets[k] = vocab.row_of(p.words[k], memo)) == Vocabulary::k_no_row) return;
  const char *rows = vocab.rows().data();
  auto at = [&](std::size_t k, std::size_t token) { return rows[offsets[k] + vocab.id_of_token[token]] != 0; };
  auto consider = [&](Span span) {
    switch (judge(p, span)) {
    case Verdict::take: heard.clean = span; return true;
    case Verdict::reject:
      if (!heard.rejected) heard.rejected = span;
      return false;
    case Verdict::skip: return false;
    }
    return false;
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!at(0, i)) continue;
    std::size_t pos = i;
    bool ok = true;
    for (std::size_t k = 1; k < n && ok; ++k) {
      ok = false;
      for (std::size_t j = pos + 1; j < tokens.size() && j <= pos + 1 + k_max_gap; ++j) {
        if (tokens[j].sentence != tokens[pos].sentence) break;
        if (at(k, j)) {
          pos = j;
          ok = true;
          break;
        }
      }
    }
    if (ok && consider(Span{i, pos})) return;
  }
  if (n < 2 || p.exact) return;
  // Any order: "queries that are parameterised" for "parameterised queries".
  // Each word of the phrasing needs a token of its own ("side by side" is
  // not heard in one "side").
  const std::size_t window = std::min<std::size_t>(3 * n + 1, k_max_window);
  std::array<std::size_t, k_max_window> taken{};
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    bool opens = false;
    for (std::size_t k = 0; k < n && !opens; ++k)
      opens = at(k, i);
    if (!opens) continue;
    std::size_t last = i, used = 0;
    bool all = true;
    for (std::size_t k = 0; k < n && all; ++k) {
      all = false;
      for (std::size_t j = i; j < tokens.size() && j < i + window && tokens[j].sentence == tokens[i].sentence; ++j)
        if (at(k, j) && std::find(taken.begin(), taken.begin() + static_cast<long>(used), j) ==
                            taken.begin() + static_cast<long>(used)) {
          if (used < taken.size()) taken[used++] = j;
          last = std::max(last, j);
          all = true;
          break;
        }
    }
    if (all && consider(Span{i, last})) return;
  }
}

// Share of function words: prose runs around 40%; a bare list of terms
// ("eager loading, join, N+1, query count") sits far below.
bool looks_like_keyword_list(const TokenizedText &text) {
  std::size_t words = text.tokens.size();
  if (words < 4) return false;
  std::size_t function_words = 0;
  for (const auto &t : text.tokens)
    if (t.stopword) ++function_words;
  return static_cast<double>(function_words) / static_cast<double>(words) < 0.15;
}

std::vector<std::string> find_fillers(const std::vector<Token> &tokens, WordMemo &memo) {
  std::vector<std::string> found;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!(memo.facts(tokens[i]) & WordMemo::opens_filler)) continue;
    for (const auto &phrase : filler_phrases()) {
      if (i + phrase.size() > tokens.size() || phrase[0] != tokens[i].word) continue;
      bool all = true;
      for (std::size_t k = 1; k < phrase.size() && all; ++k)
        all = tokens[i + k].word == phrase[k];
      if (all) found.push_back(join(phrase, " "));
    }
  }
  return found;
}

} // namespace

std::vector<std::string> Feedback::hit_names() const {
  std::vector<std::string> out;
  for (const auto &c : concepts)
    if (c.hit) out.push_back(c.name);
  return out;
}

std::vector<std::string> Feedback::missed_names() const {
  std::vector<std::string> out;
  for (const auto &c : concepts)
    if (!c.hit) out.push_back(c.name);
  return out;
}

struct Scorer::Impl {
  const Bank *bank = nullptr;
  const Lexicon *lexicon = nullptr;
  const PersonalPhrasings *personal = nullptr;
  std::unordered_map<std::string, std::vector<std::string>> synonyms; // stem -> the other words of its group
  bool synonyms_ready = false;
  Stemmer stemmer;
  std::unordered_map<const Question *, CompiledQuestion> cache;
  std::unordered_map<std::string, std::size_t> document_frequency; // stem -> questions using it
  std::size_t documents = 0;
  CompiledQuestion scratch;
  IdSlots word_slots; // scratch for one answer
  IdSlots stem_slots;
  std::vector<std::uint32_t> match_rows;
  IdSlots pattern_slots; // scratch for one answer: rows already worked out
  WordMemo memo;

  Pattern compile(const std::string &phrasing, const std::vector<std::uint32_t> &prompt_stems) {
    TokenizedText t = tokenize(phrasing, stemmer);
    Pattern p;
    auto add = [&](const Token &tok) {
      p.words.push_back(PatternWord{std::string(tok.word), std::string(tok.stem), tok.word_id, tok.stem_id, {}});
    };
    for (const auto &tok : t.tokens)
      if (!tok.stopword || turns_meaning(tok.word)) add(tok);
    // Function words are dropped so that "load from the database" also hears
    // "load it from database" -- unless that would leave one word standing in
    // for a phrase: "my weakness" must not match "weak ciphers".
    if (p.words.size() < 2 && t.tokens.size() > p.words.size()) {
      p.words.clear();
      for (const auto &tok : t.tokens)
        add(tok);
      p.exact = true; // a phrase held together by its function words: in order only
    }
    for (auto &w : p.words)
      w.also = synonyms_of(w.stem);
    p.prompt_only = !p.words.empty() && std::all_of(p.words.begin(), p.words.end(), [&](const PatternWord &w) {
      return std::binary_search(prompt_stems.begin(), prompt_stems.end(), w.stem_id);
    });
    return p;
  }

  // The lexicon's words that mean the same as a word with this stem.
  std::vector<Synonym> synonyms_of(std::string_view stem) {
    if (!synonyms_ready) {
      synonyms_ready = true;
      if (lexicon)
        for (const auto &g : lexicon->groups)
          for (const auto &w : g.words) {
            auto &others = synonyms[std::string(stemmer.stem(w))];
            for (const auto &o : g.words)
              if (o != w) others.push_back(o);
          }
    }
    std::vector<Synonym> out;
    auto it = synonyms.find(std::string(stem));
    if (it == synonyms.end()) return out;
    for (const auto &o : it->second) {
      const Lexeme &lx = stemmer.lexeme(o);
      if (lx.stem != stem) out.push_back(Synonym{static_cast<unsigned char>(o[0]), lx.stem_id});
    }
    return out;
  }

  // How many questions of the bank use each stem. Counted by stem id, since
  // the lexicon is not renewed while a question is compiled.
  void count_documents() {
    if (documents > 0 || !bank) return;
    std::vector<std::size_t> frequency;
    std::vector<std::string_view> stem_of;
    IdSlots seen;
    for (const auto &q : bank->questions()) {
      TokenizedText text = tokenize(q.prompt + "\n" + q.model_answer, stemmer);
      if (frequency.size() < stemmer.stems()) {
        frequency.resize(stemmer.stems(), 0);
        stem_of.resize(stemmer.stems());
      }
      seen.start(stemmer.stems());
      for (const auto &t : text.tokens) {
        if (seen.has(t.stem_id)) continue;
        seen.set(t.stem_id, 1);
        stem_of[t.stem_id] = t.stem;
        ++frequency[t.stem_id];
      }
      ++documents;
    }
    for (std::size_t id = 0; id < frequency.size(); ++id)
      if (frequency[id] > 0) document_frequency.emplace(std::string(stem_of[id]), frequency[id]);
  }

  // How rare a stem is across the bank: ln((questions + 1) / (questions using it + 1)).
  double rarity(std::string_view stem) {
    count_documents();
    const double n = static_cast<double>(std::max<std::size_t>(documents, 1));
    auto df_it = document_frequency.find(std::string(stem));
    double df = df_it == document_frequency.end() ? 0.0 : static_cast<double>(df_it->second);
    return std::log((n + 1.0) / (df + 1.0));
  }

  // The stems of the prompt: words the question already says are no key point.
  std::set<std::string, std::less<>> prompt_stems_of(const Question &q) {
    std::set<std::string, std::less<>> stems;
    for (const auto &t : tokenize(q.prompt, stemmer).tokens)
      stems.emplace(t.stem);
    return stems;
  }

  // Key concepts from a model answer: content words, weighted by how rare
  // they are across the bank, skipping words the prompt already says.
  std::vector<Concept> derive(const Question &q) {
    const auto prompt_stems = prompt_stems_of(q);
    std::map<std::string, std::pair<std::string, std::size_t>> candidates; // stem -> (surface, count)
    for (const auto &t : tokenize(q.model_answer, stemmer).tokens) {
      if (t.stopword || t.word.size() < 4 || prompt_stems.count(t.stem) || t.numeric) continue;
      auto &entry = candidates[std::string(t.stem)];
      if (entry.first.empty()) entry.first = t.word;
      ++entry.second;
    }
    std::vector<std::pair<double, Concept>> scored;
    for (const auto &[stem, entry] : candidates) {
      double weight = (rarity(stem) + 1.0) * (1.0 + std::log(static_cast<double>(entry.second)));
      scored.push_back({weight, Concept{entry.first, {entry.first}, 1.0, {}}});
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    std::vector<Concept> out;
    for (std::size_t i = 0; i < scored.size() && i < k_derived_concepts; ++i) {
      Concept c = scored[i].second;
      c.weight = std::round(scored[i].first * 10.0) / 10.0;
      out.push_back(std::move(c));
    }
    return out;
  }

  // A person's own words for a key point, after the bank's, so that the
  // bank's phrasing is the one quoted when both are heard.
  void add_personal(const Question &q, std::vector<Concept> &concepts) const {
    auto mine = personal->find(q.id);
    if (mine == personal->end()) return;
    for (auto &c : concepts)
      if (auto words = mine->second.find(c.name); words != mine->second.end())
        for (const auto &w : words->second)
          if (std::find(c.any.begin(), c.any.end(), w) == c.any.end()) c.any.push_back(w);
  }

  CompiledQuestion build(const Question &q) {
    count_documents(); // first, so every id below comes from one lexicon
    CompiledQuestion cq;
    cq.id = q.id;
    for (const auto &t : tokenize(q.prompt, stemmer).tokens)
      if (!t.stopword) cq.prompt_stems.push_back(t.stem_id);
    std::sort(cq.prompt_stems.begin(), cq.prompt_stems.end());
    cq.prompt_stems.erase(std::unique(cq.prompt_stems.begin(), cq.prompt_stems.end()), cq.prompt_stems.end());
    for (const auto &m : q.misconceptions) {
      std::vector<Pattern> patterns;
      for (const auto &phrasing : m.any)
        patterns.push_back(compile(phrasing, cq.prompt_stems));
      cq.misconceptions.push_back(std::move(patterns));
    }
    cq.derived = q.concepts.empty();
    cq.concepts = cq.derived ? derive(q) : q.concepts;
    if (personal) add_personal(q, cq.concepts);
    const auto prompt_stems = prompt_stems_of(q);
    auto add_reference = [&](const std::string &text) {
      Reference ref;
      std::set<std::uint32_t> seen;
      for (const auto &t : tokenize(text, stemmer).tokens) {
        if (t.numeric || t.word.size() < 3 || t.stopword) continue;
        if (!seen.insert(t.stem_id).second) continue;
        // Words the prompt already says count a quarter: echoing them is easy.
        double weight = (bank ? rarity(t.stem) : 1.0) * (prompt_stems.count(t.stem) ? k_prompt_word_share : 1.0);
        if (weight <= 0) continue;
        ref.vocabulary.emplace_back(t.stem_id, weight);
        ref.synonyms.push_back(synonyms_of(t.stem));
        ref.weight += weight;
      }
      if (ref.weight > 0) cq.references.push_back(std::move(ref));
    };
    if (!q.model_answer.empty()) add_reference(q.model_answer);
    for (const auto &text : q.references)
      add_reference(text);
    for (const auto &c : cq.concepts) {
      CompiledConcept cc;
      for (const auto &phrasing : c.any)
        cc.patterns.push_back(compile(phrasing, cq.prompt_stems));
      cq.compiled.push_back(std::move(cc));
    }
    return cq;
  }

  // Bank questions live as long as their bank, so they are compiled once and
  // cached by address; inline questions (no source file) are compiled afresh,
  // since a later one may reuse a freed address.
  const CompiledQuestion &compiled(const Question &q) {
    if (q.source.empty()) {
      scratch = build(q);
      for (std::size_t i = 0; i < scratch.compiled.size(); ++i)
        scratch.compiled[i].source = &scratch.concepts[i];
      return scratch;
    }
    // A copy of a bank question (one given another time limit, say) can sit
    // where another question's copy was: the id tells them apart.
    auto it = cache.find(&q);
    if (it != cache.end() && it->second.id == q.id) return it->second;
    if (it != cache.end()) cache.erase(it);
    if (cache.size() > 4096) cache.clear();
    auto [pos, inserted] = cache.emplace(&q, build(q));
    // The concepts vector moved with the map node; point again at its elements.
    for (std::size_t i = 0; i < pos->second.compiled.size(); ++i)
      pos->second.compiled[i].source = &pos->second.concepts[i];
    return pos->second;
  }
};

Scorer::Scorer(const Bank *bank, const Lexicon *lexicon) : impl_(std::make_unique<Impl>()) {
  impl_->bank = bank;
  impl_->lexicon = lexicon;
}
Scorer::~Scorer() = default;

void Scorer::use_personal_phrasings(const PersonalPhrasings *phrasings) {
  impl_->personal = phrasings;
  impl_->cache.clear();
}

std::vector<Concept> Scorer::concepts_for(const Question &question) { return impl_->compiled(question).concepts; }

namespace {

// One answer as the steps of grading read it.
struct Reading {
  const Question &question;
  const CompiledQuestion &cq;
  std::string_view answer;
  const TokenizedText &text;
  const std::vector<Token> &tokens;
  Vocabulary &vocab;
  WordMemo &memo;
  std::vector<std::uint32_t> &rows; // scratch for find_pattern
  const Corrections *corrections;   // the person's disputes, or nullptr

  [[nodiscard]] std::string sentence_of(const Span &span) const {
    return sentence_text(answer, text.sentences[tokens[span.start].sentence]);
  }

  // A phrasing made only of the prompt's words proves nothing when the
  // sentence only says the prompt back: it needs two words of its own.
  [[nodiscard]] bool adds_to_prompt(const Span &span) const {
    const std::uint32_t sentence = tokens[span.start].sentence;
    std::size_t first = span.start;
    while (first > 0 && tokens[first - 1].sentence == sentence)
      --first;
    std::size_t own = 0;
    for (std::size_t k = first; k < tokens.size() && tokens[k].sentence == sentence; ++k)
      if (!tokens[k].stopword && !std::binary_search(cq.prompt_stems.begin(), cq.prompt_stems.end(), tokens[k].stem_id))
        ++own;
    return own >= 2;
  }
};

// Which key points the answer makes, and which it rules out; returns the
// coverage (section 2 and 5 of docs/scoring.md).
double hear_concepts(Reading &r, Feedback &fb) {
  // A problem the answer names to avoid ("we never oversell") is made by
  // saying it will not happen, so only other points can be ruled out.
  bool problem = false;
  auto judge = [&](const Pattern &p, const Span &span) {
    if (p.prompt_only && !r.adds_to_prompt(span)) return Verdict::skip;
    if (!problem && (negation_before(r.tokens, span.start) == Negation::rejects || dismissed_after(r.tokens, span.end)))
      return Verdict::reject;
    return Verdict::take;
  };
  // Shares of the largest weight rather than raw sums, so that no total can
  // overflow; a weight that is not a finite positive number (the bank
  // checks forbid it, but a question can come from elsewhere) counts as none.
  double largest = 0;
  for (const auto &cc : r.cq.compiled)
    if (std::isfinite(cc.source->weight)) largest = std::max(largest, cc.source->weight);
  auto share = [largest](double w) { return std::isfinite(w) && w > 0 ? w / largest : 0.0; };
  double total_weight = 0, hit_weight = 0;
  for (const auto &cc : r.cq.compiled) {
    ConceptResult c;
    c.name = cc.source->name;
    c.weight = cc.source->weight;
    problem = cc.source->problem || r.question.star;
    Heard heard;
    std::size_t clean_pattern = 0, rejected_pattern = 0;
    for (std::size_t k = 0; k < cc.patterns.size(); ++k) {
      const bool had_rejected = heard.rejected.has_value();
      find_pattern(r.tokens, r.vocab, cc.patterns[k], heard, r.rows, r.memo, judge);
      if (!had_rejected && heard.rejected) rejected_pattern = k;
      if (heard.clean) {
        clean_pattern = k;
        break;
      }
    }
    if (heard.clean) {
      c.hit = true;
      c.matched = cc.source->any[clean_pattern];
      c.evidence = r.sentence_of(*heard.clean);
    } else if (heard.rejected) {
      c.negated = true;
      c.matched = cc.source->any[rejected_pattern];
      c.evidence = r.sentence_of(*heard.rejected);
    }
    if (!c.hit && r.corrections && r.corrections->counts_as_made(c.name)) {
      c.hit = true;
      c.negated = false;
      c.disputed = true;
    }
    total_weight += share(c.weight);
    if (c.hit) hit_weight += share(c.weight);
    if (c.negated) hit_weight -= share(c.weight); // ruling out a key point is a wrong answer, not a gap
    fb.concepts.push_back(std::move(c));
  }
  return total_weight > 0 ? std::clamp(hit_weight / total_weight, 0.0, 1.0) : 0.0;
}

// Wrong claims: heard with the same engine, unless the answer denies them
// or names them as a mistake. Returns what they cost.
double hear_claims(Reading &r, Feedback &fb) {
  auto judge = [&](const Pattern &p, const Span &span) {
    if (p.prompt_only && !r.adds_to_prompt(span)) return Verdict::skip;
    return disowned(r.tokens, span.start, span.end) ? Verdict::skip : Verdict::take;
  };
  double cost = 0;
  for (std::size_t m = 0; m < r.cq.misconceptions.size(); ++m) {
    Heard heard;
    for (std::size_t k = 0; k < r.cq.misconceptions[m].size() && !heard.clean; ++k) {
      find_pattern(r.tokens, r.vocab, r.cq.misconceptions[m][k], heard, r.rows, r.memo, judge);
      if (heard.clean) {
        const Misconception &source = r.question.misconceptions[m];
        if (r.corrections && r.corrections->drops_claim(source.claim)) {
          fb.disputed_claims.push_back(source.claim);
          break;
        }
        fb.misconceptions.push_back(MisconceptionResult{source.claim, source.correction, source.weight,
                                                        r.sentence_of(*heard.clean), source.any[k]});
        if (std::isfinite(source.weight) && source.weight > 0) cost += k_misconception_cost * source.weight;
      }
    }
  }
  return cost;
}

// Points made in other words: the rarity-weighted share of a reference
// answer's words (or their lexicon synonyms) the answer uses, against the
// reference it comes closest to (the model answer or one of the question's
// `references`), as credit capped below full marks. `used` is scratch by
// stem id.
double similarity(const Reading &r, IdSlots &used, std::size_t stems) {
  if (r.cq.references.empty()) return 0;
  // Mark the stems the answer uses, then add the weights in vocabulary
  // order (the sum must not depend on the answer's word order).
  used.start(stems);
  for (const Token *t : r.vocab.words)
    used.set(t->stem_id, 1);
  double overlap = 0; // with the reference the answer is closest to
  for (const Reference &ref : r.cq.references) {
    double heard = 0;
    for (std::size_t v = 0; v < ref.vocabulary.size(); ++v) {
      const auto &[stem_id, weight] = ref.vocabulary[v];
      const auto &also = ref.synonyms[v];
      if (used.has(stem_id) ||
          std::any_of(also.begin(), also.end(), [&](const Synonym &syn) { return used.has(syn.stem_id); }))
        heard += weight;
    }
    overlap = std::max(overlap, heard / ref.weight);
  }
  return k_vocabulary_share * std::min(1.0, overlap / k_vocabulary_full);
}

Delivery read_delivery(const Reading &r, std::optional<double> elapsed_s) {
  Delivery d;
  const int limit = r.question.time_limit_s;
  d.words = count_words(r.answer);
  d.max_words = std::max<std::size_t>(1, static_cast<std::size_t>(limit) * 3 / 2);
  // The floor of 25 words suits real limits; under about 33 s (--time-limit 3)
  // it would pass the ceiling, so there the range starts at half of it.
  d.min_words = std::min(std::clamp<std::size_t>(static_cast<std::size_t>(limit) / 5, 25, 100), d.max_words / 2);
  d.elapsed_s = elapsed_s;
  d.over_time = elapsed_s && *elapsed_s > limit;
  d.fillers = find_fillers(r.tokens, r.memo);
  d.keyword_list = looks_like_keyword_list(r.text);
  d.quantified = std::any_of(r.tokens.begin(), r.tokens.end(),
                             [&](const Token &t) { return t.numeric || (r.memo.facts(t) & WordMemo::quantity); });
  return d;
}

// A story question's base: relevance, STAR structure and the signals any
// good story shows (section 3), with its notes.
double story_base(const Reading &r, double content, Feedback &fb) {
  fb.star = detect_star(r.answer, r.text);
  const StarResult &star = *fb.star;
  ScoreParts &parts = fb.parts;
  parts.structure = star.count() / 4.0;
  // What any good story shows, whatever it is about: the teller acting,
  // a real past event, a measured result, and a look back.
  const double owned = std::min(1.0, static_cast<double>(star.own_actions) / 2.0);
  const bool past_event = star.past_sentences >= 2 && star.past_sentences >= star.generic_sentences &&
                          2 * star.past_sentences >= r.text.sentences.size() && (star.own_actions > 0 || star.we_only);
  const bool measured = star.has(StarPart::result) && (star.measured_result || fb.delivery.quantified);
  parts.signals = (owned + (past_event ? 1.0 : 0.0) + (measured ? 1.0 : 0.0) + (star.reflection ? 1.0 : 0.0)) / 4.0;
  // Shape and signals earn their share only with substance: a well-told
  // story that answers another question gets little for them.
  const double substance = std::min(1.0, content / k_story_substance);
  double base = k_story_relevance_share * content +
                substance * (k_story_structure_share * parts.structure + k_story_signal_share * parts.signals);
  // "Tell me about a time" answered with habits or "I would..." tells no
  // story: half of what it says still counts.
  if (!past_event) base *= k_no_story_factor;
  if (star.we_only) {
    base *= k_we_only_factor;
    fb.notes.push_back("You say \"we\" throughout: say what you did yourself, with \"I\".");
  } else if (star.own_actions == 0 && star.generic_sentences > star.past_sentences) {
    fb.notes.push_back("This says what you would do. Tell what you did, once, in the past tense.");
  }
  if (star.has(StarPart::result) && !fb.delivery.quantified)
    fb.notes.push_back("Put a number on the result: time saved, errors cut, users affected.");
  return base;
}

// Points off for length, fillers and time, with a note for each.
int delivery_penalty(const Question &question, Feedback &fb) {
  const Delivery &d = fb.delivery;
  int penalty = 0;
  if (d.words < d.min_words) {
    double shortfall = 1.0 - static_cast<double>(d.words) / static_cast<double>(d.min_words);
    penalty += static_cast<int>(std::lround(10.0 * shortfall));
    fb.notes.push_back(fmt::format("Short: {} words, where about {}-{} suit a {} s answer.", d.words, d.min_words,
                                   d.max_words, question.time_limit_s));
  } else if (d.words > d.max_words) {
    penalty += 5;
    fb.notes.push_back(fmt::format("Long: {} words, where about {}-{} suit a {} s answer. Lead with the point.",
                                   d.words, d.min_words, d.max_words, question.time_limit_s));
  }
  if (d.fillers.size() >= 3) {
    penalty += static_cast<int>(std::min<std::size_t>(8, d.fillers.size()));
    std::set<std::string> distinct(d.fillers.begin(), d.fillers.end());
    fb.notes.push_back(fmt::format("{} filler or hedge words ({}): state things plainly.", d.fillers.size(),
                                   join({distinct.begin(), distinct.end()})));
  }
  if (d.over_time) {
    double over = *d.elapsed_s / question.time_limit_s - 1.0;
    penalty += static_cast<int>(std::lround(std::min(10.0, 10.0 * over)));
    fb.notes.push_back(fmt::format("Over time: {:.0f} s against a {} s limit.", *d.elapsed_s, question.time_limit_s));
  }
  return std::min(penalty, k_max_delivery_penalty);
}

} // namespace

// The steps, in order: hear the key points, then the wrong claims, weigh
// the content, read the delivery, then a story's shape, and combine them
// as docs/scoring.md, section 5, writes it.
Feedback Scorer::grade(const Question &question, std::string_view answer, std::optional<double> elapsed_s,
                       const Corrections *corrections) {
  Feedback fb;
  // Between answers is the one point where no ids are held: start a fresh
  // lexicon if this one has grown large, and recompile what used the old one.
  if (impl_->stemmer.renew_if_larger_than(Stemmer::k_lexicon_limit)) {
    impl_->cache.clear();
    impl_->memo.clear();
  }
  const CompiledQuestion &cq = impl_->compiled(question);
  fb.derived_concepts = cq.derived;
  const TokenizedText text = tokenize(answer, impl_->stemmer);
  impl_->word_slots.start(impl_->stemmer.words());
  impl_->pattern_slots.start(impl_->stemmer.words());
  Vocabulary vocab(text.tokens, impl_->word_slots, impl_->pattern_slots);
  Reading r{question, cq, answer, text, text.tokens, vocab, impl_->memo, impl_->match_rows, corrections};

  ScoreParts &parts = fb.parts;
  fb.coverage = parts.coverage = hear_concepts(r, fb);
  parts.misconceptions = hear_claims(r, fb);
  // Sounding like the model answer is no credit for rejecting a key point
  // or making a wrong claim.
  const bool rejects = std::any_of(fb.concepts.begin(), fb.concepts.end(), [](const auto &c) { return c.negated; });
  if (!rejects && fb.misconceptions.empty())
    parts.similarity = similarity(r, impl_->stem_slots, impl_->stemmer.stems());
  parts.content = std::max(std::min(1.0, fb.coverage / k_full_coverage), parts.similarity);
  fb.delivery = read_delivery(r, elapsed_s);

  if (text.tokens.empty()) {
    fb.score = 0;
    fb.notes.push_back("No answer given.");
    if (question.star) fb.star = StarResult{};
    return fb;
  }

  double base = question.star ? story_base(r, parts.content, fb) : parts.content;
  base = std::max(0.0, base - parts.misconceptions);
  if (fb.delivery.keyword_list) {
    base *= k_keyword_list_factor;
    parts.keyword_list_factor = k_keyword_list_factor;
    fb.notes.push_back("This reads as a list of terms. Explain how they fit together, in sentences.");
  }
  parts.penalties = delivery_penalty(question, fb);
  if (!std::isfinite(base)) base = 0; // lround of NaN or infinity is undefined
  fb.score = std::clamp(static_cast<int>(std::lround(100.0 * base)) - parts.penalties, 0, 100);
  return fb;
}

namespace {
double rounded(double v) { return std::round(v * 1000.0) / 1000.0; }
} // namespace

nlohmann::json to_json(const Feedback &fb) {
  using nlohmann::json;
  json details = json::array();
  for (const auto &c : fb.concepts) {
    json item = {{"name", c.name}, {"weight", c.weight}, {"hit", c.hit}};
    if (c.negated) item["rejected"] = true;
    if (c.disputed) item["disputed"] = true;
    if (c.prompted) item["prompted"] = true;
    if (!c.evidence.empty()) item["evidence"] = c.evidence;
    if (!c.matched.empty()) item["matched"] = c.matched;
    details.push_back(item);
  }
  json star = nullptr;
  if (fb.star) {
    star = json::object();
    for (auto p : {StarPart::situation, StarPart::task, StarPart::action, StarPart::result})
      star[std::string(to_string(p))] = fb.star->has(p);
    json evidence = json::object();
    for (auto p : {StarPart::situation, StarPart::task, StarPart::action, StarPart::result})
      if (fb.star->has(p)) evidence[std::string(to_string(p))] = fb.star->evidence[static_cast<std::size_t>(p)];
    star["evidence"] = evidence;
    star["we_only"] = fb.star->we_only;
  }
  const Delivery &d = fb.delivery;
  json delivery = {{"words", d.words},           {"word_range", {d.min_words, d.max_words}},
                   {"quantified", d.quantified}, {"fillers", d.fillers},
                   {"over_time", d.over_time},   {"keyword_list", d.keyword_list}};
  json misconceptions = json::array();
  for (const auto &m : fb.misconceptions)
    misconceptions.push_back({{"claim", m.claim},
                              {"correction", m.correction},
                              {"evidence", m.evidence},
                              {"matched", m.matched},
                              {"weight", m.weight}});
  const ScoreParts &p = fb.parts;
  json parts = {{"coverage", rounded(p.coverage)},
                {"similarity", rounded(p.similarity)},
                {"content", rounded(p.content)},
                {"structure", rounded(p.structure)},
                {"signals", rounded(p.signals)},
                {"misconceptions", rounded(p.misconceptions)},
                {"keyword_list_factor", rounded(p.keyword_list_factor)},
                {"penalties", p.penalties}};
  json out{{"score", fb.score},
           {"coverage", rounded(fb.coverage)},
           {"misconceptions", misconceptions},
           {"parts", parts},
           {"concepts", {{"hit", fb.hit_names()}, {"missed", fb.missed_names()}, {"details", details}}},
           {"star", star},
           {"delivery", delivery},
           {"notes", fb.notes},
           {"derived_concepts", fb.derived_concepts}};
  if (!fb.disputed_claims.empty()) out["disputed_claims"] = fb.disputed_claims;
  if (fb.before_follow_ups) out["before_follow_ups"] = *fb.before_follow_ups;
  return out;
}

} // namespace drill

namespace drill {

// The same members as to_json(fb) plus "id" (and "key"), written in the
// order nlohmann sorts them, so that both paths print identical bytes.
void write_json(JsonWriter &w, const Feedback &fb, std::string_view id, std::string_view key_json) {
  auto names = [&](bool hit) {
    w.begin_array();
    for (const auto &c : fb.concepts)
      if (c.hit == hit) w.value(std::string_view(c.name));
    w.end_array();
  };
  w.begin_object();
  if (fb.before_follow_ups) w.key("before_follow_ups"), w.value(static_cast<std::int64_t>(*fb.before_follow_ups));
  w.key("concepts");
  w.begin_object();
  w.key("details");
  w.begin_array();
  for (const auto &c : fb.concepts) {
    w.begin_object();
    if (c.disputed) w.key("disputed"), w.value(true);
    if (!c.evidence.empty()) w.key("evidence"), w.value(std::string_view(c.evidence));
    w.key("hit"), w.value(c.hit);
    if (!c.matched.empty()) w.key("matched"), w.value(std::string_view(c.matched));
    w.key("name"), w.value(std::string_view(c.name));
    if (c.prompted) w.key("prompted"), w.value(true);
    if (c.negated) w.key("rejected"), w.value(true);
    w.key("weight"), w.value(c.weight);
    w.end_object();
  }
  w.end_array();
  w.key("hit");
  names(true);
  w.key("missed");
  names(false);
  w.end_object();
  w.key("coverage"), w.value(rounded(fb.coverage));
  const Delivery &d = fb.delivery;
  w.key("delivery");
  w.begin_object();
  w.key("fillers"), w.value(d.fillers);
  w.key("keyword_list"), w.value(d.keyword_list);
  w.key("over_time"), w.value(d.over_time);
  w.key("quantified"), w.value(d.quantified);
  w.key("word_range");
  w.begin_array();
  w.value(static_cast<std::uint64_t>(d.min_words));
  w.value(static_cast<std::uint64_t>(d.max_words));
  w.end_array();
  w.key("words"), w.value(static_cast<std::uint64_t>(d.words));
  w.end_object();
  w.key("derived_concepts"), w.value(fb.derived_concepts);
  if (!fb.disputed_claims.empty()) w.key("disputed_claims"), w.value(fb.disputed_claims);
  w.key("id"), w.value(id);
  if (!key_json.empty()) w.key("key"), w.raw(key_json);
  w.key("misconceptions");
  w.begin_array();
  for (const auto &m : fb.misconceptions) {
    w.begin_object();
    w.key("claim"), w.value(std::string_view(m.claim));
    w.key("correction"), w.value(std::string_view(m.correction));
    w.key("evidence"), w.value(std::string_view(m.evidence));
    w.key("matched"), w.value(std::string_view(m.matched));
    w.key("weight"), w.value(m.weight);
    w.end_object();
  }
  w.end_array();
  w.key("notes"), w.value(fb.notes);
  const ScoreParts &sp = fb.parts;
  w.key("parts");
  w.begin_object();
  w.key("content"), w.value(rounded(sp.content));
  w.key("coverage"), w.value(rounded(sp.coverage));
  w.key("keyword_list_factor"), w.value(rounded(sp.keyword_list_factor));
  w.key("misconceptions"), w.value(rounded(sp.misconceptions));
  w.key("penalties"), w.value(static_cast<std::int64_t>(sp.penalties));
  w.key("signals"), w.value(rounded(sp.signals));
  w.key("similarity"), w.value(rounded(sp.similarity));
  w.key("structure"), w.value(rounded(sp.structure));
  w.end_object();
  w.key("score"), w.value(fb.score);
  w.key("star");
  if (!fb.star) {
    w.null();
  } else {
    // Sorted: action, evidence, result, situation, task, we_only.
    constexpr StarPart k_sorted[] = {StarPart::action, StarPart::result, StarPart::situation, StarPart::task};
    w.begin_object();
    w.key("action"), w.value(fb.star->has(StarPart::action));
    w.key("evidence");
    w.begin_object();
    for (auto p : k_sorted)
      if (fb.star->has(p))
        w.key(to_string(p)), w.value(std::string_view(fb.star->evidence[static_cast<std::size_t>(p)]));
    w.end_object();
    for (auto p : {StarPart::result, StarPart::situation, StarPart::task})
      w.key(to_string(p)), w.value(fb.star->has(p));
    w.key("we_only"), w.value(fb.star->we_only);
    w.end_object();
  }
  w.end_object();
}

} // namespace drill
