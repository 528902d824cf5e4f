// Line input for the `liangyan` command, shared by `check` and `coach`.
#ifndef LIANGYAN_TOOLS_CLI_LINE_READER_H_
#define LIANGYAN_TOOLS_CLI_LINE_READER_H_

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace liangyan::cli {

// Reads lines with a bound on what is kept in memory: a line longer than `limit` bytes is
// consumed but reported as overlong instead of being buffered whole.
class LineReader {
 public:
  LineReader(std::FILE* file, std::size_t limit) : file_(file), limit_(limit) {}

  // Returns false at end of input.  `line` excludes the '\n' and a trailing '\r'.
  bool Next(std::string* line, bool* overlong) {
    line->clear();
    *overlong = false;
    bool any = false;
    int c;
    while ((c = std::getc(file_)) != EOF) {
      any = true;
      if (c == '\n') break;
      if (line->size() < limit_) {
        line->push_back(static_cast<char>(c));
      } else {
        *overlong = true;
      }
    }
    if (!any) return false;
    if (!*overlong && !line->empty() && line->back() == '\r') line->pop_back();
    // A UTF-8 byte-order mark is an encoding artefact of some Windows editors, not text.
    if (first_ && line->compare(0, 3, "\xEF\xBB\xBF") == 0) line->erase(0, 3);
    first_ = false;
    return true;
  }

  bool failed() const { return std::ferror(file_) != 0; }

 private:
  std::FILE* file_;
  std::size_t limit_;
  bool first_ = true;
};

inline bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r\f\v") == std::string_view::npos;
}

}  // namespace liangyan::cli

#endif  // LIANGYAN_TOOLS_CLI_LINE_READER_H_
