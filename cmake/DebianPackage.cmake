# `make deb`: orthanc-xnat-dqr_<version>_<arch>.deb, for the Debian release it is built on,
# installed next to that release's own orthanc package.
install(TARGETS OrthancXnatDqr LIBRARY DESTINATION usr/share/orthanc/plugins)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/xnat-dqr.json DESTINATION etc/orthanc)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/docs/OPERATIONS.md
  DESTINATION usr/share/doc/orthanc-xnat-dqr)

execute_process(COMMAND dpkg --print-architecture OUTPUT_VARIABLE DEB_ARCH
  OUTPUT_STRIP_TRAILING_WHITESPACE)
# The SDK header's version is the oldest Orthanc the plugin accepts from this build.
foreach(part MAJOR MINOR REVISION)
  file(STRINGS ${ORTHANC_SDK_DIR}/orthanc/OrthancCPlugin.h line
    REGEX "#define ORTHANC_PLUGINS_MINIMAL_${part}_NUMBER")
  string(REGEX MATCH "[0-9]+$" SDK_${part} "${line}")
endforeach()
set(ORTHANC_SDK_VERSION "${SDK_MAJOR}.${SDK_MINOR}.${SDK_REVISION}")

set(XNATDQR_PACKAGE_VERSION ${PROJECT_VERSION} CACHE STRING "The .deb's version")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME orthanc-xnat-dqr)
set(CPACK_PACKAGE_VERSION ${XNATDQR_PACKAGE_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /)
set(CPACK_PACKAGE_CONTACT "orthanc-xnat-dqr maintainers <root@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Orthanc plugin serving XNAT DQR (C-FIND/C-MOVE to XNAT)")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "Turns Debian's Orthanc into the PACS that XNAT sites pull from with XNAT's DICOM\n Query-Retrieve plugin: a registry of XNAT Receivers, C-MOVE routing to the right\n Receiver, and a persistent queue of Transfers that obeys schedules and throttles.")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "orthanc (>= ${ORTHANC_SDK_VERSION})")
# The Receivers' DICOMweb roots delegate QIDO-RS to it.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "orthanc-dicomweb")
set(CPACK_DEBIAN_FILE_NAME "orthanc-xnat-dqr_${XNATDQR_PACKAGE_VERSION}_${DEB_ARCH}.deb")
# The configuration file is the administrator's: kept on removal and on upgrade if edited. The
# plugin's database (<IndexDirectory>/xnat-dqr.db) is not a file of the package: dpkg never
# touches it, on upgrade, removal or purge.
file(WRITE ${CMAKE_BINARY_DIR}/debian/conffiles "/etc/orthanc/xnat-dqr.json\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_BINARY_DIR}/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
