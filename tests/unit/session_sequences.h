// Edit sequences for the streaming-session tests: the successive texts a host would pass for
// one utterance while an agent types it or a recogniser revises it.  Plain C++ with no library
// types, shared by the internal test (session_test.cc) and the C API test
// (tests/c_api/session_api_test.cc).
#ifndef LIANGYAN_TESTS_UNIT_SESSION_SEQUENCES_H_
#define LIANGYAN_TESTS_UNIT_SESSION_SEQUENCES_H_

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace liangyan::session_testing {

// The text's code points, each as its UTF-8 bytes.  Bytes that do not start a sequence stay
// with the character before them, so invalid input still splits into non-empty pieces.
inline std::vector<std::string> SplitCodePoints(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    while (i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80) ++len;
    out.emplace_back(s.substr(i, len));
    i += len;
  }
  return out;
}

inline std::string Join(const std::vector<std::string>& cps, size_t from, size_t to,
                        std::string_view separator = {}) {
  std::string out;
  for (size_t i = from; i < to && i < cps.size(); ++i) {
    if (i > from) out += separator;
    out += cps[i];
  }
  return out;
}

// The texts of one session, in order: typing one code point at a time from nothing, an
// unchanged re-send, backspacing and retyping, recogniser partials whose tail is first wrong
// then revised, the tail replaced by `other`'s, phrases inserted in the middle (words rules
// react to, sentence and clause breaks, a decimal point, a Traditional word that folds with its
// neighbour), middle ranges deleted, spaces typed between characters (which flips the
// word-segmented-transcript decision part way), and finally a clear and a paste.
inline std::vector<std::string> EditSequence(std::string_view text, std::string_view other) {
  const std::vector<std::string> cps = SplitCodePoints(text);
  const std::vector<std::string> alt = SplitCodePoints(other);
  const size_t n = cps.size();
  const auto prefix = [&](size_t k) { return Join(cps, 0, k); };
  std::vector<std::string> seq;

  for (size_t k = 0; k <= n; ++k) seq.push_back(prefix(k));
  seq.push_back(prefix(n));

  for (size_t k = n; k-- > n / 2;) seq.push_back(prefix(k));
  for (size_t k = n / 2 + 1; k <= n; ++k) seq.push_back(prefix(k));

  for (size_t k = 3; k <= n; k += 3) {
    seq.push_back(prefix(k - 2) + Join(alt, 0, std::min<size_t>(2, alt.size())));
    seq.push_back(prefix(k));
  }
  seq.push_back(prefix(n / 2) + Join(alt, alt.size() / 2, alt.size()));
  seq.push_back(prefix(n));

  static constexpr std::string_view kInserts[] = {"不能", "，您必须", "？",  "。", " ",
                                                  "吗",   "对不起，", "3.5", "~",  "甚麼"};
  for (size_t i = 0; i < std::size(kInserts); ++i) {
    const size_t at = (i * 7 + 1) % (n + 1);
    seq.push_back(prefix(at) + std::string(kInserts[i]) + Join(cps, at, n));
  }
  seq.push_back(prefix(n));

  if (n >= 4) {
    seq.push_back(Join(cps, 0, n / 4) + Join(cps, n / 2, n));
    seq.push_back(Join(cps, 0, n / 3) + Join(cps, n / 3 + 1, n));
  }

  for (size_t j = 2; j <= n; j += 2) seq.push_back(Join(cps, 0, j, " ") + Join(cps, j, n));
  seq.push_back("");
  seq.push_back(prefix(n));
  return seq;
}

// Whether step `i` of a sequence of `count` asks for rewrites: every seventh and the last, as
// a host finalising an utterance would, so that both kinds of update follow each other.
inline bool WantsRewrites(size_t i, size_t count) { return i % 7 == 6 || i + 1 == count; }

}  // namespace liangyan::session_testing

#endif  // LIANGYAN_TESTS_UNIT_SESSION_SEQUENCES_H_
