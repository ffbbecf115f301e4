# Installing hoctap: the shared library, its public headers, the CLI, a CMake package
# (`find_package(hoctap)` → `hoctap::hoctap`) and a pkg-config file. The library's own
# dependencies (yaml-cpp, OpenSSL, ICU) are private to the shared object, so consumers
# need none of them.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS hoctap EXPORT hoctapTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/hoctap DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT hoctapTargets NAMESPACE hoctap:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/hoctap)
if(TARGET hoctap_cli)
  install(TARGETS hoctap_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/hoctapConfig.cmake.in
  ${PROJECT_BINARY_DIR}/hoctapConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/hoctap)
# Before 1.0 a minor release may change the ABI, as the SONAME (MAJOR.MINOR) says.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/hoctapConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/hoctapConfig.cmake ${PROJECT_BINARY_DIR}/hoctapConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/hoctap)

# The .pc file finds its prefix from where it lies, so an installed tree can move.
file(RELATIVE_PATH HOCTAP_PC_TO_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
configure_file(${PROJECT_SOURCE_DIR}/cmake/hoctap.pc.in ${PROJECT_BINARY_DIR}/hoctap.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/hoctap.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
