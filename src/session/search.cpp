#include "session/search.hpp"

#include "scoring/tokens.hpp"

#include <algorithm>
#include <unordered_map>

namespace drill {

namespace {

constexpr double k_title_weight = 3;  // the id and the topics name what a question is about
constexpr double k_prompt_weight = 2; // the prompt and the key-point names
constexpr double k_phrase_weight = 1; // the ways of saying a key point

// The stems of the query's content words, each once.
std::vector<std::uint32_t> query_stems(std::string_view query, Stemmer &stemmer) {
  std::vector<std::uint32_t> out;
  const TokenizedText text = tokenize(query, stemmer);
  for (const auto &t : text.tokens)
    if (!t.stopword && std::find(out.begin(), out.end(), t.stem_id) == out.end()) out.push_back(t.stem_id);
  return out;
}

} // namespace

std::vector<SearchHit> search_questions(const std::vector<const Question *> &pool, std::string_view query) {
  Stemmer stemmer;
  const auto wanted = query_stems(query, stemmer);
  std::vector<SearchHit> hits;
  if (wanted.empty()) return hits;
  std::unordered_map<std::uint32_t, double> best; // stem -> best field weight, per question
  for (const auto *q : pool) {
    best.clear();
    auto read = [&](std::string_view field, double weight) {
      const TokenizedText text = tokenize(field, stemmer);
      for (const auto &t : text.tokens)
        if (std::find(wanted.begin(), wanted.end(), t.stem_id) != wanted.end())
          best[t.stem_id] = std::max(best[t.stem_id], weight);
    };
    // Ids read as words: "db.n-plus-one" holds "db", "n", "plus", "one".
    std::string id = q->id;
    std::replace(id.begin(), id.end(), '.', ' ');
    read(id, k_title_weight);
    for (const auto &topic : q->topics)
      read(topic, k_title_weight);
    read(q->prompt, k_prompt_weight);
    for (const auto &c : q->concepts) {
      read(c.name, k_prompt_weight);
      for (const auto &phrase : c.any)
        read(phrase, k_phrase_weight);
    }
    if (best.empty()) continue;
    SearchHit hit{q, best.size(), 0};
    for (const auto &[stem, weight] : best)
      hit.weight += weight;
    hits.push_back(hit);
  }
  std::stable_sort(hits.begin(), hits.end(), [](const SearchHit &a, const SearchHit &b) {
    if (a.terms_matched != b.terms_matched) return a.terms_matched > b.terms_matched;
    return a.weight > b.weight;
  });
  return hits;
}

} // namespace drill
