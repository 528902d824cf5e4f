# Installs the current build into a scratch prefix and builds a host against it four ways:
# CMake package shared and static, pkg-config shared and static, each with the C consumer and
# the C++ one.  Every consumer must find a `negative` finding; static ones must not load
# libliangyan.so.  Registered by tests/install/CMakeLists.txt as the ctest `install_consumers`.
#
#   cmake -DBUILD_DIR= -DWORK= -DSRC= -DGENERATOR= -DC_COMPILER= -DCXX_COMPILER= -DPKG_CONFIG=
#         -DLIBDIR= -DINCLUDEDIR= -DBINDIR= -DVERSION= -DABI= -P run_consumers.cmake
cmake_minimum_required(VERSION 3.22)
foreach(var BUILD_DIR WORK SRC GENERATOR C_COMPILER CXX_COMPILER PKG_CONFIG LIBDIR INCLUDEDIR
            BINDIR VERSION ABI)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run_consumers: pass -D${var}=")
  endif()
endforeach()
find_program(OBJDUMP NAMES objdump REQUIRED)
find_program(LDD NAMES ldd REQUIRED)

string(TIMESTAMP t0 "%s")
set(phase_start ${t0})
function(phase_done name)  # prints how long each phase took: the test must stay quick
  string(TIMESTAMP now "%s")
  math(EXPR seconds "${now} - ${phase_start}")
  message(STATUS "phase ${name}: ${seconds} s")
  set(phase_start ${now} PARENT_SCOPE)
endfunction()
function(fail)
  string(JOIN "" text ${ARGN})
  message(FATAL_ERROR "install_consumers: ${text}")
endfunction()

# Runs a command; fails the test with its output unless it exits 0.  OUT receives stdout.
function(run out_var)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(JOIN " " cmd ${ARGN})
    fail("`${cmd}` exited ${rc}\n${out}\n${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

function(needed_libraries file out_var)
  run(dump "${OBJDUMP}" -p "${file}")
  string(REGEX MATCHALL "NEEDED +[^\n]+" lines "${dump}")
  list(TRANSFORM lines REPLACE "^NEEDED +" "")
  set(${out_var} "${lines}" PARENT_SCOPE)
endfunction()

# Which file libliangyan.so.${ABI} resolves to in `ldd` output, symlinks and ".." resolved.
function(loaded_liangyan ldd_out out_var)
  set(path "")
  if(ldd_out MATCHES "libliangyan\\.so\\.${ABI} => ([^\n]+) \\(0x")
    file(REAL_PATH "${CMAKE_MATCH_1}" path)
  endif()
  set(${out_var} "${path}" PARENT_SCOPE)
endfunction()

# A consumer must run, find the negative wording and, depending on its kind, load libliangyan
# from the scratch prefix (shared) or not at all (static).
function(check_consumer exe kind)
  run(out "${exe}")
  if(NOT out MATCHES "negative")
    fail("${exe} printed no negative finding:\n${out}")
  endif()
  needed_libraries("${exe}" needed)
  run(ldd_out "${LDD}" "${exe}")
  if(kind STREQUAL "shared")
    if(NOT "libliangyan.so.${ABI}" IN_LIST needed)
      fail("${exe} does not need libliangyan.so.${ABI}; NEEDED: ${needed}")
    endif()
    loaded_liangyan("${ldd_out}" loaded)
    if(NOT loaded STREQUAL installed_library)
      fail("${exe} loads '${loaded}', not ${installed_library}:\n${ldd_out}")
    endif()
  else()
    if(needed MATCHES "liangyan" OR ldd_out MATCHES "liangyan")
      fail("static ${exe} still loads libliangyan:\nNEEDED: ${needed}\n${ldd_out}")
    endif()
  endif()
  get_filename_component(name "${exe}" NAME)
  message(STATUS "ok ${name}: ${kind}, NEEDED ${needed}")
endfunction()

# --- Install ---------------------------------------------------------------------------------
set(prefix "${WORK}/prefix")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
run(out "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}")
set(libdir "${prefix}/${LIBDIR}")
foreach(f "${INCLUDEDIR}/liangyan/liangyan.h" "${INCLUDEDIR}/liangyan/liangyan.hpp"
          "${LIBDIR}/libliangyan.so" "${LIBDIR}/libliangyan.so.${ABI}"
          "${LIBDIR}/libliangyan.so.${VERSION}" "${LIBDIR}/libliangyan.a"
          "${LIBDIR}/cmake/liangyan/liangyan-config.cmake"
          "${LIBDIR}/cmake/liangyan/liangyan-config-version.cmake"
          "${LIBDIR}/pkgconfig/liangyan.pc" "${BINDIR}/liangyan")
  if(NOT EXISTS "${prefix}/${f}")
    fail("cmake --install did not install ${f}")
  endif()
endforeach()

file(REAL_PATH "${libdir}/libliangyan.so.${ABI}" installed_library)

# The archive carries the engine with the C API: nothing of the engine is left undefined.
find_program(NM NAMES nm REQUIRED)
run(undefined "${NM}" -u "${libdir}/libliangyan.a")
if(undefined MATCHES "8liangyan| U ly_")
  fail("libliangyan.a leaves its own symbols undefined:\n${undefined}")
endif()

# Like libliangyan.so, the archive defines no global symbol but the C API: anything else could
# collide with the host's own code (the wrapper in liangyan.hpp shares the namespace).
run(symbols "${NM}" -g --defined-only "${libdir}/libliangyan.a")
string(REGEX MATCHALL "\n[0-9a-fA-F]+ [A-Za-z] [^\n]+" definitions "\n${symbols}")
set(strong_others "")
set(archive_api "")
foreach(line IN LISTS definitions)
  if(line MATCHES " T (ly_[a-z0-9_]+)$")
    list(APPEND archive_api "${CMAKE_MATCH_1}")
  elseif(NOT line MATCHES " [VW] ")  # weak copies of inline variables may stay
    string(STRIP "${line}" line)
    list(APPEND strong_others "${line}")
  endif()
endforeach()
if(strong_others)
  list(JOIN strong_others "\n" strong_others)
  fail("libliangyan.a defines more than the C API:\n${strong_others}")
endif()
# ... and all of it: the same ly_ functions as the shared library.
run(dynamic "${NM}" -D --defined-only "${installed_library}")
string(REGEX MATCHALL " T ly_[a-z0-9_]+" shared_api "${dynamic}")
list(TRANSFORM shared_api REPLACE "^ T " "")
list(SORT shared_api)
list(SORT archive_api)
if(NOT archive_api STREQUAL shared_api OR NOT shared_api)
  fail("libliangyan.a defines ${archive_api}\nlibliangyan.so exports ${shared_api}")
endif()
list(LENGTH shared_api api_count)
message(STATUS "ok libliangyan.a: the ${api_count} ly_ functions of libliangyan.so, no more")

# The installed CLI runs from the prefix with no LD_LIBRARY_PATH (its RPATH is relative).
file(WRITE "${WORK}/input.txt" "对不起，您不能退货。\n")
execute_process(COMMAND "${prefix}/${BINDIR}/liangyan" check --format jsonl "${WORK}/input.txt"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "\"category\": *\"negative\"")
  fail("installed CLI: exit ${rc}\n${out}\n${err}")
endif()
run(ldd_out "${LDD}" "${prefix}/${BINDIR}/liangyan")
loaded_liangyan("${ldd_out}" loaded)
if(NOT loaded STREQUAL installed_library)
  fail("installed CLI loads '${loaded}', not ${installed_library}:\n${ldd_out}")
endif()

phase_done(install)

# --- CMake package: shared and static --------------------------------------------------------
set(cmake_build "${WORK}/cmake-consumer")
run(out "${CMAKE_COMMAND}" -S "${SRC}/consumer" -B "${cmake_build}" -G "${GENERATOR}"
    "-DCMAKE_C_COMPILER=${C_COMPILER}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
    "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_BUILD_TYPE=)
string(FIND "${out}" "liangyan ${VERSION} from ${libdir}/cmake/liangyan" at)
if(at EQUAL -1)
  fail("the consumer did not find the scratch prefix's package:\n${out}")
endif()
run(out "${CMAKE_COMMAND}" --build "${cmake_build}")
foreach(kind shared static)
  check_consumer("${cmake_build}/consumer_c_${kind}" ${kind})
  check_consumer("${cmake_build}/consumer_cc_${kind}" ${kind})
endforeach()

phase_done(cmake-package)

# --- pkg-config: shared and static -----------------------------------------------------------
# Only the scratch prefix and the system's own .pc files (ICU, RE2, yaml-cpp) are visible.
set(ENV{PKG_CONFIG_PATH} "${libdir}/pkgconfig")
run(modversion "${PKG_CONFIG}" --modversion liangyan)
string(STRIP "${modversion}" modversion)
if(NOT modversion STREQUAL VERSION)
  fail("liangyan.pc says version '${modversion}', the build is ${VERSION}")
endif()
macro(pkg_flags var)
  run(${var} "${PKG_CONFIG}" ${ARGN} liangyan)
  separate_arguments(${var} UNIX_COMMAND "${${var}}")
endmacro()
pkg_flags(cflags --cflags)
pkg_flags(libs --libs)
pkg_flags(static_libs --static --libs)
if(NOT "-I${prefix}/${INCLUDEDIR}" IN_LIST cflags)
  fail("pkg-config --cflags does not point into the prefix: ${cflags}")
endif()

set(pc_build "${WORK}/pkg-config-consumer")
file(MAKE_DIRECTORY "${pc_build}")
foreach(lang c cc)
  if(lang STREQUAL "c")
    set(compile "${C_COMPILER}" -std=c99 -pedantic -Wall -Wextra -Werror
        "${SRC}/consumer/consumer.c")
  else()
    set(compile "${CXX_COMPILER}" -std=c++17 -Wall -Wextra -Werror "${SRC}/consumer/consumer.cc")
  endif()
  set(object "${pc_build}/consumer_${lang}.o")
  run(out ${compile} ${cflags} -c -o "${object}")
  # The C consumer links with the C driver: the archive's C++ runtime must come from
  # Libs.private, not from the driver.
  list(GET compile 0 driver)
  run(out "${driver}" "${object}" -o "${pc_build}/pc_${lang}_shared" ${libs}
      "-Wl,-rpath,${libdir}")
  check_consumer("${pc_build}/pc_${lang}_shared" shared)
  run(out "${driver}" "${object}" -o "${pc_build}/pc_${lang}_static" -Wl,-Bstatic ${static_libs})
  check_consumer("${pc_build}/pc_${lang}_static" static)
endforeach()

phase_done(pkg-config)

# --- A C-only project: the SQLite host example, on its own, linked statically ----------------
# A project without the CXX language links with the C driver; the package must still bring
# the C++ runtime the archive needs.
execute_process(COMMAND "${PKG_CONFIG}" --exists sqlite3 RESULT_VARIABLE sqlite_missing)
if(sqlite_missing EQUAL 0)  # pkg-config exits 0 when it knows the module
  set(crm_build "${WORK}/crm-sqlite")
  run(out "${CMAKE_COMMAND}" -S "${SRC}/../../examples/crm_sqlite" -B "${crm_build}"
      -G "${GENERATOR}" "-DCMAKE_C_COMPILER=${C_COMPILER}" "-DCMAKE_PREFIX_PATH=${prefix}"
      -DCRM_SCORE_STATIC=ON -DCMAKE_DISABLE_FIND_PACKAGE_Python3=ON)  # its test runs in-tree
  run(out "${CMAKE_COMMAND}" --build "${crm_build}")
  run(out "${crm_build}/crm_score" --help)
  needed_libraries("${crm_build}/crm_score" needed)
  if(needed MATCHES "liangyan")
    fail("crm_score linked with CRM_SCORE_STATIC needs ${needed}")
  endif()
  message(STATUS "ok examples/crm_sqlite built standalone, C only, static")
else()
  message(STATUS "skipped examples/crm_sqlite: pkg-config finds no sqlite3")
endif()

phase_done(c-only)
string(TIMESTAMP t1 "%s")
math(EXPR seconds "${t1} - ${t0}")
message(STATUS "install_consumers: 8 consumers built and checked in ${seconds} s")
