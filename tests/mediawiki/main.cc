#define BOOST_TEST_MODULE mediawiki
#include <boost/test/unit_test.hpp>
