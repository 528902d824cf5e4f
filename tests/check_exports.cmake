# Fails unless the shared library exports only the C API: every defined global dynamic symbol
# must start with ly_, and the whole API (20+ functions) must be there.  A leaked C++ or
# dependency symbol (ICU, RE2, yaml-cpp) would clash with another copy in the host process.
#
#   cmake -DLIB=path/to/libliangyan.so [-DNM=path/to/nm] -P check_exports.cmake
cmake_minimum_required(VERSION 3.22)

if(NOT DEFINED LIB OR NOT EXISTS "${LIB}")
  message(FATAL_ERROR "check_exports: pass -DLIB=<shared library>; got '${LIB}'")
endif()
if(NOT DEFINED NM)
  find_program(NM NAMES nm REQUIRED)
endif()

execute_process(
  COMMAND "${NM}" -D --defined-only "${LIB}"
  OUTPUT_VARIABLE symbols
  ERROR_VARIABLE nm_error
  RESULT_VARIABLE nm_result)
if(NOT nm_result EQUAL 0)
  message(FATAL_ERROR "check_exports: ${NM} failed on ${LIB}: ${nm_error}")
endif()

# Lines look like "0000000000012345 T ly_check" (binutils >= 2.35 may append "@@VERSION").
string(REPLACE "\n" ";" lines "${symbols}")
set(exported "")
set(foreign "")
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^[0-9A-Fa-f]* *([A-Za-z]) +([^ @]+)")
    continue()
  endif()
  set(type "${CMAKE_MATCH_1}")
  set(name "${CMAKE_MATCH_2}")
  # Global code and data; lower-case letters other than i/u are local or undefined-weak.
  if(NOT type MATCHES "^[TDBRWViu]$")
    continue()
  endif()
  if(name MATCHES "^ly_")
    list(APPEND exported "${name}")
  else()
    list(APPEND foreign "${type} ${name}")
  endif()
endforeach()

list(REMOVE_DUPLICATES exported)
list(LENGTH exported count)
message(STATUS "check_exports: ${LIB} exports ${count} ly_ symbols")
if(foreign)
  list(JOIN foreign "\n  " foreign_text)
  message(FATAL_ERROR "check_exports: symbols outside the ly_ prefix are exported:\n  ${foreign_text}")
endif()
if(count LESS 20)
  list(JOIN exported " " exported_text)
  message(FATAL_ERROR "check_exports: only ${count} ly_ symbols exported (expected >= 20): ${exported_text}")
endif()
