// Lists of ints for the keys 0..n-1 in one array.  A vector per key scatters the lists over
// the heap, and a check reads a few dozen of them at random.
#ifndef LIANGYAN_MATCH_FLAT_LISTS_H_
#define LIANGYAN_MATCH_FLAT_LISTS_H_

#include <cstdint>
#include <span>
#include <vector>

namespace liangyan::match {

struct FlatLists {
  std::vector<uint32_t> at{0};  // key k's list is items[at[k], at[k + 1])
  std::vector<int> items;

  void Assign(const std::vector<std::vector<int>>& lists) {
    at.assign(1, 0);
    items.clear();
    for (const std::vector<int>& list : lists) {
      items.insert(items.end(), list.begin(), list.end());
      at.push_back(static_cast<uint32_t>(items.size()));
    }
  }
  std::span<const int> operator[](size_t key) const {
    return {items.data() + at[key], at[key + 1] - at[key]};
  }
};

}  // namespace liangyan::match

#endif  // LIANGYAN_MATCH_FLAT_LISTS_H_
