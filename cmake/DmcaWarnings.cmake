# Warnings are PRIVATE to each target (STYLE.md); dmca_component() applies them.
function(dmca_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
  if(DMCA_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(DMCA_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# dmca_test(NAME SOURCES... LIBS ...): one Boost.Test executable registered in CTest.
function(dmca_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} Boost::unit_test_framework)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_definitions(${name} PRIVATE BOOST_TEST_DYN_LINK
      DMCA_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
      DMCA_CORPUS_DIR="${PROJECT_SOURCE_DIR}/../shared/corpus")
  dmca_warnings(${name})
  add_test(NAME ${name} COMMAND ${name} --log_level=message)
endfunction()
