#define BOOST_TEST_MODULE integration_publish
#include <boost/test/unit_test.hpp>
