#define BOOST_TEST_MODULE archive
#include <boost/test/unit_test.hpp>
