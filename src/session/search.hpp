#pragma once

#include "bank/question.hpp"

#include <string_view>
#include <vector>

namespace drill {

/// One question found by search_questions, with how well it matched.
struct SearchHit {
  const Question *question = nullptr;
  std::size_t terms_matched = 0; ///< distinct query words found in the question
  double weight = 0;             ///< the sum of the best field weight of each word found
};

/// The questions of `pool` that mention words of `query` in their id,
/// topics, prompt, key-point names or phrasings, compared by stem as the
/// scorer compares them ("caching" finds "cache"), function words ignored.
/// Best first: most query words found, then the weightiest fields (id and
/// topics, then prompt and key-point names, then phrasings), then bank order.
std::vector<SearchHit> search_questions(const std::vector<const Question *> &pool, std::string_view query);

} // namespace drill
