// The comparison's ceiling for matching: Hyperscan, in block mode, one scan per utterance,
// answering only "which of the pack's patterns occur" -- no normalisation, no positions, no
// rules, no score, no rewrite.  Whatever liangyan does costs at least this much.
//
//   ly_compare_hyperscan PATTERNS.tsv CORPUS [--passes N] [--som]
//
// --som reports every match with its start and end (HS_FLAG_SOM_LEFTMOST), which is what
// liangyan's matcher produces: the cost a Hyperscan-based matcher would have.
//
// Patterns come from ly_export_patterns.  Hyperscan reads PCRE syntax, which agrees with RE2
// on what packs use; a pattern it rejects is dropped and named on stderr.
#include <hs/hs.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "../bench_corpus.h"
#include "timing.h"

namespace {

struct Pattern {
  bool literal = false;
  std::string text;
};

std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char next = s[++i];
      out += next == 't' ? '\t' : next == 'n' ? '\n' : next;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool ReadPatterns(const char* path, std::vector<Pattern>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    out->push_back(Pattern{line.compare(0, tab, "lit") == 0, Unescape(line.substr(tab + 1))});
  }
  return true;
}

// A phrase as a regex that matches exactly it: ASCII punctuation escaped, control bytes as
// \xHH, everything else (letters, digits, UTF-8 sequences) as is.
std::string QuoteLiteral(const std::string& phrase) {
  std::string out;
  for (unsigned char c : phrase) {
    if (c < 0x20 || c == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "\\x%02X", c);
      out += hex;
    } else if (c < 0x80 && !std::isalnum(c)) {
      out += '\\';
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

int OnMatch(unsigned int, unsigned long long, unsigned long long, unsigned int, void* ctx) {
  ++*static_cast<uint64_t*>(ctx);
  return 0;  // keep scanning: every pattern that occurs is wanted
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: ly_compare_hyperscan PATTERNS.tsv CORPUS [--passes N] [--som]\n");
    return 64;
  }
  int passes = 5;
  bool som = false;
  for (int i = 3; i < argc; ++i) {
    if (std::strcmp(argv[i], "--passes") == 0 && i + 1 < argc) passes = std::atoi(argv[++i]);
    if (std::strcmp(argv[i], "--som") == 0) som = true;
  }
  std::vector<Pattern> patterns;
  std::vector<std::string> corpus;
  if (!ReadPatterns(argv[1], &patterns) || patterns.empty()) {
    std::fprintf(stderr, "ly_compare_hyperscan: no patterns in %s\n", argv[1]);
    return 1;
  }
  if (!liangyan::bench::ReadLines(argv[2], &corpus) || corpus.empty()) {
    std::fprintf(stderr, "ly_compare_hyperscan: cannot read %s\n", argv[2]);
    return 1;
  }

  std::vector<std::string> sources;
  for (const Pattern& p : patterns) sources.push_back(p.literal ? QuoteLiteral(p.text) : p.text);
  std::vector<bool> dropped(sources.size(), false);
  hs_database_t* db = nullptr;
  size_t dropped_count = 0;
  while (true) {
    std::vector<const char*> expressions;
    std::vector<unsigned> flags, ids;
    for (size_t i = 0; i < sources.size(); ++i) {
      if (dropped[i]) continue;
      expressions.push_back(sources[i].c_str());
      flags.push_back(HS_FLAG_UTF8 | HS_FLAG_ALLOWEMPTY |
                      (som ? HS_FLAG_SOM_LEFTMOST : HS_FLAG_SINGLEMATCH));
      ids.push_back(static_cast<unsigned>(i));
    }
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr, &db,
                         &error) == HS_SUCCESS) {
      break;
    }
    if (error->expression < 0) {
      std::fprintf(stderr, "ly_compare_hyperscan: %s\n", error->message);
      return 1;
    }
    const unsigned bad = ids[error->expression];
    std::fprintf(stderr, "hyperscan: dropped pattern %u '%s': %s\n", bad, sources[bad].c_str(),
                 error->message);
    hs_free_compile_error(error);
    dropped[bad] = true;
    ++dropped_count;
  }
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) return 1;
  size_t db_size = 0;
  hs_database_size(db, &db_size);
  std::printf("hyperscan patterns=%zu dropped=%zu database_bytes=%zu\n", sources.size(),
              dropped_count, db_size);

  liangyan::bench::TimePasses(som ? "hyperscan_som" : "hyperscan", corpus, passes, [&] {
    liangyan::bench::PassResult r;
    for (const std::string& u : corpus) {
      if (hs_scan(db, u.data(), static_cast<unsigned>(u.size()), 0, scratch, OnMatch, &r.matches) !=
          HS_SUCCESS) {
        ++r.errors;
      }
    }
    return r;
  });
  hs_free_scratch(scratch);
  hs_free_database(db);
  return 0;
}
