// Writes every pattern the default pack's matcher holds, so that the comparison's other
// contenders (Python re, Hyperscan) look for exactly the same things as liangyan.
//
//   ly_export_patterns OUT.tsv
//
// One pattern a line: "lit" or "re", a tab, the pattern.  Literals are the folded phrases
// (Simplified, ASCII punctuation) as the matcher holds them, regexes are RE2 syntax.  In the
// pattern, '\\', tab and newline are written as \\, \t and \n.
#include <cstdio>
#include <memory>
#include <string>

#include "core/engine.h"
#include "rules/compiler.h"

namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: ly_export_patterns OUT.tsv\n");
    return 64;
  }
  std::unique_ptr<liangyan::Engine> engine;
  std::string error;
  if (liangyan::Engine::Create(liangyan::EngineOptions{}, &engine, &error) != LY_OK) {
    std::fprintf(stderr, "ly_export_patterns: %s\n", error.c_str());
    return 1;
  }
  const liangyan::match::Matcher& matcher = engine->pack().matcher;
  FILE* out = std::fopen(argv[1], "wb");
  if (!out) {
    std::perror(argv[1]);
    return 1;
  }
  size_t literals = 0;
  for (size_t id = 0; id < matcher.pattern_count(); ++id) {
    const bool literal = matcher.pattern_is_literal(static_cast<int>(id));
    literals += literal;
    std::fprintf(out, "%s\t%s\n", literal ? "lit" : "re",
                 Escape(matcher.pattern_text(static_cast<int>(id))).c_str());
  }
  if (std::fclose(out) != 0) {
    std::perror(argv[1]);
    return 1;
  }
  std::printf("patterns=%zu literals=%zu regexes=%zu rules=%zu\n", matcher.pattern_count(),
              literals, matcher.pattern_count() - literals, engine->pack().rules.size());
  return 0;
}
