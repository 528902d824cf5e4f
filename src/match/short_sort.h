// Sorting the short runs a check produces: a dozen pattern ids, a few hits of a group.
#ifndef LIANGYAN_MATCH_SHORT_SORT_H_
#define LIANGYAN_MATCH_SHORT_SORT_H_

#include <algorithm>
#include <functional>
#include <utility>

namespace liangyan::match {

// Sorts [first, last) by `less`, not stably.  Below a few dozen elements an inline insertion
// sort: std::sort's call and its introsort set-up cost more than the sorting itself there,
// and a check sorts such runs thousands of times a second.
template <typename Iterator, typename Less = std::less<>>
void SortShort(Iterator first, Iterator last, Less less = Less()) {
  constexpr long kInsertionLimit = 24;
  if (last - first > kInsertionLimit) {
    std::sort(first, last, less);
    return;
  }
  if (first == last) return;
  for (Iterator i = first + 1; i != last; ++i) {
    auto value = std::move(*i);
    Iterator j = i;
    for (; j != first && less(value, *(j - 1)); --j) *j = std::move(*(j - 1));
    *j = std::move(value);
  }
}

}  // namespace liangyan::match

#endif  // LIANGYAN_MATCH_SHORT_SORT_H_
