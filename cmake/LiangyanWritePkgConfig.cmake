# Runs inside `cmake --install` (see LiangyanInstall.cmake), where CMAKE_INSTALL_PREFIX is the
# prefix being installed to: writes liangyan.pc for that prefix and installs it.
# In: LY_PC_TEMPLATE, LY_PC_STAGING, LY_PC_LIBDIR, LY_PC_INCLUDEDIR, LY_PC_VERSION.
foreach(var LY_PC_LIBDIR LY_PC_INCLUDEDIR)
  if(IS_ABSOLUTE "${${var}}")
    set(${var}_FULL "${${var}}")
  else()
    set(${var}_FULL "\${prefix}/${${var}}")
  endif()
endforeach()
if(IS_ABSOLUTE "${LY_PC_LIBDIR}")
  set(ly_pc_dest "${LY_PC_LIBDIR}/pkgconfig")
else()
  set(ly_pc_dest "${CMAKE_INSTALL_PREFIX}/${LY_PC_LIBDIR}/pkgconfig")
endif()
set(LY_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
configure_file("${LY_PC_TEMPLATE}" "${LY_PC_STAGING}/liangyan.pc" @ONLY)
file(INSTALL "${LY_PC_STAGING}/liangyan.pc" DESTINATION "${ly_pc_dest}")
