# Turns a data file into a C++ source defining `std::string_view liangyan::SYMBOL`.
# Used as: cmake -DINPUT=... -DOUTPUT=... -DSYMBOL=... -P EmbedFile.cmake
# The bytes become a string literal of \x escapes (constant-initialised, no static constructor).
file(READ "${INPUT}" content HEX)
string(LENGTH "${content}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" escaped "${content}")
# One line of the literal per 32 bytes (128 characters of escapes).
string(REGEX REPLACE "(................................................................................................................................)" "\\1\"\n\"" escaped "${escaped}")
file(WRITE "${OUTPUT}" "// Generated from ${INPUT}; do not edit.\n#include <string_view>\nnamespace liangyan {\nextern const std::string_view ${SYMBOL};\nconstexpr std::string_view ${SYMBOL}(\n\"${escaped}\", ${byte_count});\n}  // namespace liangyan\n")
