# The shared library's SONAME carries the ABI generation of the header (LY_ABI_VERSION), and a
# program linked against it records that SONAME: a library with a new ABI generation can be
# installed beside the old one without breaking programs built for it.
#
#   cmake -DLIB=libliangyan.so -DPROGRAM=some_test -DHEADER=liangyan.h -P check_soname.cmake
cmake_minimum_required(VERSION 3.22)
foreach(var LIB PROGRAM HEADER)
  if(NOT DEFINED ${var} OR NOT EXISTS "${${var}}")
    message(FATAL_ERROR "check_soname: pass -D${var}=<path>; got '${${var}}'")
  endif()
endforeach()
find_program(OBJDUMP NAMES objdump REQUIRED)

file(STRINGS "${HEADER}" abi_line REGEX "^#define LY_ABI_VERSION [0-9]+")
if(NOT abi_line MATCHES "LY_ABI_VERSION ([0-9]+)")
  message(FATAL_ERROR "check_soname: no LY_ABI_VERSION in ${HEADER}")
endif()
set(want "libliangyan.so.${CMAKE_MATCH_1}")

function(dynamic_entries file tag out_var)
  execute_process(COMMAND "${OBJDUMP}" -p "${file}" OUTPUT_VARIABLE dump RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "check_soname: objdump -p ${file} failed")
  endif()
  string(REGEX MATCHALL "${tag} +[^\n]+" lines "${dump}")
  set(values "")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^${tag} +" "" value "${line}")
    list(APPEND values "${value}")
  endforeach()
  set(${out_var} "${values}" PARENT_SCOPE)
endfunction()

dynamic_entries("${LIB}" SONAME soname)
if(NOT soname STREQUAL want)
  message(FATAL_ERROR "check_soname: ${LIB} has SONAME '${soname}', expected '${want}' "
                      "(LY_ABI_VERSION in ${HEADER})")
endif()
dynamic_entries("${PROGRAM}" NEEDED needed)
if(NOT want IN_LIST needed)
  message(FATAL_ERROR "check_soname: ${PROGRAM} needs '${needed}', expected '${want}' among them")
endif()
message(STATUS "check_soname: ${want}")
