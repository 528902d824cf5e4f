# Replays the fuzz targets' seed corpora as ordinary tests in the normal build (any compiler, no
# libFuzzer): each target's LLVMFuzzerTestOneInput is linked with fuzz/replay_main.cc and run
# over fuzz/corpus/<target>/.  A crash reproducer committed there stays a regression test.
#
# include()d from tests/hardening/CMakeLists.txt, which calls liangyan_add_fuzz_replays().
#
# Reproducers of bugs not yet fixed live in fuzz/known-bugs/<target>/; their replay is
# registered but DISABLED, so that ctest lists it without failing the run.  Enable it with
# -DLIANGYAN_REPLAY_KNOWN_BUGS=ON once the bug is fixed, then move the files into corpus/.
set(LY_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
option(LIANGYAN_REPLAY_KNOWN_BUGS "Also replay fuzz/known-bugs (reproducers of open bugs)" OFF)

function(liangyan_add_fuzz_replays)
  # One static copy of the C API, shared by the replay programs.
  if(NOT TARGET ly_replay_capi)
    add_library(ly_replay_capi OBJECT ${PROJECT_SOURCE_DIR}/src/capi/capi.cc)
    target_link_libraries(ly_replay_capi PUBLIC liangyan_core)
    target_compile_definitions(ly_replay_capi PRIVATE LIANGYAN_BUILDING)
  endif()
  foreach(target fuzz_check fuzz_pack fuzz_encoded fuzz_rewrite_slots fuzz_coach)
    add_executable(ly_replay_${target} ${LY_FUZZ_DIR}/${target}.cc ${LY_FUZZ_DIR}/replay_main.cc)
    target_link_libraries(ly_replay_${target} PRIVATE ly_replay_capi liangyan_core)
    add_test(NAME fuzz_replay_${target}
             COMMAND ly_replay_${target} ${LY_FUZZ_DIR}/corpus/${target})
    set_tests_properties(fuzz_replay_${target} PROPERTIES LABELS "hardening;fuzz" TIMEOUT 300)
    if(EXISTS ${LY_FUZZ_DIR}/known-bugs/${target})
      add_test(NAME fuzz_known_bugs_${target}
               COMMAND ly_replay_${target} ${LY_FUZZ_DIR}/known-bugs/${target})
      set_tests_properties(fuzz_known_bugs_${target} PROPERTIES
        LABELS "hardening;known-bug" TIMEOUT 120)
      if(NOT LIANGYAN_REPLAY_KNOWN_BUGS)
        set_tests_properties(fuzz_known_bugs_${target} PROPERTIES DISABLED TRUE)
      endif()
    endif()
  endforeach()
endfunction()
