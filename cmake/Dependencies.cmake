# Debian 12 packages only; the Makefile installs them (see README "Dependencies").
find_package(PostgreSQL REQUIRED)
# Debian's PocoDataPostgreSQL config links a PostgreSQL::client target nobody defines.
if(NOT TARGET PostgreSQL::client)
  add_library(PostgreSQL::client INTERFACE IMPORTED)
  target_link_libraries(PostgreSQL::client INTERFACE PostgreSQL::PostgreSQL)
endif()
find_package(Poco 1.11 REQUIRED COMPONENTS Foundation Util Net NetSSL Crypto JSON Data
             DataSQLite DataPostgreSQL)
find_package(ICU 72 REQUIRED COMPONENTS uc i18n data)
find_package(LibXml2 REQUIRED)
find_package(pugixml REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS unit_test_framework)
find_package(PkgConfig REQUIRED)
pkg_check_modules(POPPLER_CPP REQUIRED IMPORTED_TARGET poppler-cpp)
find_path(KAINJOW_MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)
add_library(kainjow_mustache INTERFACE)
target_include_directories(kainjow_mustache SYSTEM INTERFACE ${KAINJOW_MUSTACHE_INCLUDE_DIR})
