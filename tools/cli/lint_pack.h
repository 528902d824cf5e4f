// `liangyan lint-pack PACK...`: validate, compile and self-test rule packs.
#ifndef LIANGYAN_TOOLS_CLI_LINT_PACK_H_
#define LIANGYAN_TOOLS_CLI_LINT_PACK_H_

namespace liangyan::cli {

// argv[0] is "lint-pack".  Returns the process exit code: 0 when every pack compiles and all
// its examples pass, 1 otherwise, 64 on bad usage.
int RunLintPack(int argc, char** argv);

}  // namespace liangyan::cli

#endif  // LIANGYAN_TOOLS_CLI_LINT_PACK_H_
