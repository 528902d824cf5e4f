// Runs a fuzz target's LLVMFuzzerTestOneInput over files and directories given on the command
// line, without libFuzzer: this is how the normal (gcc, sanitizer-free or ASan) build replays
// the seed corpora and the crash reproducers as an ordinary test.
//
//   ly_replay_fuzz_check fuzz/corpus/fuzz_check [more files or directories...]
//
// Exit status 0 when every input ran; a broken property aborts, and the input being run is
// named on stderr (under ASan, set LY_REPLAY_VERBOSE=1 to name every input before it runs).
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

// The input being run, for the crash handler; a fixed buffer because the handler may only
// call async-signal-safe functions.
char g_current[4096];

void OnCrash(int signal) {
  static const char kPrefix[] = "\nreplay: crashed on input: ";
  ssize_t ignored = write(STDERR_FILENO, kPrefix, sizeof kPrefix - 1);
  ignored = write(STDERR_FILENO, g_current, std::strlen(g_current));
  ignored = write(STDERR_FILENO, "\n", 1);
  (void)ignored;
  ::signal(signal, SIG_DFL);
  raise(signal);
}

bool Run(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
    return false;
  }
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  std::snprintf(g_current, sizeof g_current, "%s", path.c_str());
  // A copy with no slack, so that ASan catches a read one past the end of the input.
  std::vector<uint8_t> exact(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(exact.data(), exact.size());
  return true;
}

}  // namespace

#if defined(__SANITIZE_ADDRESS__)
#define LY_REPLAY_OWN_SEGV_HANDLER 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LY_REPLAY_OWN_SEGV_HANDLER 0
#endif
#endif
#ifndef LY_REPLAY_OWN_SEGV_HANDLER
#define LY_REPLAY_OWN_SEGV_HANDLER 1
#endif

int main(int argc, char** argv) {
  // Property violations abort; ASan reports memory errors itself and keeps its own handlers.
  ::signal(SIGABRT, OnCrash);
  if (LY_REPLAY_OWN_SEGV_HANDLER) {
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL}) ::signal(sig, OnCrash);
  }
  const bool verbose = std::getenv("LY_REPLAY_VERBOSE") != nullptr;
  size_t count = 0;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path root = argv[i];
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(root)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());  // a stable order makes failures reproducible
    } else {
      files.push_back(root);
    }
    for (const auto& file : files) {
      if (verbose) std::fprintf(stderr, "replay: %s\n", file.c_str());
      ok = Run(file) && ok;
      ++count;
    }
  }
  std::printf("replay: %zu inputs%s\n", count, ok ? "" : " (some unreadable)");
  return ok && count > 0 ? 0 : 1;
}
