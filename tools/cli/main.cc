// The `liangyan` command: checks agent utterances from a file or stdin against the rule packs
// and reports findings, scores and rewrites as text for people or as JSONL for programs;
// `liangyan coach` (coach.cc) does the same for whole dialogues.
//
// Exit status: 0 all lines checked; 2 some lines could not be checked (each one is reported on
// stderr with its line number, the others are still processed); 1 a fatal error (unreadable
// input, a broken rule pack); 64 bad usage.
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "coach.h"
#include "lint_pack.h"
#include "liangyan/liangyan.hpp"
#include "line_reader.h"
#include "output.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFatal = 1;
constexpr int kExitBadLines = 2;
constexpr int kExitUsage = 64;

// The library's default LY_OPT_MAX_INPUT_BYTES; the reader needs it to bound line buffers
// even when the user does not pass --max-input-bytes.
constexpr std::int64_t kDefaultMaxInputBytes = 65536;

constexpr char kUsage[] =
    "usage: liangyan check [options] [FILE|-]\n"
    "       liangyan coach [options] [FILE|-]   (whole dialogues; see liangyan coach --help)\n"
    "       liangyan lint-pack [--standalone] PACK.yaml...   (validate and self-test packs)\n"
    "       liangyan --version\n"
    "       liangyan --help\n"
    "\n"
    "Checks customer-service utterances against the courseware's speaking rules.\n"
    "Reads FILE (or stdin when FILE is '-' or absent), one utterance per line.\n"
    "\n"
    "options:\n"
    "  --input text|jsonl       input lines are plain text (default) or JSON objects with a\n"
    "                           \"text\" field; other fields (e.g. \"id\") are copied to the "
    "output\n"
    "  --format text|jsonl      report for people (default) or one JSON object per line\n"
    "  --pack FILE              add a user rule pack on top of the default (repeatable)\n"
    "  --no-default-pack        use only the packs given with --pack\n"
    "  --context KEY=VALUE      fill rewrite slot KEY, e.g. reason=系统升级 (repeatable)\n"
    "  --max-input-bytes N      reject lines longer than N bytes (default 65536)\n"
    "  --replace-invalid        check invalid UTF-8 with U+FFFD instead of rejecting the line\n"
    "  --encoding NAME          input lines are in charset NAME: utf-8, gbk, gb18030 or big5\n"
    "                           (plain-text input only); text is shown decoded, and JSONL\n"
    "                           findings add start_byte/end_byte into the line's original\n"
    "                           bytes; a line that does not decode is reported with the\n"
    "                           offset of its first bad byte\n"
    "  --color auto|always|never  colour spans in text output (default auto: on a terminal)\n"
    "\n"
    "exit status: 0 ok, 1 fatal error, 2 some lines could not be checked, 64 bad usage\n";

enum class Color { kAuto, kAlways, kNever };

struct Args {
  std::string input_path = "-";
  bool jsonl_input = false;
  bool jsonl_output = false;
  std::vector<std::string> packs;
  bool use_default_pack = true;
  std::vector<std::pair<std::string, std::string>> context;
  std::optional<std::int64_t> max_input_bytes;
  bool replace_invalid = false;
  std::string encoding;  // empty: UTF-8 through ly_check; else through ly_check_encoded
  Color color = Color::kAuto;
};

int Usage(const std::string& problem) {
  std::fprintf(stderr, "liangyan: %s\n\n%s", problem.c_str(), kUsage);
  return kExitUsage;
}

bool ParseInt(std::string_view s, std::int64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

// Parses the arguments after "check".  Returns an error text, or empty on success.
std::string ParseCheckArgs(int argc, char** argv, Args* args) {
  bool have_path = false;
  bool options_done = false;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (options_done || arg == "-" || arg.substr(0, 2) != "--") {
      if (!options_done && arg.size() > 1 && arg[0] == '-' && arg != "-") {
        return "unknown option " + std::string(arg);
      }
      if (have_path) return "only one input file may be given";
      args->input_path = std::string(arg);
      have_path = true;
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    // Both "--name value" and "--name=value".
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
    const auto flag = [&]() { return !has_value; };

    if (name == "--no-default-pack" && flag()) {
      args->use_default_pack = false;
    } else if (name == "--replace-invalid" && flag()) {
      args->replace_invalid = true;
    } else if (name == "--input" || name == "--format") {
      if (!take_value()) return name + " needs a value";
      if (value != "text" && value != "jsonl") return name + " must be text or jsonl";
      (name == "--input" ? args->jsonl_input : args->jsonl_output) = value == "jsonl";
    } else if (name == "--encoding") {
      if (!take_value() || value.empty()) return "--encoding needs a charset name";
      args->encoding = value;
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
      // The library's accepted range (LY_OPT_MAX_INPUT_BYTES), checked here so that a bad
      // value is reported as usage rather than as an engine failure.
      if (!take_value() || !ParseInt(value, &n) || n < 1 || n > (std::int64_t{1} << 30)) {
        return "--max-input-bytes needs a number from 1 to 1073741824";
      }
      args->max_input_bytes = n;
    } else if (name == "--color" || name == "--colour") {
      if (!take_value()) return "--color needs a value";
      if (value == "auto") {
        args->color = Color::kAuto;
      } else if (value == "always") {
        args->color = Color::kAlways;
      } else if (value == "never") {
        args->color = Color::kNever;
      } else {
        return "--color must be auto, always or never";
      }
    } else {
      return "unknown option " + std::string(arg);
    }
  }
  // JSON text is UTF-8 by definition, and a decoder never guesses: both would be ambiguous.
  if (!args->encoding.empty() && args->jsonl_input) {
    return "--encoding applies to plain-text input, not --input jsonl (JSON is UTF-8)";
  }
  if (!args->encoding.empty() && args->replace_invalid) {
    return "--replace-invalid cannot be combined with --encoding: undecodable lines are "
           "reported, never repaired";
  }
  return {};
}

std::string Detail(ly_status status, std::int64_t max_input_bytes) {
  switch (status) {
    case LY_E_INVALID_UTF8:
      return "not valid UTF-8 (use --replace-invalid to check it with U+FFFD)";
    case LY_E_INPUT_TOO_LARGE:
      return "longer than " + std::to_string(max_input_bytes) + " bytes (see --max-input-bytes)";
    case LY_E_LIMIT:
      return "too many --context values";
    case LY_E_ENCODING:
      return "does not decode";
    default:
      return "could not be checked";
  }
}

bool ColorWanted(Color color) {
  if (color != Color::kAuto) return color == Color::kAlways;
  // NO_COLOR (no-color.org) and TERM=dumb are the usual opt-outs.
  const char* term = std::getenv("TERM");
  return isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr &&
         (term == nullptr || std::strcmp(term, "dumb") != 0);
}

int RunCheck(const Args& args) {
  const std::int64_t max_input_bytes = args.max_input_bytes.value_or(kDefaultMaxInputBytes);
  std::optional<liangyan::Engine> engine;
  std::optional<liangyan::Context> context;
  try {
    liangyan::Options options;
    if (args.max_input_bytes) options.set(LY_OPT_MAX_INPUT_BYTES, *args.max_input_bytes);
    if (args.replace_invalid) options.set(LY_OPT_INVALID_UTF8, LY_INVALID_UTF8_REPLACE);
    if (!args.use_default_pack) options.set(LY_OPT_USE_DEFAULT_PACK, 0);
    for (const std::string& pack : args.packs) options.add_pack_file(pack);
    engine = liangyan::Engine::create(options);
  } catch (const liangyan::Error& e) {
    std::fprintf(stderr, "liangyan: %s\n", e.what());
    return kExitFatal;
  }
  if (!args.encoding.empty()) {
    // An unknown charset is a usage error, reported once before any input is read.
    liangyan::Result probe;
    const liangyan::Status status = engine->try_check_encoded(args.encoding, {}, &probe);
    if (status.code() == LY_E_ENCODING) return Usage("--encoding: " + status.message());
  }
  if (!args.context.empty()) {
    context.emplace();
    for (const auto& [key, value] : args.context) {
      const liangyan::Status status = context->try_set(key, value);
      if (!status.ok()) {
        return Usage("--context " + key + ": " + status.name());
      }
    }
  }

  const bool from_stdin = args.input_path == "-";
  std::FILE* in = from_stdin ? stdin : std::fopen(args.input_path.c_str(), "rb");
  if (in == nullptr) {
    std::fprintf(stderr, "liangyan: cannot open %s: %s\n", args.input_path.c_str(),
                 std::strerror(errno));
    return kExitFatal;
  }
  const std::string source = from_stdin ? "<stdin>" : args.input_path;
  const bool color = !args.jsonl_output && ColorWanted(args.color);

  // JSON escaping can take up to six bytes per text byte, plus whatever else the object holds.
  const std::size_t limit = static_cast<std::size_t>(args.jsonl_input ? max_input_bytes * 6 + 65536
                                                                      : max_input_bytes + 1);
  liangyan::cli::LineReader reader(in, limit);
  std::string line, out;
  bool overlong = false;
  std::size_t line_no = 0, bad_lines = 0;
  while (reader.Next(&line, &overlong)) {
    ++line_no;
    if (!overlong && liangyan::cli::IsBlank(line)) continue;

    liangyan::cli::Record record;
    record.line = line_no;
    liangyan::cli::JsonValue object;
    liangyan::Status status;
    std::string detail;
    if (overlong) {
      status = liangyan::Status(LY_E_INPUT_TOO_LARGE);
      detail = Detail(LY_E_INPUT_TOO_LARGE, max_input_bytes);
    } else if (args.jsonl_input) {
      std::string error;
      const liangyan::cli::JsonValue* text = nullptr;
      if (!liangyan::cli::ParseJson(line, &object, &error)) {
        detail = "invalid JSON: " + error;
      } else if (object.kind != liangyan::cli::JsonValue::Kind::kObject) {
        detail = "invalid JSONL: the line is not a JSON object";
      } else {
        record.input = &object;  // lets an error line still carry the input's id
        if ((text = object.Find("text")) == nullptr ||
            text->kind != liangyan::cli::JsonValue::Kind::kString) {
          detail = "invalid JSONL: no string \"text\" field";
        } else {
          record.text = text->text;
        }
      }
      if (!detail.empty()) status = liangyan::Status(LY_E_INVALID_ARGUMENT);
    } else {
      record.text = line;
    }

    liangyan::Result result;
    if (status.ok() && !args.encoding.empty()) {
      status = engine->try_check_encoded(args.encoding, record.text, &result,
                                         context ? &*context : nullptr);
      if (status.ok()) {
        record.text = result.text();  // the decoded UTF-8, which the output shows
        record.encoded = true;
      } else {
        // The library names the first byte that does not decode, counted from the line's start.
        detail = status.code() == LY_E_ENCODING && !status.message().empty()
                     ? status.message() + " (offset within the line)"
                     : Detail(status.code(), max_input_bytes);
      }
    } else if (status.ok()) {
      status = engine->try_check(record.text, &result, context ? &*context : nullptr);
      if (!status.ok()) detail = Detail(status.code(), max_input_bytes);
    }

    out.clear();
    if (!status.ok()) {
      ++bad_lines;
      std::fprintf(stderr, "liangyan: %s: line %zu: %s: %s\n", source.c_str(), line_no,
                   status.name(), detail.c_str());
      if (args.jsonl_output) liangyan::cli::AppendJsonlError(record, status, detail, &out);
    } else if (args.jsonl_output) {
      liangyan::cli::AppendJsonlResult(record, result, &out);
    } else {
      liangyan::cli::AppendTextResult(record, result, color, &out);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    // A program driving us through pipes waits for each answer before sending more.
    if (from_stdin) std::fflush(stdout);
  }

  const bool read_failed = reader.failed();
  if (!from_stdin) std::fclose(in);
  if (read_failed) {
    std::fprintf(stderr, "liangyan: error reading %s\n", source.c_str());
    return kExitFatal;
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "liangyan: error writing output: %s\n", std::strerror(errno));
    return kExitFatal;
  }
  if (bad_lines > 0) {
    std::fprintf(stderr, "liangyan: %zu of %zu lines could not be checked\n", bad_lines, line_no);
    return kExitBadLines;
  }
  return kExitOk;
}

int PrintVersion() {
  std::printf("liangyan %s\n", ly_version_string());
  if (ly_version_number() != LY_VERSION_NUMBER) {
    std::printf("warning: built against header %d.%d.%d\n", LY_VERSION_MAJOR, LY_VERSION_MINOR,
                LY_VERSION_PATCH);
  }
  liangyan::Engine engine;
  const liangyan::Status status = liangyan::Engine::try_create(nullptr, &engine);
  if (!status.ok()) {
    std::fprintf(stderr, "liangyan: default pack: %s\n", status.to_string().c_str());
    return kExitFatal;
  }
  std::printf("pack %.*s %.*s (%.*s rules)\n",
              static_cast<int>(engine.info(LY_INFO_PACK_ID).size()),
              engine.info(LY_INFO_PACK_ID).data(),
              static_cast<int>(engine.info(LY_INFO_PACK_VERSION).size()),
              engine.info(LY_INFO_PACK_VERSION).data(),
              static_cast<int>(engine.info(LY_INFO_RULE_COUNT).size()),
              engine.info(LY_INFO_RULE_COUNT).data());
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage("missing command");
  const std::string_view command = argv[1];
  if (command == "--version" || command == "-V") return PrintVersion();
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (command == "lint-pack") return liangyan::cli::RunLintPack(argc - 1, argv + 1);
  if (command == "coach") {
    for (int i = 2; i < argc; ++i) {
      const std::string_view arg = argv[i];
      if (arg == "--") break;
      if (arg == "--help" || arg == "-h") {
        std::fputs(liangyan::cli::kCoachUsage, stdout);
        return kExitOk;
      }
    }
    return liangyan::cli::RunCoach(argc - 2, argv + 2);
  }
  if (command != "check") return Usage("unknown command " + std::string(command));
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return kExitOk;
    }
  }
  Args args;
  if (const std::string problem = ParseCheckArgs(argc - 2, argv + 2, &args); !problem.empty()) {
    return Usage(problem);
  }
  return RunCheck(args);
}
