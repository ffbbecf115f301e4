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
  # The CLI finds the library beside it wherever the tree is installed or unpacked.
  file(RELATIVE_PATH _hoctap_bin_to_lib "/${CMAKE_INSTALL_BINDIR}" "/${CMAKE_INSTALL_LIBDIR}")
  set_target_properties(hoctap_cli PROPERTIES INSTALL_RPATH "$ORIGIN/${_hoctap_bin_to_lib}")
  install(TARGETS hoctap_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
# The official criteria sets, their test cases and the national targets, where
# Registry::load_official (and hoctap_registry_load_official) look for them.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/criteria/ DESTINATION ${HOCTAP_INSTALL_CRITERIADIR}
  FILES_MATCHING PATTERN "*.yaml")

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/hoctapConfig.cmake.in
  ${PROJECT_BINARY_DIR}/hoctapConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/hoctap
  PATH_VARS HOCTAP_INSTALL_CRITERIADIR)
# Before 1.0 a minor release may change the ABI, as the SONAME (MAJOR.MINOR) says.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/hoctapConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/hoctapConfig.cmake ${PROJECT_BINARY_DIR}/hoctapConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/hoctap)

# The .pc file finds its prefix from where it lies, so an installed tree can move.
file(RELATIVE_PATH HOCTAP_PC_TO_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
configure_file(${PROJECT_SOURCE_DIR}/cmake/hoctap.pc.in ${PROJECT_BINARY_DIR}/hoctap.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/hoctap.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# A Debian package of the installed tree: `cpack -G DEB` in the build folder.
set(CPACK_PACKAGE_NAME hoctap)
set(CPACK_PACKAGE_VENDOR hoctap)
set(CPACK_PACKAGE_CONTACT "hoctap maintainers <hoctap@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)              # no debug info in the package
include(CPack)
