// Shared helpers of the data-driven test binary.
#ifndef LIANGYAN_TESTS_UNIT_TESTS_COMMON_H_
#define LIANGYAN_TESTS_UNIT_TESTS_COMMON_H_

#include <filesystem>
#include <memory>
#include <string>

#include "core/engine.h"

namespace liangyan::testing_support {

std::string ReadFile(const std::filesystem::path& path);
std::string SanitizeName(std::string name);
// An engine with the default pack (with_default) plus the pack at pack_path ("" for none).
std::shared_ptr<Engine> MakeEngine(const std::string& pack_path, bool with_default);
// "findings: RULE(category)@span ... | rewrite: ..." for failure messages.
std::string Describe(const Result& result);
const char* StatusName(ly_status status);
std::filesystem::path SourceDir();

// The text a rewrite's edit list gives when applied to the original: a host showing a diff or
// applying one edit at a time relies on it equalling the rewrite.
inline std::string ApplyEdits(const std::string& text, const Rewrite& rewrite) {
  std::string rebuilt;
  uint32_t cursor = 0;
  for (const Edit& edit : rewrite.edits) {
    rebuilt += text.substr(cursor, edit.span.begin - cursor) + edit.text;
    cursor = edit.span.end;
  }
  return rebuilt + text.substr(cursor);
}

void RegisterAllPackExamples();
void RegisterGoldenCases();      // tests/golden/cases.jsonl
void RegisterPoliteNegatives();  // tests/golden/polite_negatives.txt
void RegisterRewriteProperties();  // rewrite_properties_test.cc: all of the above, rewritten

}  // namespace liangyan::testing_support

#endif  // LIANGYAN_TESTS_UNIT_TESTS_COMMON_H_
