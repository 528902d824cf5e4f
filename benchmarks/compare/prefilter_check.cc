// Checks the matcher's regex prefilter (src/match/regex_prefilter.h) against RE2 itself: for
// every text, every regex of the default pack (plus syntax probes) that matches must be among
// the prefilter's candidates.  A miss would silently drop a finding, so the speed-up is only
// worth having while this holds.  Texts: the built-in sets, any corpus files given, their
// folded forms, and random concatenations of atoms and pieces of them.
//
//   ly_prefilter_check [CORPUS]...      exit status 1 on any miss
#include <re2/re2.h>

#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "../bench_corpus.h"
#include "core/engine.h"
#include "match/aho_corasick.h"
#include "match/regex_prefilter.h"
#include "rules/compiler.h"
#include "text/normalized_text.h"
#include "text/utf8.h"

int main(int argc, char** argv) {
  using liangyan::match::AhoCorasick;
  using liangyan::match::RegexPrefilter;
  std::unique_ptr<liangyan::Engine> engine;
  std::string error;
  if (liangyan::Engine::Create(liangyan::EngineOptions{}, &engine, &error) != LY_OK) {
    std::fprintf(stderr, "Engine::Create: %s\n", error.c_str());
    return 1;
  }
  const liangyan::match::Matcher& matcher = engine->pack().matcher;
  std::vector<std::string> patterns;
  for (size_t id = 0; id < matcher.pattern_count(); ++id) {
    if (!matcher.pattern_is_literal(static_cast<int>(id))) {
      patterns.push_back(matcher.pattern_text(static_cast<int>(id)));
    }
  }
  // Syntax the pack does not use yet.
  for (const char* probe : {"(?i)ab(c|d)",
                            "a(?i:b)C",
                            "x[[:alpha:]]y",
                            "\\x{4E00}\\d+\\p{Han}",
                            "[^a]b|c+d",
                            "(?P<n>foo)bar?",
                            "a{2,3}b{0,2}c",
                            "(?i)Kelvin",
                            "a\\.b\\Qx|y\\E",
                            "[]a]z",
                            "[a-c]q",
                            "(?:a|b|)c",
                            "(a|b)*c",
                            "好{2}",
                            "^$",
                            "\\bfoo\\b",
                            "(?i)É+",
                            "^(?i:ab|cd)x",
                            "^[ab]+c",
                            "(?m)^foo",
                            "\\Afoo",
                            "^(a|b)?c",
                            "(^a|^b)",
                            "^(好的?|嗯+)[,.]*$",
                            "(?i)^OK"}) {
    patterns.push_back(probe);
  }
  RegexPrefilter prefilter;
  std::vector<std::unique_ptr<RE2>> regexes;
  RE2::Options options;
  options.set_log_errors(false);
  for (const std::string& p : patterns) {
    regexes.push_back(std::make_unique<RE2>(p, options));
    prefilter.Add(p);
  }
  prefilter.Finish();
  AhoCorasick automaton;
  for (size_t a = 0; a < prefilter.atoms().size(); ++a) {
    automaton.Add(prefilter.atoms()[a], static_cast<uint32_t>(a));
  }
  if (!automaton.Build()) return 1;

  std::vector<std::string> texts;
  for (const auto* set :
       {&liangyan::bench::ShortUtterances(), &liangyan::bench::TypicalUtterances(),
        &liangyan::bench::LongUtterances()}) {
    texts.insert(texts.end(), set->begin(), set->end());
  }
  for (int i = 1; i < argc; ++i) {
    std::vector<std::string> lines;
    if (!liangyan::bench::ReadLines(argv[i], &lines)) return 1;
    texts.insert(texts.end(), lines.begin(), lines.end());
  }
  const size_t given = texts.size();
  std::mt19937 rng(20261125);
  for (int i = 0; i < 100000; ++i) {
    std::string s;
    for (int k = 1 + static_cast<int>(rng() % 6); k > 0; --k) {
      if (rng() % 2 && !prefilter.atoms().empty()) {
        s += prefilter.atoms()[rng() % prefilter.atoms().size()];
      } else {
        const std::string& t = texts[rng() % given];
        s += t.substr(rng() % (t.size() + 1), rng() % 12);
      }
    }
    texts.push_back(std::move(s));
  }

  std::vector<uint8_t> present(prefilter.atoms().size()), mark;
  std::vector<int> found, candidates;
  size_t checked = 0, misses = 0, matches = 0;
  liangyan::text::NormalizedText normalized;
  for (const std::string& raw : texts) {
    std::vector<std::string> variants = {raw};
    if (liangyan::text::IsValidUtf8(raw, nullptr)) {
      liangyan::text::Normalize(raw, &normalized);
      variants.push_back(normalized.folded);
    }
    for (const std::string& text : variants) {
      found.clear();
      const bool case_folds = automaton.ScanNoteCase(text, [&](uint32_t a, uint32_t, uint32_t) {
        if (!present[a]) {
          present[a] = 1;
          found.push_back(static_cast<int>(a));
        }
      });
      prefilter.Candidates(text, present.data(), found, case_folds, &candidates, &mark);
      for (int a : found) present[a] = 0;
      std::vector<uint8_t> candidate(patterns.size(), 0);
      for (int r : candidates) candidate[r] = 1;
      for (size_t r = 0; r < patterns.size(); ++r) {
        if (!RE2::PartialMatch(text, *regexes[r])) continue;
        ++matches;
        if (!candidate[r] && ++misses <= 10) {
          std::fprintf(stderr, "missed: regex %s on %s\n", patterns[r].c_str(), text.c_str());
        }
      }
      ++checked;
    }
  }
  std::printf("prefilter_check regexes=%zu atoms=%zu texts=%zu matches=%zu misses=%zu\n",
              patterns.size(), prefilter.atoms().size(), checked, matches, misses);
  return misses == 0 ? 0 : 1;
}
