#pragma once
// Spearman's rank correlation, for the tests that compare the scorer with
// human grades.

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace drill::test {

/// Ranks from 1, ties sharing their mean rank.
inline std::vector<double> ranks(const std::vector<double> &v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]])
      ++j;
    for (std::size_t k = i; k <= j; ++k)
      r[order[k]] = (static_cast<double>(i + j) / 2.0) + 1.0;
    i = j + 1;
  }
  return r;
}

inline double pearson(const std::vector<double> &a, const std::vector<double> &b) {
  double ma = std::accumulate(a.begin(), a.end(), 0.0) / static_cast<double>(a.size());
  double mb = std::accumulate(b.begin(), b.end(), 0.0) / static_cast<double>(b.size());
  double cov = 0, va = 0, vb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) * (a[i] - ma);
    vb += (b[i] - mb) * (b[i] - mb);
  }
  return cov / std::sqrt(va * vb);
}

inline double spearman(const std::vector<double> &a, const std::vector<double> &b) {
  return pearson(ranks(a), ranks(b));
}

} // namespace drill::test
