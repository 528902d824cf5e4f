#include "lint_pack.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "liangyan/liangyan.h"

namespace liangyan::cli {
namespace {

constexpr const char* kUsage =
    "usage: liangyan lint-pack [--standalone] PACK.yaml...\n"
    "  Loads each pack on top of the embedded default pack (or alone with --standalone),\n"
    "  compiles it, and runs its examples. Errors and failing examples are printed as\n"
    "  FILE:LINE:COLUMN: ... ; exits 1 if anything fails.\n";

// Extracts the value of "key":"..." from a flat JSON object (the self-test failures).
std::string JsonField(const std::string& object, const char* key) {
  const std::string needle = std::string("\"") + key + "\":\"";
  size_t at = object.find(needle);
  if (at == std::string::npos) return "";
  at += needle.size();
  std::string out;
  for (size_t i = at; i < object.size() && object[i] != '"'; ++i) {
    if (object[i] == '\\' && i + 1 < object.size()) {
      const char c = object[++i];
      out += c == 'n' ? '\n' : c;
    } else {
      out += object[i];
    }
  }
  return out;
}

// Splits the "failures" array of the self-test JSON into its objects.  The objects hold only
// string values, so braces inside strings are the only thing to watch for.
std::vector<std::string> Failures(const std::string& json) {
  std::vector<std::string> out;
  const size_t start = json.find("\"failures\":[");
  if (start == std::string::npos) return out;
  bool in_string = false;
  size_t object_start = 0;
  for (size_t i = start + 12; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      object_start = i;
    } else if (c == '}') {
      out.push_back(json.substr(object_start, i - object_start + 1));
    } else if (c == ']') {
      break;
    }
  }
  return out;
}

int LintOne(const char* path, bool standalone) {
  ly_options* options = ly_options_create();
  if (!options) return 1;
  if (standalone) ly_options_set(options, LY_OPT_USE_DEFAULT_PACK, 0);
  ly_status status = ly_options_add_pack_file(options, path);
  if (status != LY_OK) {
    std::fprintf(stderr, "%s: cannot read (%s)\n", path, ly_status_name(status));
    ly_options_free(options);
    return 1;
  }
  ly_engine* engine = nullptr;
  char* error = nullptr;
  status = ly_engine_create(options, &engine, &error);
  ly_options_free(options);
  if (status != LY_OK) {
    std::fprintf(stderr, "%s [%s]\n", error ? error : path, ly_status_name(status));
    ly_free(error);
    return 1;
  }
  char* json = nullptr;
  int64_t failed = 0;
  status = ly_engine_run_examples(engine, path, &json, &failed);
  if (status != LY_OK) {
    std::fprintf(stderr, "%s: examples could not run (%s)\n", path, ly_status_name(status));
    ly_engine_free(engine);
    return 1;
  }
  const std::string report(json);
  ly_free(json);
  for (const std::string& failure : Failures(report)) {
    std::fprintf(stderr, "%s: %s should %s: %s\n    %s\n", JsonField(failure, "at").c_str(),
                 JsonField(failure, "rule").c_str(),
                 JsonField(failure, "expect") == "flag"   ? "flag"
                 : JsonField(failure, "expect") == "fail" ? "fail"
                                                           : "not flag",
                 JsonField(failure, "text").c_str(), JsonField(failure, "detail").c_str());
  }
  const long long passed = std::stoll(report.substr(report.find(':') + 1));
  std::printf("%s: %s rules in all loaded packs; examples: %lld passed, %lld failed\n", path,
              ly_engine_info(engine, LY_INFO_RULE_COUNT), passed, static_cast<long long>(failed));
  ly_engine_free(engine);
  return failed == 0 ? 0 : 1;
}

}  // namespace

int RunLintPack(int argc, char** argv) {
  bool standalone = false;
  std::vector<const char*> packs;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--standalone") == 0) {
      standalone = true;
    } else if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      std::fprintf(stderr, "lint-pack: unknown option %s\n%s", argv[i], kUsage);
      return 64;
    } else {
      packs.push_back(argv[i]);
    }
  }
  if (packs.empty()) {
    std::fputs(kUsage, stderr);
    return 64;
  }
  int exit_code = 0;
  for (const char* pack : packs) exit_code |= LintOne(pack, standalone);
  return exit_code;
}

}  // namespace liangyan::cli
