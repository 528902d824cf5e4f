# Runs after libliangyan.a is archived (POST_BUILD of liangyan_static) and rewrites it in place
# so that, like libliangyan.so, it exposes only the ly_* functions.
#
# Why: the engine's internal C++ classes live in namespace liangyan, and so does the wrapper in
# liangyan.hpp; both have e.g. an inline liangyan::Result::~Result().  Linked from plain objects,
# the host's and the library's inline copies are merged by name and one of them runs on the
# other's objects (a crash on the first result freed).  So the objects are first joined into
# one relocatable object, and then
#   - COMDAT groups are dropped: a group is merged by its name even when its symbols are local,
#     which would discard the library's copy while local references still point into it;
#   - every defined symbol but ly_* becomes local (the shared library's version script does the
#     same), so internal and third-party inline code stays the library's own;
#   - the remaining GNU_UNIQUE objects (inline variables such as std::piecewise_construct,
#     which objcopy cannot localize) become weak, so a host defining them too links cleanly.
#
#   cmake -DARCHIVE=libliangyan.a -DLINKER=ld -DOBJCOPY=objcopy -DNM=nm -DAR=ar -DWORK=dir
#         -P LiangyanLocalizeArchive.cmake
cmake_minimum_required(VERSION 3.22)
foreach(var ARCHIVE LINKER OBJCOPY NM AR WORK)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "LiangyanLocalizeArchive: pass -D${var}=")
  endif()
endforeach()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(JOIN " " cmd ${ARGN})
    message(FATAL_ERROR "LiangyanLocalizeArchive: `${cmd}` exited ${rc}\n${out}${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(joined "${WORK}/joined.o")
set(object "${WORK}/liangyan.o")  # the archive's only member
# --whole-archive reads members by position, so two sources with the same file name are fine.
run("${LINKER}" -r -o "${joined}" --whole-archive "${ARCHIVE}")
run("${OBJCOPY}" --remove-section=.group --wildcard "--keep-global-symbol=ly_*"
    "${joined}" "${object}")
run("${NM}" -g --defined-only "${object}")
string(REGEX MATCHALL "[0-9a-fA-F]+ u [^\n]+" unique_lines "${run_output}")
list(TRANSFORM unique_lines REPLACE "^[0-9a-fA-F]+ u " "")
if(unique_lines)
  list(JOIN unique_lines "\n" unique_text)
  file(WRITE "${WORK}/unique-symbols.txt" "${unique_text}\n")
  run("${OBJCOPY}" "--weaken-symbols=${WORK}/unique-symbols.txt" "${object}")
endif()
file(REMOVE "${ARCHIVE}" "${joined}")
run("${AR}" rcs "${ARCHIVE}" "${object}")
