// A host of the installed library through the C++ wrapper; see consumer.c.
#include <charconv>
#include <iostream>
#include <liangyan/liangyan.hpp>
#include <map>
#include <memory>
#include <string_view>
#include <tuple>

// Everyday standard-library code whose inline variables (std::piecewise_construct, to_chars's
// digit table, make_shared's tag) the library's objects define too: a static link must still
// succeed, with one definition each.
int UseTheStandardLibrary() {
  std::map<int, std::pair<int, int>> m;
  m.emplace(std::piecewise_construct, std::forward_as_tuple(1), std::forward_as_tuple(2, 3));
  char digits[24];
  const std::to_chars_result r = std::to_chars(digits, digits + sizeof digits, 1234567890UL);
  const auto shared = std::make_shared<int>(static_cast<int>(r.ptr - digits));
  return m.at(1).second + *shared;  // 3 + 10
}

int main() {
  if (UseTheStandardLibrary() != 13) return 1;
  try {
    const liangyan::Engine engine = liangyan::Engine::create();
    constexpr std::string_view kText = "对不起，您不能退货。";
    const liangyan::Result result = engine.check(kText);
    bool negative = false;
    for (const liangyan::Finding& f : result.findings()) {
      if (f.category != "negative") continue;
      if (f.begin < 0 || f.begin >= f.end || f.end > static_cast<std::int64_t>(kText.size())) {
        std::cerr << "consumer-cc: span [" << f.begin << ", " << f.end << ") outside the text\n";
        return 1;
      }
      std::cout << "consumer-cc: " << f.rule << " negative \""
                << kText.substr(f.begin, f.end - f.begin) << "\"\n";
      negative = true;
    }
    std::cout << "consumer-cc: score " << result.score() << ", rewrite " << result.best_text()
              << "\n";
    if (!negative) std::cerr << "consumer-cc: no finding of category negative\n";
    return negative ? 0 : 1;
  } catch (const liangyan::Error& e) {
    std::cerr << "consumer-cc: " << e.what() << "\n";
    return 1;
  }
}
