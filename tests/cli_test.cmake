# End-to-end test of the `liangyan` command on examples/utterances.txt and on broken input.
#
#   cmake -DCLI=path/to/liangyan -DSRC=path/to/repo -P cli_test.cmake
#
# Outputs are inspected with regular expressions rather than CMake lists: JSON text is full of
# ';' and '[' which CMake's list syntax would split or swallow.
cmake_minimum_required(VERSION 3.22)

if(NOT DEFINED CLI OR NOT EXISTS "${CLI}")
  message(FATAL_ERROR "cli_test: pass -DCLI=<liangyan executable>; got '${CLI}'")
endif()
if(NOT DEFINED SRC OR NOT EXISTS "${SRC}/examples/utterances.txt")
  message(FATAL_ERROR "cli_test: pass -DSRC=<repository root>; got '${SRC}'")
endif()
set(examples "${SRC}/examples/utterances.txt")
set(work "${CMAKE_CURRENT_BINARY_DIR}/cli_test_files")
file(MAKE_DIRECTORY "${work}")

# run(<prefix> args...): runs the CLI, sets <prefix>_out, <prefix>_err, <prefix>_rc.
function(run prefix)
  execute_process(
    COMMAND "${CLI}" ${ARGN}
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
    RESULT_VARIABLE rc)
  set(${prefix}_out "${out}" PARENT_SCOPE)
  set(${prefix}_err "${err}" PARENT_SCOPE)
  set(${prefix}_rc "${rc}" PARENT_SCOPE)
endfunction()

function(fail what)
  message(FATAL_ERROR "cli_test: ${what}")
endfunction()

function(expect_rc prefix expected what)
  if(NOT "${${prefix}_rc}" STREQUAL "${expected}")
    fail("${what}: exit status ${${prefix}_rc}, expected ${expected}\nstdout:\n${${prefix}_out}\nstderr:\n${${prefix}_err}")
  endif()
endfunction()

function(expect_contains haystack needle what)
  string(FIND "${haystack}" "${needle}" pos)
  if(pos EQUAL -1)
    fail("${what}: expected to find '${needle}' in:\n${haystack}")
  endif()
endfunction()

# Number of lines of `text` that hold something other than whitespace.
function(count_nonblank_lines text out_var)
  string(REGEX REPLACE "[ \t\r]+\n" "\n" text "${text}\n")
  string(REGEX REPLACE "\n+" "\n" text "${text}")
  string(REGEX REPLACE "^\n" "" text "${text}")
  string(REGEX REPLACE "[^\n]" "" newlines "${text}")
  string(LENGTH "${newlines}" n)
  set(${out_var} ${n} PARENT_SCOPE)
endfunction()

# The output line whose "text" is exactly `utterance`.
function(line_for jsonl utterance out_var)
  string(REGEX MATCH "[^\n]*\"text\":\"${utterance}\"[^\n]*" line "${jsonl}")
  if(line STREQUAL "")
    fail("no output line for ${utterance} in:\n${jsonl}")
  endif()
  set(${out_var} "${line}" PARENT_SCOPE)
endfunction()

# --- JSONL output on the examples ------------------------------------------------------------
run(jsonl check --format jsonl "${examples}")
expect_rc(jsonl 0 "check --format jsonl examples")
file(READ "${examples}" example_text)
count_nonblank_lines("${example_text}" want_lines)
string(REGEX REPLACE "[^\n]" "" newlines "${jsonl_out}")
string(LENGTH "${newlines}" got_lines)
if(NOT got_lines EQUAL want_lines)
  fail("expected ${want_lines} JSONL lines, got ${got_lines}:\n${jsonl_out}")
endif()
if(NOT jsonl_out MATCHES "\n$" OR jsonl_out MATCHES "(^|\n)[^{]" OR jsonl_out MATCHES "[^}]\n")
  fail("every output line must be one JSON object:\n${jsonl_out}")
endif()
foreach(key "\"score\":" "\"findings\":" "\"rewrite\":" "\"credits\":" "\"slots\":")
  expect_contains("${jsonl_out}" "${key}" "JSONL keys")
endforeach()
line_for("${jsonl_out}" "对不起，您不能退货。" simplified)
expect_contains("${simplified}" "\"category\":\"negative\"" "simplified negative utterance")
line_for("${jsonl_out}" "對不起，您不能退貨。" traditional)
expect_contains("${traditional}" "\"category\":\"negative\"" "traditional negative utterance")
line_for("${jsonl_out}" "不好意思，让您久等了。" polite)
if(polite MATCHES "\"category\":\"negative\"")
  fail("polite utterance flagged as negative:\n${polite}")
endif()

# The same input through stdin.
execute_process(
  COMMAND "${CLI}" check --format jsonl -
  INPUT_FILE "${examples}"
  OUTPUT_VARIABLE stdin_out
  RESULT_VARIABLE stdin_rc)
if(NOT stdin_rc EQUAL 0 OR NOT stdin_out STREQUAL jsonl_out)
  fail("reading stdin differs from reading the file (exit ${stdin_rc})")
endif()

# --- Text output ---------------------------------------------------------------------------
run(text check --format text --color never "${examples}")
expect_rc(text 0 "check --format text")
expect_contains("${text_out}" "score:" "text output")
expect_contains("${text_out}" "rewrite:" "text output")
expect_contains("${text_out}" "negative" "text output")
string(ASCII 27 esc)
string(FIND "${text_out}" "${esc}" esc_pos)
if(NOT esc_pos EQUAL -1)
  fail("--color never printed ANSI escapes")
endif()
run(color check --color always "${examples}")
expect_rc(color 0 "check --color always")
expect_contains("${color_out}" "${esc}[" "--color always")

# --- Invalid UTF-8 on line 2 ---------------------------------------------------------------
string(ASCII 255 byte_ff)
string(ASCII 254 byte_fe)
set(invalid "${work}/invalid_utf8.txt")
file(WRITE "${invalid}" "您好，请问有什么可以帮您？\n对不起${byte_ff}${byte_fe}您不能退货。\n\n不好意思，让您久等了。\n")
run(bad check --format jsonl "${invalid}")
expect_rc(bad 2 "invalid UTF-8 input")
expect_contains("${bad_err}" "line 2" "invalid UTF-8 diagnostics")
expect_contains("${bad_err}" "LY_E_INVALID_UTF8" "invalid UTF-8 diagnostics")
expect_contains("${bad_out}" "不好意思，让您久等了。" "lines after the bad one are still checked")
run(replaced check --format jsonl --replace-invalid "${invalid}")
expect_rc(replaced 0 "--replace-invalid")
expect_contains("${replaced_out}" "\"replaced_invalid\":" "--replace-invalid")

# --- Too long a line -----------------------------------------------------------------------
run(long check --max-input-bytes 12 "${examples}")
expect_rc(long 2 "--max-input-bytes 12")
expect_contains("${long_err}" "LY_E_INPUT_TOO_LARGE" "--max-input-bytes")

# --- JSONL input: ids carried through, broken JSON reported by line ------------------------
set(jsonl_in "${work}/input.jsonl")
file(WRITE "${jsonl_in}"
  "{\"id\": \"a1\", \"text\": \"对不起，您不能退货。\", \"turn\": 3}\n"
  "\n"
  "{\"id\": 2, \"text\": \"不好意思，\\u8ba9您久等了\\u3002\"}\n"
  "{\"id\": \"a4\", \"text\": \"unterminated}\n"
  "{\"id\": \"a5\"}\n")
run(jin check --input jsonl --format jsonl "${jsonl_in}")
expect_rc(jin 2 "--input jsonl with broken lines")
expect_contains("${jin_out}" "{\"id\":\"a1\",\"text\":\"对不起，您不能退货。\"" "id carried")
expect_contains("${jin_out}" "\"turn\":3}" "other fields carried")
expect_contains("${jin_out}" "{\"id\":2,\"text\":\"不好意思，让您久等了。\"" "\\u escapes decoded")
expect_contains("${jin_err}" "line 4" "invalid JSON diagnostics")
expect_contains("${jin_err}" "line 5" "missing text diagnostics")
string(FIND "${jin_err}" "line 2:" blank_pos)
if(NOT blank_pos EQUAL -1)
  fail("a blank line was reported as an error:\n${jin_err}")
endif()

# --- Usage and version ---------------------------------------------------------------------
run(version --version)
expect_rc(version 0 "--version")
expect_contains("${version_out}" "liangyan" "--version")
run(usage check --no-such-option)
expect_rc(usage 64 "unknown option")
expect_contains("${usage_err}" "usage:" "unknown option")
run(nocmd)
expect_rc(nocmd 64 "no command")
run(nofile check "${work}/does-not-exist.txt")
if(nofile_rc EQUAL 0)
  fail("a missing input file must fail")
endif()

message(STATUS "cli_test: all checks passed (${got_lines} example lines)")
