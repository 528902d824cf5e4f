// Utterances shared by the benchmark programs: fixed sets of short, typical and long agent
// utterances (built in, so a benchmark needs no files), and a reader for corpus files.
#ifndef LIANGYAN_BENCHMARKS_BENCH_CORPUS_H_
#define LIANGYAN_BENCHMARKS_BENCH_CORPUS_H_

#include <string>
#include <vector>

namespace liangyan::bench {

// 24 utterances of at most 20 characters (about 9 on average).
const std::vector<std::string>& ShortUtterances();
// 24 utterances of 23 to 28 characters: the length of a typical chat or call turn.
const std::vector<std::string>& TypicalUtterances();
// 24 utterances of about 200 characters, each a different run of typical ones joined.
const std::vector<std::string>& LongUtterances();

// Total UTF-8 bytes of a set, for bytes-per-second figures.
size_t TotalBytes(const std::vector<std::string>& utterances);

// Reads one utterance per line (without the newline; a trailing '\r' is dropped too).
// Returns false if the file cannot be read.
bool ReadLines(const std::string& path, std::vector<std::string>* out);

}  // namespace liangyan::bench

#endif  // LIANGYAN_BENCHMARKS_BENCH_CORPUS_H_
