# The bad-input battery through the `liangyan` command: every hostile input gets its documented
# exit status (0 ok, 1 fatal, 2 some lines refused, 64 usage) and a diagnostic naming the line,
# never a crash, a hang or a silent skip.
#
#   cmake -DCLI=path/to/liangyan -DWORK=scratch/dir -P cli_battery.cmake
#
# Binary inputs are written with printf(1): CMake strings cannot hold NUL bytes.
cmake_minimum_required(VERSION 3.22)
if(NOT DEFINED CLI OR NOT EXISTS "${CLI}")
  message(FATAL_ERROR "cli_battery: pass -DCLI=<liangyan executable>; got '${CLI}'")
endif()
if(NOT DEFINED WORK)
  message(FATAL_ERROR "cli_battery: pass -DWORK=<scratch directory>")
endif()
file(MAKE_DIRECTORY "${WORK}")
find_program(PRINTF printf REQUIRED)

set(failures 0)
function(fail what)
  message(SEND_ERROR "cli_battery: ${what}")
  math(EXPR n "${failures} + 1")
  set(failures ${n} PARENT_SCOPE)
endfunction()

# write_bytes(<name> <printf format>): WORK/<name> holds exactly the bytes printf makes.
function(write_bytes name format)
  execute_process(COMMAND "${PRINTF}" "${format}" OUTPUT_FILE "${WORK}/${name}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cli_battery: printf failed for ${name}")
  endif()
endfunction()

# expect(<name> <exit status> <regex for stderr or ""> <regex for stdout or ""> args...)
# Runs the CLI with a time limit; a signal shows up as a non-numeric result and fails.
function(expect name want_rc err_regex out_regex)
  execute_process(COMMAND "${CLI}" ${ARGN}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 120)
  if(NOT "${rc}" STREQUAL "${want_rc}")
    string(SUBSTRING "${err}" 0 2000 err_head)
    fail("${name}: exit '${rc}', expected ${want_rc}\nstderr: ${err_head}")
  elseif(NOT err_regex STREQUAL "" AND NOT err MATCHES "${err_regex}")
    string(SUBSTRING "${err}" 0 2000 err_head)
    fail("${name}: stderr does not match '${err_regex}':\n${err_head}")
  elseif(NOT out_regex STREQUAL "" AND NOT out MATCHES "${out_regex}")
    string(SUBSTRING "${out}" 0 2000 out_head)
    fail("${name}: stdout does not match '${out_regex}':\n${out_head}")
  endif()
  set(failures ${failures} PARENT_SCOPE)
endfunction()

set(ok_line "不好意思，让您久等了。")
file(WRITE "${WORK}/ok.txt" "${ok_line}\n")

# --- Text that is not UTF-8: refused by line, the other lines still checked --------------------
write_bytes(bad_utf8.txt
  "\\300\\257\n\\340\\200\\257\n\\355\\240\\200\n\\344\\270\n\\370\\210\\200\\200\\200\n${ok_line}\n")
expect("ill-formed UTF-8 lines" 2 "line 1: LY_E_INVALID_UTF8.*line 5: LY_E_INVALID_UTF8"
       "\"score\":" check --format jsonl "${WORK}/bad_utf8.txt")
expect("ill-formed UTF-8 replaced" 0 "" "\"replaced_invalid\":2"
       check --format jsonl --replace-invalid "${WORK}/bad_utf8.txt")
# 对不起，您不能退货。 in GBK, passed where UTF-8 belongs.
write_bytes(gbk.txt "\\266\\324\\262\\273\\306\\360\\243\\254\\304\\372\\262\\273\\304\\334\\315\\313\\273\\365\\241\\243\n")
expect("GBK bytes as UTF-8" 2 "line 1: LY_E_INVALID_UTF8" "" check "${WORK}/gbk.txt")

# --- NUL bytes inside a line are text -----------------------------------------------------------
write_bytes(nul.txt "\\000\\000对不起，您不能退货。\n您\\000不能退货\n")
expect("NUL bytes" 0 "" "\"text\":\"\\\\u0000\\\\u0000对不起.*\"category\":\"negative\""
       check --format jsonl "${WORK}/nul.txt")

# --- Size: a 10 MB line is refused without being held, the next line still runs ------------------
string(REPEAT "您好" 1747627 ten_mb)  # 6 bytes x 1747627 = 10 MiB
file(WRITE "${WORK}/ten_mb.txt" "${ten_mb}\n${ok_line}\n")
expect("10 MB line" 2 "line 1: LY_E_INPUT_TOO_LARGE" "让您久等了" check --format jsonl "${WORK}/ten_mb.txt")
file(WRITE "${WORK}/ten_mb_no_newline.txt" "${ten_mb}")
expect("10 MB without newline" 2 "line 1: LY_E_INPUT_TOO_LARGE" "" check "${WORK}/ten_mb_no_newline.txt")
file(WRITE "${WORK}/ten_mb.jsonl" "{\"text\": \"${ten_mb}\"}\n")
expect("10 MB JSONL line" 2 "line 1: " "" check --input jsonl "${WORK}/ten_mb.jsonl")
unset(ten_mb)
# Raised past 10 MB, ordinary chat text is checked in bounded time (docs/limits.md).
string(REPEAT "ok, order 12345 shipped. thanks! " 317750 ten_mb_chat)
file(WRITE "${WORK}/ten_mb_chat.txt" "${ten_mb_chat}\n")
unset(ten_mb_chat)
expect("10 MB with the limit raised" 0 "" "\"score\":"
       check --format jsonl --max-input-bytes 16777216 "${WORK}/ten_mb_chat.txt")

# --- Odd but valid text -------------------------------------------------------------------------
# (The combining acute accents below are raw U+0301: CMake strings have no \\u escape.)
file(WRITE "${WORK}/odd.txt"
  "。。。！！！？？？\n"
  "😀👍🏻 é 👨‍👩‍👧 🇨🇳 您不能退货́\n"
  "您不能退貨 refund 返品できません 환불 불가\n"
  "\r\n"
  "   \t  \n")
expect("punctuation, emoji, combining marks, mixed scripts" 0 "" "^{[^\n]*\"score\":100"
       check --format jsonl "${WORK}/odd.txt")
file(WRITE "${WORK}/empty.txt" "")
expect("empty input" 0 "" "" check "${WORK}/empty.txt")
expect("a directory as input" 1 "liangyan: " "" check "${WORK}")

# --- JSONL input: hostile JSON is a refused line ----------------------------------------------
string(REPEAT "[" 100000 deep_open)
file(WRITE "${WORK}/hostile.jsonl"
  "${deep_open}\n"
  "{\"text\": \"\\ud800\"}\n"
  "{\"text\": \"a\\u0000b\"}\n"
  "{\"text\": 5}\n"
  "{\"text\": \"${ok_line}\"}\n")
expect("hostile JSONL" 2 "line 1: .*line 2: .*line 4: " "让您久等了"
       check --input jsonl --format jsonl "${WORK}/hostile.jsonl")

# --- Context ----------------------------------------------------------------------------------
set(contexts "")
foreach(i RANGE 64)
  list(APPEND contexts --context "k${i}=v")
endforeach()
expect("65 context slots" 2 "line 1: LY_E_LIMIT" "" check ${contexts} "${WORK}/ok.txt")
expect("context without a key" 64 "usage" "" check --context "=v" "${WORK}/empty.txt")

# --- Rule packs ---------------------------------------------------------------------------------
function(write_rules_pack name count)
  set(pack "pack: many\nversion: 1\nformat: 1\nrules:\n")
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(APPEND pack "  - id: R${i}\n    category: rude\n    message: m\n    when: '\"规则${i}号\"'\n")
  endforeach()
  file(WRITE "${WORK}/${name}" "${pack}")
endfunction()
write_rules_pack(rules_10000.yaml 10000)
write_rules_pack(rules_10001.yaml 10001)
file(WRITE "${WORK}/rule_line.txt" "规则9999号\n")
expect("10,000-rule pack" 0 "" "R9999"
       check --format jsonl --no-default-pack --pack "${WORK}/rules_10000.yaml" "${WORK}/rule_line.txt")
expect("10,001-rule pack" 1 "LY_E_LIMIT.*LY_OPT_MAX_RULES" ""
       check --no-default-pack --pack "${WORK}/rules_10001.yaml" "${WORK}/rule_line.txt")

set(pack_head "pack: p\nversion: 1\nformat: 1\nrules:\n  - id: P\n    category: rude\n    message: m\n    when: ")
file(WRITE "${WORK}/regex_repeat.yaml" "${pack_head}'re\"a{1001}\"'\n")
expect("regex repeat over 1000" 1 "LY_E_PATTERN" "" check --pack "${WORK}/regex_repeat.yaml" "${WORK}/empty.txt")
file(WRITE "${WORK}/regex_backtrack.yaml" "${pack_head}'re\"(a*)*b\" or re\"(x+x+)+y\"'\n")
string(REPEAT "a" 60000 many_a)
file(WRITE "${WORK}/many_a.txt" "${many_a}\n")
expect("backtracking regex on 60 KB" 0 "" "" check --pack "${WORK}/regex_backtrack.yaml" "${WORK}/many_a.txt")
string(REPEAT "(" 100000 open)
string(REPEAT ")" 100000 close)
file(WRITE "${WORK}/deep_condition.yaml" "${pack_head}'${open}\"x\"${close}'\n")
expect("100,000 nested parentheses" 1 "LY_E_LIMIT" "" check --pack "${WORK}/deep_condition.yaml" "${WORK}/empty.txt")
file(WRITE "${WORK}/deep_yaml.yaml" "pack: p\nversion: 1\nformat: 1\nslots: ${deep_open}\n")
expect("100,000 nested YAML lists" 1 "LY_E_PACK_SYNTAX" "" check --pack "${WORK}/deep_yaml.yaml" "${WORK}/empty.txt")
write_bytes(gbk_pack.yaml "pack: p\nversion: 1\nformat: 1\nlexicons:\n  a: [\\262\\273\\304\\334]\n")
expect("GBK-encoded pack" 1 "LY_E_PACK_SYNTAX.*UTF-8" "" check --pack "${WORK}/gbk_pack.yaml" "${WORK}/empty.txt")
expect("missing pack" 1 "LY_E_IO" "" check --pack "${WORK}/no-such-pack.yaml" "${WORK}/empty.txt")
expect("directory as pack" 1 "liangyan: " "" check --pack "${WORK}" "${WORK}/empty.txt")

if(failures GREATER 0)
  message(FATAL_ERROR "cli_battery: ${failures} checks failed")
endif()
message(STATUS "cli_battery: all checks passed")
