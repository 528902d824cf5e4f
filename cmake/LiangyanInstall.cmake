# What `cmake --install` puts under the prefix (included from the top-level CMakeLists.txt):
#
#   include/liangyan/liangyan.h, liangyan.hpp
#   lib/libliangyan.so.0 (SONAME from the C ABI major) and libliangyan.a (self-contained)
#   bin/liangyan
#   lib/cmake/liangyan/   find_package(liangyan CONFIG): liangyan::liangyan, ::liangyan_static
#   lib/pkgconfig/liangyan.pc
#
# Components for packagers: liangyan_runtime (the shared library, the CLI) and
# liangyan_development (the rest).  A plain `cmake --install` installs both.
include(CMakePackageConfigHelpers)

set(LIANGYAN_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/liangyan
    CACHE STRING "Where the CMake package files go, relative to the prefix")

install(FILES include/liangyan/liangyan.h include/liangyan/liangyan.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/liangyan COMPONENT liangyan_development)

install(TARGETS liangyan EXPORT liangyan-shared-targets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT liangyan_runtime
                NAMELINK_COMPONENT liangyan_development)
install(TARGETS liangyan_static EXPORT liangyan-static-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT liangyan_development)

# The installed CLI finds the library next to it whatever the prefix, without LD_LIBRARY_PATH.
file(RELATIVE_PATH _ly_bin_to_lib ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_LIBDIR})
set_target_properties(liangyan_cli PROPERTIES INSTALL_RPATH "$ORIGIN/${_ly_bin_to_lib}")
install(TARGETS liangyan_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT liangyan_runtime)

# Two export sets, so that a host wanting only the shared library needs none of the static
# archive's dependencies (ICU, RE2, yaml-cpp development files) to find the package.
install(EXPORT liangyan-shared-targets NAMESPACE liangyan::
        DESTINATION ${LIANGYAN_INSTALL_CMAKEDIR} COMPONENT liangyan_development)
install(EXPORT liangyan-static-targets NAMESPACE liangyan::
        DESTINATION ${LIANGYAN_INSTALL_CMAKEDIR} COMPONENT liangyan_development)
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/liangyan-config.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/package/liangyan-config.cmake
  INSTALL_DESTINATION ${LIANGYAN_INSTALL_CMAKEDIR})
# Within a major version the C ABI only grows (functions and enum values are added), so a
# host asking for 0.1 accepts any later 0.x; another major is another ABI and is refused.
write_basic_package_version_file(
  ${CMAKE_CURRENT_BINARY_DIR}/package/liangyan-config-version.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/package/liangyan-config.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/package/liangyan-config-version.cmake
        DESTINATION ${LIANGYAN_INSTALL_CMAKEDIR} COMPONENT liangyan_development)

# liangyan.pc is written at install time, so that `cmake --install --prefix DIR` (or
# CMAKE_INSTALL_PREFIX changed after configuring) gets paths under DIR; DESTDIR is honoured.
install(CODE "
  set(LY_PC_TEMPLATE \"${CMAKE_CURRENT_LIST_DIR}/liangyan.pc.in\")
  set(LY_PC_STAGING \"${CMAKE_CURRENT_BINARY_DIR}/package/pkgconfig\")
  set(LY_PC_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
  set(LY_PC_INCLUDEDIR \"${CMAKE_INSTALL_INCLUDEDIR}\")
  set(LY_PC_VERSION \"${PROJECT_VERSION}\")
  include(\"${CMAKE_CURRENT_LIST_DIR}/LiangyanWritePkgConfig.cmake\")
" COMPONENT liangyan_development)
