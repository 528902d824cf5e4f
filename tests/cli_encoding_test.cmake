# `liangyan check --encoding`: GBK, GB18030 and Big5 input files, generated here from UTF-8
# text (with iconv, or Python's codecs where iconv is missing), must give the same findings,
# scores and code-point spans as the UTF-8 text, plus byte spans into the original bytes; an
# undecodable line is reported with its line number and byte offset, never skipped; an unknown
# charset is a usage error.
#
#   cmake -DCLI=path/to/liangyan -DWORK=scratch/dir -P cli_encoding_test.cmake
cmake_minimum_required(VERSION 3.22)

if(NOT DEFINED CLI OR NOT EXISTS "${CLI}")
  message(FATAL_ERROR "cli_encoding_test: pass -DCLI=<liangyan executable>; got '${CLI}'")
endif()
if(NOT DEFINED WORK)
  message(FATAL_ERROR "cli_encoding_test: pass -DWORK=<directory for the generated files>")
endif()
set(work "${WORK}")
file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}")

function(fail what)
  message(FATAL_ERROR "cli_encoding_test: ${what}")
endfunction()

function(run prefix)
  execute_process(COMMAND "${CLI}" ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err
                  RESULT_VARIABLE rc)
  set(${prefix}_out "${out}" PARENT_SCOPE)
  set(${prefix}_err "${err}" PARENT_SCOPE)
  set(${prefix}_rc "${rc}" PARENT_SCOPE)
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

# convert(<utf-8 file> <charset> <output file>)
find_program(ICONV iconv)
find_program(PYTHON NAMES python3 python)
function(convert input charset output)
  if(ICONV)
    execute_process(COMMAND "${ICONV}" -f UTF-8 -t ${charset} "${input}" OUTPUT_FILE "${output}"
                    RESULT_VARIABLE rc ERROR_VARIABLE err)
  elseif(PYTHON)
    execute_process(
      COMMAND "${PYTHON}" -c
              "import sys; open(sys.argv[3], 'wb').write(open(sys.argv[1], encoding='utf-8').read().encode(sys.argv[2]))"
              "${input}" ${charset} "${output}"
      RESULT_VARIABLE rc ERROR_VARIABLE err)
  else()
    fail("neither iconv nor python3 is available to make the ${charset} input")
  endif()
  if(NOT rc EQUAL 0)
    fail("cannot convert ${input} to ${charset}: ${err}")
  endif()
endfunction()

# Simplified text for GBK and GB18030; Traditional for Big5, which has no Simplified forms.
set(simplified "${work}/simplified.utf8.txt")
set(traditional "${work}/traditional.utf8.txt")
file(WRITE "${simplified}" "对不起，您不能退货。\n您必须先付款，否则无法发货\n好的，马上为您处理。\n")
file(WRITE "${traditional}" "對不起，您不能退貨。\n您必須先付款，否則無法發貨\n好的，馬上為您處理。\n")

# The reference: the UTF-8 files checked as before, without --encoding.
run(simplified_ref check --format jsonl "${simplified}")
expect_rc(simplified_ref 0 "UTF-8 reference")
run(traditional_ref check --format jsonl "${traditional}")
expect_rc(traditional_ref 0 "Traditional UTF-8 reference")
expect_contains("${simplified_ref_out}" "\"rule\":\"NEG-CANNOT\"" "the reference has findings")

# Each charset: the output without the byte fields equals the UTF-8 reference exactly (same
# decoded text, findings, code-point spans, scores, rewrites, credits).
foreach(case "gbk;GBK;simplified" "gb18030;GB18030;simplified" "big5;BIG5;traditional")
  list(GET case 0 name)
  list(GET case 1 iconv_name)
  list(GET case 2 source)
  set(encoded "${work}/${name}.txt")
  convert("${${source}}" ${iconv_name} "${encoded}")
  file(READ "${encoded}" encoded_hex HEX)
  file(READ "${${source}}" source_hex HEX)
  if(encoded_hex STREQUAL source_hex)
    fail("${name}: the converted file is identical to the UTF-8 one")
  endif()

  run(${name} check --encoding ${name} --format jsonl "${encoded}")
  expect_rc(${name} 0 "--encoding ${name}")
  string(REGEX REPLACE ",\"start_byte\":[0-9]+,\"end_byte\":[0-9]+" "" stripped "${${name}_out}")
  if(NOT "${stripped}" STREQUAL "${${source}_ref_out}")
    fail("--encoding ${name}: findings differ from the UTF-8 text:\n${${name}_out}\n"
         "expected (plus byte spans):\n${${source}_ref_out}")
  endif()
  # Every finding and credit carries byte spans.
  string(REGEX MATCHALL "\"start\":[0-9]+,\"end\":[0-9]+," spans "${${name}_out}")
  string(REGEX MATCHALL "\"start_byte\":[0-9]+,\"end_byte\":[0-9]+" byte_spans "${${name}_out}")
  list(LENGTH spans n_spans)
  list(LENGTH byte_spans n_byte_spans)
  if(n_spans EQUAL 0 OR NOT n_spans EQUAL n_byte_spans)
    fail("--encoding ${name}: ${n_spans} spans but ${n_byte_spans} byte spans:\n${${name}_out}")
  endif()
  # 不能 (code points 5-7) sits after five 2-byte characters: bytes 10-14 of line 1, and those
  # bytes of the file are 不能 in the charset.
  set(cannot "\"rule\":\"NEG-CANNOT\",\"category\":\"negative\",\"severity\":3,\"weight\":12,")
  string(APPEND cannot "\"start\":5,\"end\":7,\"start_byte\":10,\"end_byte\":14")
  expect_contains("${${name}_out}" "${cannot}" "--encoding ${name}: byte span of 不能")
  file(READ "${encoded}" cannot_hex HEX OFFSET 10 LIMIT 4)
  file(WRITE "${work}/cannot.utf8" "不能")
  convert("${work}/cannot.utf8" ${iconv_name} "${work}/cannot.${name}")
  file(READ "${work}/cannot.${name}" cannot_expected HEX)
  if(NOT cannot_hex STREQUAL cannot_expected)
    fail("--encoding ${name}: bytes 10-14 are ${cannot_hex}, not 不能 (${cannot_expected})")
  endif()
  # Line 2's spans count from the start of line 2, not of the file: 您必须 is bytes 0-6.
  expect_contains("${${name}_out}" "\"start\":0,\"end\":3,\"start_byte\":0,\"end_byte\":6"
                  "--encoding ${name}: byte span on line 2")

  # The text report shows the decoded line and the original byte offsets.
  run(${name}_text check --encoding ${name} --color never "${encoded}")
  expect_rc(${name}_text 0 "--encoding ${name} text report")
  expect_contains("${${name}_text_out}" "〖不能〗" "--encoding ${name}: marked span")
  expect_contains("${${name}_text_out}" "bytes 10-14" "--encoding ${name}: byte offsets")
endforeach()

# UTF-8 named explicitly: byte spans are UTF-8 offsets (不能 is bytes 15-21).
run(utf8 check --encoding UTF-8 --format jsonl "${simplified}")
expect_rc(utf8 0 "--encoding UTF-8")
expect_contains("${utf8_out}" "\"start\":5,\"end\":7,\"start_byte\":15,\"end_byte\":21"
                "--encoding UTF-8 byte span")

# An undecodable line: reported with its line number and the offset of the first bad byte,
# the other lines still checked, exit status 2.  Line 2 is 好 (BA C3) then 0x81 0x7F, which is
# no GBK character.
execute_process(COMMAND printf "\\272\\303\\n\\272\\303\\201\\177\\272\\303\\n\\272\\303\\n"
                OUTPUT_FILE "${work}/bad.gbk" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  fail("cannot write the undecodable GBK file")
endif()
run(bad check --encoding gbk --format jsonl "${work}/bad.gbk")
expect_rc(bad 2 "undecodable GBK line")
expect_contains("${bad_err}" "line 2: LY_E_ENCODING: byte 2 does not decode as gbk" "bad line")
expect_contains("${bad_out}" "{\"line\":2,\"error\":\"LY_E_ENCODING\"" "bad line in the output")
string(REGEX MATCHALL "\"text\":\"好\"" good_lines "${bad_out}")
list(LENGTH good_lines n_good)
if(NOT n_good EQUAL 2)
  fail("lines 1 and 3 must still be checked:\n${bad_out}")
endif()
# Without --encoding those bytes are not UTF-8: rejected, never guessed.
run(bad_utf8 check --format jsonl "${work}/bad.gbk")
expect_rc(bad_utf8 2 "GBK bytes without --encoding")

# Usage errors: unknown charset (before any input is read), missing name, JSONL input,
# --replace-invalid.
run(unknown check --encoding latin1 "${simplified}")
expect_rc(unknown 64 "unknown charset")
expect_contains("${unknown_err}" "unknown charset 'latin1'" "unknown charset message")
if(NOT unknown_out STREQUAL "")
  fail("unknown charset: nothing may be checked, got:\n${unknown_out}")
endif()
run(missing check "${simplified}" --encoding)
expect_rc(missing 64 "--encoding without a name")
run(jsonl check --encoding gbk --input jsonl "${simplified}")
expect_rc(jsonl 64 "--encoding with --input jsonl")
run(replace check --encoding gbk --replace-invalid "${simplified}")
expect_rc(replace 64 "--encoding with --replace-invalid")

run(help check --help)
expect_contains("${help_out}" "--encoding NAME" "--help")
message(STATUS "cli_encoding_test: GBK, GB18030, Big5 and UTF-8 input checked")
