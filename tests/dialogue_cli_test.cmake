# End-to-end test of `liangyan coach` on examples/dialogues: text, JSON, summary and HTML
# output, input auto-detection, and errors that name their line.
#
#   cmake -DCLI=path/to/liangyan -DSRC=path/to/repo -P dialogue_cli_test.cmake
#
# Outputs are inspected with string(FIND) and regular expressions rather than CMake lists:
# JSON and HTML are full of ';' and '[' which CMake's list syntax would split or swallow.
cmake_minimum_required(VERSION 3.22)

if(NOT DEFINED CLI OR NOT EXISTS "${CLI}")
  message(FATAL_ERROR "dialogue_cli_test: pass -DCLI=<liangyan executable>; got '${CLI}'")
endif()
set(dir "${SRC}/examples/dialogues")
if(NOT DEFINED SRC OR NOT EXISTS "${dir}/complaint_six_steps.json")
  message(FATAL_ERROR "dialogue_cli_test: pass -DSRC=<repository root>; got '${SRC}'")
endif()
set(work "${CMAKE_CURRENT_BINARY_DIR}/dialogue_cli_test_files")
file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}")

# run(<prefix> args...): runs the CLI, sets <prefix>_out, <prefix>_err, <prefix>_rc.
function(run prefix)
  execute_process(COMMAND "${CLI}" ${ARGN}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  set(${prefix}_out "${out}" PARENT_SCOPE)
  set(${prefix}_err "${err}" PARENT_SCOPE)
  set(${prefix}_rc "${rc}" PARENT_SCOPE)
endfunction()

# run_stdin(<prefix> <file> args...): the same with <file> on standard input.
function(run_stdin prefix file)
  execute_process(COMMAND "${CLI}" ${ARGN} INPUT_FILE "${file}"
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  set(${prefix}_out "${out}" PARENT_SCOPE)
  set(${prefix}_err "${err}" PARENT_SCOPE)
  set(${prefix}_rc "${rc}" PARENT_SCOPE)
endfunction()

function(fail what)
  message(FATAL_ERROR "dialogue_cli_test: ${what}")
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

function(expect_lacks haystack needle what)
  string(FIND "${haystack}" "${needle}" pos)
  if(NOT pos EQUAL -1)
    fail("${what}: did not expect '${needle}' in:\n${haystack}")
  endif()
endfunction()

# The outcome of score-card item `id` in a one-line JSON report.
function(item_outcome json id out_var)
  string(REGEX MATCH "\"id\":\"${id}\",\"title\":\"[^\"]*\",\"outcome\":\"[a-z_]+\"" m "${json}")
  if(m STREQUAL "")
    fail("no score-card item ${id} in:\n${json}")
  endif()
  string(REGEX REPLACE ".*\"outcome\":\"([a-z_]+)\"" "\\1" outcome "${m}")
  set(${out_var} "${outcome}" PARENT_SCOPE)
endfunction()

# --- Text summaries: each timing example fails what it was written to show -------------------
run(six coach "${dir}/complaint_six_steps.json")
expect_rc(six 0 "coach complaint_six_steps.json")
expect_contains("${six_out}" "== call-0412-six-steps" "six steps: header")
expect_contains("${six_out}" "failed 0 of 11 judged items" "six steps: a complaint handled by the book")
expect_contains("${six_out}" "#21  agent" "six steps: every turn listed, numbered from 1")

run(interrupt coach "${dir}/interruption.json")
expect_rc(interrupt 0 "coach interruption.json")
expect_contains("${interrupt_out}" "x NO-INTERRUPT" "interruption: NO-INTERRUPT")
expect_contains("${interrupt_out}" "(2 interruption(s))" "interruption: both counted")
expect_contains("${interrupt_out}" "evidence: #3 #5" "interruption: evidence turns")
expect_contains("${interrupt_out}" "x FALSE-ACK" "interruption: 我知道了 before the customer finished")

run(silent coach "${dir}/silence_no_notice.json")
expect_rc(silent 0 "coach silence_no_notice.json")
expect_contains("${silent_out}" "x SILENCE-NOTICE" "silence without a notice")
run(notice coach "${dir}/silence_with_notice.json")
expect_rc(notice 0 "coach silence_with_notice.json")
expect_lacks("${notice_out}" "x SILENCE-NOTICE" "silence announced with 请您稍等")
expect_contains("${notice_out}" "SILENCE-NOTICE" "silence with notice: the item is judged")

run(fast coach "${dir}/fast_agent_complaint.json")
expect_rc(fast 0 "coach fast_agent_complaint.json")
expect_contains("${fast_out}" "x RATE-MATCH" "fast agent in a complaint")

# --- JSON: the full report, one line per dialogue ---------------------------------------------
run(json coach --format json "${dir}/fast_agent_complaint.json")
expect_rc(json 0 "coach --format json")
if(NOT json_out MATCHES "^{\"id\":\"call-0416-fast\"[^\n]*}\n$")
  fail("--format json: expected one JSON object line:\n${json_out}")
endif()
item_outcome("${json_out}" "RATE-MATCH" outcome)
if(NOT outcome STREQUAL "fail")
  fail("RATE-MATCH in JSON: ${outcome}")
endif()
item_outcome("${json_out}" "NO-INTERRUPT" outcome)
if(NOT outcome STREQUAL "pass")
  fail("NO-INTERRUPT in JSON: ${outcome}")
endif()
expect_contains("${json_out}" "\"timestamps\":true" "JSON: timestamps seen")

# --- JSONL: auto-detected, from a file and from stdin; unknown fields ignored -----------------
run(jsonl coach --format json "${dir}/shift.jsonl")
expect_rc(jsonl 0 "coach --format json shift.jsonl")
string(REGEX MATCHALL "(^|\n){\"id\":\"chat-10[1-5]\"" starts "${jsonl_out}")
list(LENGTH starts n)
if(NOT n EQUAL 5)
  fail("shift.jsonl: expected 5 report lines, got ${n}:\n${jsonl_out}")
endif()
item_outcome("${jsonl_out}" "GREETING-FIRST" outcome)  # the first line: chat-101 greets
if(NOT outcome STREQUAL "pass")
  fail("chat-101 GREETING-FIRST: ${outcome}")
endif()
run_stdin(piped "${dir}/shift.jsonl" coach -)
expect_rc(piped 0 "coach - < shift.jsonl")
string(REGEX MATCHALL "(^|\n)== chat-10" heads "${piped_out}")
list(LENGTH heads n)
if(NOT n EQUAL 5)
  fail("stdin JSONL: expected 5 summaries, got ${n}:\n${piped_out}")
endif()

# --- Aggregates -------------------------------------------------------------------------------
run(summary coach --summary "${dir}/shift.jsonl")
expect_rc(summary 0 "coach --summary")
expect_contains("${summary_out}" "dialogues        5 coached, 0 could not be read" "summary: counts")
expect_contains("${summary_out}" "greet first      2 of 5" "summary: greeting first")
expect_contains("${summary_out}" "service close    3 of 5" "summary: service question")
expect_contains("${summary_out}" "score-card items" "summary: per-item table")
expect_contains("${summary_out}" "agents (2)" "summary: per-agent table from turn agent_id")
expect_contains("${summary_out}" "A2087" "summary: agent listed")
run(sumjson coach --summary --format json "${dir}/shift.jsonl")
expect_rc(sumjson 0 "coach --summary --format json")
if(NOT sumjson_out MATCHES "^{\"dialogues\":5,\"errors\":0,[^\n]*}\n$")
  fail("--summary --format json: expected one JSON object:\n${sumjson_out}")
endif()

# --- HTML: self-contained, escaped ------------------------------------------------------------
function(check_page file what)
  if(NOT EXISTS "${file}")
    fail("${what}: ${file} was not written")
  endif()
  file(READ "${file}" page)
  expect_contains("${page}" "<!DOCTYPE html>" "${what}")
  expect_contains("${page}" "<style>" "${what}: inline style")
  foreach(banned "http://" "https://" "<script" "<link" "<img" "@import" "url(")
    expect_lacks("${page}" "${banned}" "${what}: nothing external")
  endforeach()
endfunction()

run(html coach --html "${work}/six.html" "${dir}/complaint_six_steps.json")
expect_rc(html 0 "coach --html")
check_page("${work}/six.html" "six steps page")
file(READ "${work}/six.html" page)
expect_contains("${page}" "call-0412-six-steps" "six steps page: id")
expect_contains("${page}" "id=\"t20\"" "six steps page: turn anchors")

# A turn that tries to inject markup must come out as text, in the bubble and in attributes.
file(WRITE "${work}/hostile.json"
  "{\"id\": \"x<y>&z\", \"agent_id\": \"A\\\"1'\", \"turns\": [\n"
  "  {\"role\": \"customer\", \"text\": \"<b>投诉</b> & 怎么回事\"},\n"
  "  {\"role\": \"agent\", \"text\": \"<script>alert(1)</script> & 对不起，您不能退货。\"}\n"
  "]}\n")
run(hostile coach --html "${work}/hostile.html" "${work}/hostile.json")
expect_rc(hostile 0 "coach --html on a hostile dialogue (multi-line document)")
check_page("${work}/hostile.html" "hostile page")
file(READ "${work}/hostile.html" page)
expect_contains("${page}" "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" "agent turn escaped")
expect_contains("${page}" "&lt;b&gt;" "customer turn escaped")
expect_contains("${page}" "x&lt;y&gt;&amp;z" "dialogue id escaped")
expect_contains("${page}" "A&quot;1&#39;" "agent id escaped")
expect_lacks("${page}" "<b>投诉" "no raw markup from the dialogue")

run(pages coach --summary --html-dir "${work}/pages" --html-limit 2 "${dir}/shift.jsonl")
expect_rc(pages 0 "coach --html-dir")
file(GLOB written "${work}/pages/*.html")
list(LENGTH written n)
if(NOT n EQUAL 3)
  fail("--html-dir --html-limit 2: expected 2 pages and index.html, got: ${written}")
endif()
check_page("${work}/pages/0001-chat-101.html" "first page")
check_page("${work}/pages/index.html" "index page")
file(READ "${work}/pages/index.html" page)
expect_contains("${page}" "href=\"0002-chat-102.html\"" "index links the pages")

# --- Errors name their line; the other dialogues are still coached ----------------------------
file(READ "${dir}/shift.jsonl" good)
string(REGEX MATCH "^[^\n]*" first_line "${good}")
file(WRITE "${work}/broken.jsonl"
  "${first_line}\n"
  "{\"id\": \"bad-json\", \"turns\": [\n"
  "{\"id\": \"bad-role\", \"turns\": [{\"role\": \"boss\", \"text\": \"嗯\"}]}\n"
  "\n"
  "{\"id\": \"no-turns\"}\n")
run(broken coach --format json "${work}/broken.jsonl")
expect_rc(broken 2 "coach on broken JSONL")
expect_contains("${broken_err}" "line 2:" "invalid JSON named by line")
expect_contains("${broken_err}" "line 3:" "bad role named by line")
expect_contains("${broken_err}" "role must be" "bad role explained")
expect_contains("${broken_err}" "line 5:" "missing turns named by line (blank line counted)")
expect_contains("${broken_out}" "{\"id\":\"chat-101\"" "the good dialogue is still reported")
expect_contains("${broken_out}" "{\"id\":\"bad-role\",\"line\":3,\"error\":\"LY_E_INVALID_ARGUMENT\"" "error line in JSON output")

file(WRITE "${work}/broken_doc.json" "{\n  \"id\": \"doc\",\n  \"turns\": [\n    {\"role\": \"agent\" \"text\": \"您好\"}\n  ]\n}\n")
run(doc coach "${work}/broken_doc.json")
expect_rc(doc 2 "coach on a broken multi-line document")
expect_contains("${doc_err}" "line 4, column" "document error names its line and column")

run(usage coach --format xml "${dir}/shift.jsonl")
expect_rc(usage 64 "coach --format xml")
run(help coach --help)
expect_rc(help 0 "coach --help")
expect_contains("${help_out}" "--html-dir" "coach --help documents the options")

message(STATUS "dialogue_cli_test: all checks passed")
