// `liangyan coach`: reads dialogues, coaches each through the library (ly_coach) and prints
// what was asked for.  Input is one JSON object (which may span many lines) or JSONL, one
// dialogue per line; fields the library does not know (such as "source") are ignored.
#include "coach.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "coach_report.h"
#include "liangyan/liangyan.hpp"
#include "line_reader.h"
#include "output.h"

namespace liangyan::cli {

const char kCoachUsage[] =
    "usage: liangyan coach [options] [FILE|-]\n"
    "\n"
    "Coaches whole customer-service dialogues: every agent turn is checked like an utterance,\n"
    "then the score card judges the conversation (greeting first, service question at the\n"
    "close, apology after a complaint, talk share, interruptions, silences, ...).\n"
    "Reads FILE (or stdin when FILE is '-' or absent): one dialogue as a JSON object, which may\n"
    "span several lines, or JSONL with one dialogue per line:\n"
    "  {\"id\": \"...\", \"agent_id\": \"...\", \"turns\": [{\"role\": \"agent\"|\"customer\",\n"
    "   \"text\": \"...\", \"start_ms\": 0, \"end_ms\": 1500, \"agent_id\": \"...\"}]}\n"
    "(\"dialogue_id\" is accepted for \"id\"; other fields are ignored.)\n"
    "\n"
    "options:\n"
    "  --input auto|json|jsonl  auto (default): JSONL when the first non-blank line is a whole\n"
    "                           JSON value, otherwise the input is one JSON document\n"
    "  --format text|json       a readable summary per dialogue (default) or the full JSON\n"
    "                           report, one line per dialogue\n"
    "  --summary                print only aggregates over all dialogues (in --format): score\n"
    "                           distribution, per-item outcomes, frequent findings, per agent\n"
    "  --html FILE              write the HTML report of the first dialogue coached to FILE\n"
    "  --html-dir DIR           write one HTML page per dialogue into DIR, plus index.html\n"
    "  --html-limit N           at most N pages in --html-dir (default 100)\n"
    "  --pack FILE              add a user rule pack on top of the default (repeatable)\n"
    "  --no-default-pack        use only the packs given with --pack\n"
    "  --context KEY=VALUE      fill rewrite slot KEY, e.g. reason=系统升级 (repeatable)\n"
    "  --max-input-bytes N      reject turns longer than N bytes (default 65536)\n"
    "\n"
    "Turns are numbered from 1 in text and HTML output; JSON reports index them from 0.\n"
    "exit status: 0 ok, 1 fatal error, 2 some dialogues could not be coached, 64 bad usage\n";

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFatal = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitUsage = 64;

// One dialogue may hold up to LY_OPT_MAX_TURNS turns of LY_OPT_MAX_INPUT_BYTES each; a JSONL
// line past this size is consumed but not buffered, so a stray binary file cannot exhaust
// memory.
constexpr std::size_t kMaxDialogueBytes = std::size_t{64} << 20;
constexpr std::size_t kDefaultHtmlLimit = 100;

enum class InputMode { kAuto, kJson, kJsonl };

struct CoachArgs {
  std::string input_path = "-";
  InputMode input = InputMode::kAuto;
  bool json_output = false;
  bool summary = false;
  std::string html_file;
  std::string html_dir;
  std::size_t html_limit = kDefaultHtmlLimit;
  std::vector<std::string> packs;
  bool use_default_pack = true;
  std::vector<std::pair<std::string, std::string>> context;
  std::optional<std::int64_t> max_input_bytes;
};

int Usage(const std::string& problem) {
  std::fprintf(stderr, "liangyan: %s\n\n%s", problem.c_str(), kCoachUsage);
  return kExitUsage;
}

bool ParseCount(std::string_view s, std::int64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

// Returns an error text, or empty on success.
std::string ParseArgs(int argc, char** argv, CoachArgs* args) {
  bool have_path = false, options_done = false;
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (options_done || arg == "-" || arg.substr(0, 2) != "--") {
      if (!options_done && arg.size() > 1 && arg[0] == '-')
        return "unknown option " + std::string(arg);
      if (have_path) return "only one input file may be given";
      args->input_path = std::string(arg);
      have_path = true;
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    std::string name(arg), value;
    bool has_value = false;
    if (const std::size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
      has_value = true;
    }
    const auto take_value = [&]() -> bool {
      if (has_value) return true;
      if (i + 1 >= argc) return false;
      value = argv[++i];
      return true;
    };
    if (name == "--summary" && !has_value) {
      args->summary = true;
    } else if (name == "--no-default-pack" && !has_value) {
      args->use_default_pack = false;
    } else if (name == "--input") {
      if (!take_value()) return "--input needs a value";
      if (value == "auto") {
        args->input = InputMode::kAuto;
      } else if (value == "json") {
        args->input = InputMode::kJson;
      } else if (value == "jsonl") {
        args->input = InputMode::kJsonl;
      } else {
        return "--input must be auto, json or jsonl";
      }
    } else if (name == "--format") {
      if (!take_value()) return "--format needs a value";
      if (value != "text" && value != "json") return "--format must be text or json";
      args->json_output = value == "json";
    } else if (name == "--html" || name == "--html-dir") {
      if (!take_value() || value.empty()) return name + " needs a path";
      (name == "--html" ? args->html_file : args->html_dir) = value;
    } else if (name == "--html-limit") {
      std::int64_t n = 0;
      if (!take_value() || !ParseCount(value, &n) || n < 1)
        return "--html-limit needs a number >= 1";
      args->html_limit = static_cast<std::size_t>(n);
    } else if (name == "--pack") {
      if (!take_value()) return "--pack needs a file";
      args->packs.push_back(value);
    } else if (name == "--context") {
      if (!take_value()) return "--context needs KEY=VALUE";
      const std::size_t eq = value.find('=');
      if (eq == std::string::npos || eq == 0) return "--context needs KEY=VALUE, got " + value;
      args->context.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    } else if (name == "--max-input-bytes") {
      std::int64_t n = 0;
      if (!take_value() || !ParseCount(value, &n) || n < 1 || n > (std::int64_t{1} << 30)) {
        return "--max-input-bytes needs a number from 1 to 1073741824";
      }
      args->max_input_bytes = n;
    } else {
      return "unknown option " + std::string(arg);
    }
  }
  return {};
}

// One dialogue's JSON text and where it starts in the input.
struct Source {
  std::string text;
  std::size_t line = 0;  // 1-based
  bool overlong = false;
  bool document = false;  // a whole (possibly multi-line) document rather than one JSONL line
};

// Splits the input into dialogues.  In auto mode the first non-blank line decides: if it is
// a complete JSON value the input is JSONL, otherwise it is the start of one pretty-printed
// document.  Deciding on one line keeps JSONL streaming (a pipe gets each answer as soon as
// its line is in) while still accepting a dialogue saved from an editor.
class DialogueReader {
 public:
  DialogueReader(std::FILE* file, InputMode mode) : lines_(file, kMaxDialogueBytes), mode_(mode) {}

  bool Next(Source* out) {
    if (done_) return false;
    std::string line;
    bool overlong = false;
    while (lines_.Next(&line, &overlong)) {
      ++line_no_;
      if (!overlong && IsBlank(line)) continue;
      if (mode_ == InputMode::kAuto) {
        JsonValue probe;
        std::string error;
        mode_ = overlong || ParseJson(line, &probe, &error) ? InputMode::kJsonl : InputMode::kJson;
      }
      *out = Source{};
      out->line = line_no_;
      out->overlong = overlong;
      out->text = std::move(line);
      if (mode_ == InputMode::kJsonl) return true;
      out->document = true;
      while (lines_.Next(&line, &overlong)) {
        ++line_no_;
        out->overlong |= overlong || out->text.size() + line.size() >= kMaxDialogueBytes;
        if (!out->overlong) (out->text += '\n') += line;
      }
      done_ = true;
      return true;
    }
    return false;
  }

  bool failed() const { return lines_.failed(); }

 private:
  LineReader lines_;
  InputMode mode_;
  std::size_t line_no_ = 0;
  bool done_ = false;
};

// The line and column of a JSON syntax error, in the input's own terms; the library only
// knows byte offsets into the dialogue.  Empty when the text is valid JSON (the problem is then
// the dialogue's shape, which the library's message names).
std::string SyntaxError(const Source& source) {
  JsonValue value;
  std::string error;
  std::size_t offset = 0;
  if (ParseJsonAt(source.text, &value, &error, &offset)) return {};
  if (!source.document)
    return "invalid JSON: " + error + " at column " + std::to_string(offset + 1);
  std::size_t line = source.line, column = 1;
  for (std::size_t i = 0; i < offset && i < source.text.size(); ++i) {
    if (source.text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column) +
         ": invalid JSON: " + error;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A page name that is safe on every file system and in a URL, still recognisable by id.
std::string PageName(std::size_t ordinal, std::string_view id) {
  char prefix[24];
  std::snprintf(prefix, sizeof prefix, "%04zu", ordinal);
  std::string name = prefix;
  std::string safe;
  for (char c : id) {
    if (safe.size() >= 48) break;
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    safe += ok ? c : '_';
  }
  if (!safe.empty()) name += "-" + safe;
  return name + ".html";
}

bool WriteFile(const std::string& path, std::string_view data) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    std::fprintf(stderr, "liangyan: cannot write %s: %s\n", path.c_str(), std::strerror(errno));
    return false;
  }
  const bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  if (std::fclose(f) != 0 || !ok) {
    std::fprintf(stderr, "liangyan: error writing %s\n", path.c_str());
    return false;
  }
  return true;
}

struct PageEntry {
  std::string file, id;
  std::size_t line = 0;
  int score = 0, card = 0, utterance = 0;
  std::size_t failed = 0;
};

// index.html of --html-dir: one row per page, lowest score first, so that a trainer opens the
// dialogues that need coaching before the ones that went well.
std::string IndexPage(std::vector<PageEntry> pages) {
  std::stable_sort(pages.begin(), pages.end(),
                   [](const PageEntry& a, const PageEntry& b) { return a.score < b.score; });
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n<title>对话辅导报告索引</title>\n<style>"
      "body{margin:0;background:#f3f4f6;color:#1f2328;font:15px/1.6 -apple-system,\"Segoe UI\","
      "\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"WenQuanYi Micro Hei\",sans-serif}"
      "main{max-width:960px;margin:0 auto;padding:24px 20px}"
      "table{width:100%;border-collapse:collapse;background:#fff;border-radius:12px;"
      "overflow:hidden;box-shadow:0 1px 3px rgba(16,24,40,.08)}"
      "th,td{padding:8px 12px;border-bottom:1px solid #eef0f2;text-align:left}"
      "th{color:#57606a;font-size:13px}.n{text-align:right;font-variant-numeric:tabular-nums}"
      "a{color:#0b61c4;text-decoration:none}.poor{color:#c62828}.fair{color:#b26b00}"
      ".good{color:#1a7f37}</style>\n</head>\n<body>\n<main>\n<h1>对话辅导报告</h1>\n"
      "<table>\n<thead><tr><th>对话</th><th class=\"n\">行</th><th class=\"n\">总分</th>"
      "<th class=\"n\">评分卡</th><th class=\"n\">话术</th><th class=\"n\">未通过项目</th></tr>"
      "</thead>\n<tbody>\n";
  for (const PageEntry& p : pages) {
    const char* cls = p.score >= 90 ? "good" : p.score >= 70 ? "fair" : "poor";
    out += "<tr><td><a href=\"" + HtmlEscape(p.file) + "\">" +
           HtmlEscape(p.id.empty() ? p.file : p.id) + "</a></td><td class=\"n\">" +
           std::to_string(p.line) + "</td><td class=\"n " + cls + "\"><b>" +
           std::to_string(p.score) + "</b></td><td class=\"n\">" + std::to_string(p.card) +
           "</td><td class=\"n\">" + std::to_string(p.utterance) + "</td><td class=\"n\">" +
           std::to_string(p.failed) + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace

int RunCoach(int argc, char** argv) {
  CoachArgs args;
  if (const std::string problem = ParseArgs(argc, argv, &args); !problem.empty()) {
    return Usage(problem);
  }
  Engine engine;
  std::optional<Context> context;
  try {
    Options options;
    if (args.max_input_bytes) options.set(LY_OPT_MAX_INPUT_BYTES, *args.max_input_bytes);
    if (!args.use_default_pack) options.set(LY_OPT_USE_DEFAULT_PACK, 0);
    for (const std::string& pack : args.packs) options.add_pack_file(pack);
    engine = Engine::create(options);
    if (!args.context.empty()) {
      context.emplace();
      for (const auto& [key, value] : args.context) {
        const Status status = context->try_set(key, value);
        if (!status.ok()) return Usage("--context " + key + ": " + status.name());
      }
    }
  } catch (const Error& e) {
    std::fprintf(stderr, "liangyan: %s\n", e.what());
    return kExitFatal;
  }
  if (!args.html_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(args.html_dir, ec);
    if (ec) {
      std::fprintf(stderr, "liangyan: cannot create %s: %s\n", args.html_dir.c_str(),
                   ec.message().c_str());
      return kExitFatal;
    }
  }

  const bool from_stdin = args.input_path == "-";
  std::FILE* in = from_stdin ? stdin : std::fopen(args.input_path.c_str(), "rb");
  if (in == nullptr) {
    std::fprintf(stderr, "liangyan: cannot open %s: %s\n", args.input_path.c_str(),
                 std::strerror(errno));
    return kExitFatal;
  }
  const std::string source_name = from_stdin ? "<stdin>" : args.input_path;

  DialogueReader reader(in, args.input);
  CoachSummary summary;
  std::vector<PageEntry> pages;
  Source source;
  std::string out;
  std::size_t ordinal = 0, bad = 0;
  bool html_written = false, fatal = false;
  const bool need_items = !args.json_output || args.summary || !args.html_dir.empty();
  while (!fatal && reader.Next(&source)) {
    ++ordinal;
    out.clear();
    Report report;
    Status status;
    if (source.overlong) {
      status = Status(LY_E_INPUT_TOO_LARGE,
                      "dialogue longer than " + std::to_string(kMaxDialogueBytes >> 20) + " MiB");
    } else {
      status = engine.try_coach(source.text, &report, context ? &*context : nullptr);
      if (status == LY_E_INVALID_ARGUMENT) {
        if (std::string where = SyntaxError(source); !where.empty()) {
          status = Status(status.code(), std::move(where));
        }
      }
    }
    if (!status.ok()) {
      ++bad;
      summary.AddError();
      std::fprintf(stderr, "liangyan: %s: line %zu: %s: %s\n", source_name.c_str(), source.line,
                   status.name(), status.message().c_str());
      if (args.json_output && !args.summary) {
        // One output line per input dialogue, as `check` does, so outputs can be zipped with
        // inputs; the input's id is carried when the line is at least valid JSON.
        JsonValue input;
        std::string ignored;
        Record record;
        record.line = source.line;
        if (!source.overlong && ParseJson(source.text, &input, &ignored) &&
            input.kind == JsonValue::Kind::kObject) {
          record.input = &input;
        }
        AppendJsonlError(record, status, status.message(), &out);
      }
    } else {
      Coached coached;
      std::string error;
      if (need_items && !ReadCoached(report, source.line, &coached, &error)) {
        std::fprintf(stderr, "liangyan: internal error reading the report: %s\n", error.c_str());
        return kExitFatal;
      }
      if (args.summary) {
        summary.Add(coached);
      } else if (args.json_output) {
        out = report.to_json();
        out.push_back('\n');
      } else {
        AppendCoachedText(coached, &out);
      }
      if (!args.html_file.empty() && !html_written) {
        html_written = true;
        fatal |= !WriteFile(args.html_file, report.to_html());
      }
      if (!args.html_dir.empty() && pages.size() < args.html_limit) {
        PageEntry page{PageName(ordinal, coached.id),
                       coached.id,
                       source.line,
                       coached.score,
                       coached.card_score,
                       coached.utterance_score,
                       0};
        for (const CoachedItem& item : coached.items) page.failed += item.outcome == "fail";
        fatal |= !WriteFile((std::filesystem::path(args.html_dir) / page.file).string(),
                            report.to_html());
        pages.push_back(std::move(page));
      }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (from_stdin) std::fflush(stdout);
  }
  const bool read_failed = reader.failed();
  if (!from_stdin) std::fclose(in);
  if (fatal) return kExitFatal;
  if (read_failed) {
    std::fprintf(stderr, "liangyan: error reading %s\n", source_name.c_str());
    return kExitFatal;
  }
  if (!args.html_dir.empty() &&
      !WriteFile((std::filesystem::path(args.html_dir) / "index.html").string(),
                 IndexPage(pages))) {
    return kExitFatal;
  }
  if (args.summary) {
    out.clear();
    if (args.json_output) {
      summary.AppendJson(&out);
    } else {
      summary.AppendText(&out);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  if (!args.html_file.empty() && ordinal > 1) {
    std::fprintf(stderr,
                 "liangyan: --html wrote the first dialogue only; use --html-dir for all\n");
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "liangyan: error writing output: %s\n", std::strerror(errno));
    return kExitFatal;
  }
  if (ordinal == 0) {
    std::fprintf(stderr, "liangyan: %s: no dialogue in the input\n", source_name.c_str());
    return kExitBadInput;
  }
  if (bad > 0) {
    std::fprintf(stderr, "liangyan: %zu of %zu dialogues could not be coached\n", bad, ordinal);
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace liangyan::cli
