# End-to-end test of a company rule pack through the `liangyan` command:
# tests/data/user_packs/fuwu_jinyu.yaml adds a 服务禁语 rule (SHOP-JINYU), disables
# COMMAND-WAIT, raises NEG-NONE to severity 3 / weight 10 and extends the default `banned`
# lexicon that FUEL uses.
#
#   cmake -DCLI=path/to/liangyan -DSRC=path/to/repo -P user_pack_cli_test.cmake
#
# As in cli_test.cmake, outputs are inspected with regular expressions, not CMake lists.
cmake_minimum_required(VERSION 3.22)

if(NOT DEFINED CLI OR NOT EXISTS "${CLI}")
  message(FATAL_ERROR "user_pack_cli_test: pass -DCLI=<liangyan executable>; got '${CLI}'")
endif()
set(pack "${SRC}/tests/data/user_packs/fuwu_jinyu.yaml")
if(NOT DEFINED SRC OR NOT EXISTS "${pack}")
  message(FATAL_ERROR "user_pack_cli_test: pass -DSRC=<repository root>; got '${SRC}'")
endif()
set(work "${CMAKE_CURRENT_BINARY_DIR}/user_pack_cli_test_files")
file(MAKE_DIRECTORY "${work}")

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
  message(FATAL_ERROR "user_pack_cli_test: ${what}")
endfunction()

function(expect_rc prefix expected what)
  if(NOT "${${prefix}_rc}" STREQUAL "${expected}")
    fail("${what}: exit status ${${prefix}_rc}, expected ${expected}\nstdout:\n${${prefix}_out}\nstderr:\n${${prefix}_err}")
  endif()
endfunction()

# The output line whose "text" is exactly `utterance`.
function(line_for jsonl utterance out_var)
  string(REGEX MATCH "[^\n]*\"text\":\"${utterance}\"[^\n]*" line "${jsonl}")
  if(line STREQUAL "")
    fail("no output line for ${utterance} in:\n${jsonl}")
  endif()
  set(${out_var} "${line}" PARENT_SCOPE)
endfunction()

function(expect_match text regex what)
  if(NOT text MATCHES "${regex}")
    fail("${what}: expected /${regex}/ in:\n${text}")
  endif()
endfunction()

function(expect_no_match text regex what)
  if(text MATCHES "${regex}")
    fail("${what}: did not expect /${regex}/ in:\n${text}")
  endif()
endfunction()

set(new_rule "你问我我问谁")        # SHOP-JINYU (new rule of the user pack)
set(shielded "不知道您是在哪个城市呢？")  # the default pack's shields still apply to it
set(disabled "好的，稍等哦")        # COMMAND-WAIT fires with the default pack alone
set(raised "这款目前没有货哦")      # NEG-NONE: severity 1 / weight 4 by default
set(extended "你爱咋咋地")          # FUEL through the extended `banned` lexicon
set(input "${work}/lines.txt")
file(WRITE "${input}" "${new_rule}\n${shielded}\n${disabled}\n${raised}\n${extended}\n")

# --- the default pack alone: the baseline the user pack changes ----------------------------
run(base check --format jsonl "${input}")
expect_rc(base 0 "check (default pack)")
line_for("${base_out}" "${disabled}" line)
expect_match("${line}" "\"rule\":\"COMMAND-WAIT\"" "COMMAND-WAIT without the user pack")
line_for("${base_out}" "${raised}" line)
expect_match("${line}" "\"rule\":\"NEG-NONE\",\"category\":\"negative\",\"severity\":1," "NEG-NONE default severity")
line_for("${base_out}" "${new_rule}" line)
expect_no_match("${line}" "SHOP-JINYU" "SHOP-JINYU without the user pack")
line_for("${base_out}" "${extended}" line)
expect_no_match("${line}" "\"rule\":\"FUEL\"" "FUEL before extend_lexicons")

# --- with the user pack -----------------------------------------------------------------------
run(user check --pack "${pack}" --format jsonl "${input}")
expect_rc(user 0 "check --pack fuwu_jinyu.yaml")
line_for("${user_out}" "${new_rule}" line)
expect_match("${line}" "\"rule\":\"SHOP-JINYU\",\"category\":\"rude\",\"severity\":4," "the new 服务禁语 rule fires")
line_for("${user_out}" "${shielded}" line)
expect_no_match("${line}" "SHOP-JINYU" "不知道您… is shielded by the default pack")
line_for("${user_out}" "${disabled}" line)
expect_no_match("${line}" "COMMAND-WAIT" "COMMAND-WAIT is disabled by the user pack")
expect_match("${line}" "\"rule\":\"WAIT-REASON\"" "the other rules still run")
line_for("${user_out}" "${raised}" line)
expect_match("${line}" "\"rule\":\"NEG-NONE\",\"category\":\"negative\",\"severity\":3,\"weight\":10," "NEG-NONE raised to severity 3, weight 10")
line_for("${user_out}" "${extended}" line)
expect_match("${line}" "\"rule\":\"FUEL\",\"category\":\"rude\"" "FUEL fires on a phrase added by extend_lexicons")

# --- the pack lints cleanly (compiles on top of the default pack, its examples pass) ----------
run(lint lint-pack "${pack}")
expect_rc(lint 0 "lint-pack fuwu_jinyu.yaml")

message(STATUS "user_pack_cli_test: all checks passed")
