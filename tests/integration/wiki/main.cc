// dmca against a real MediaWiki started by the CTest fixture (scripts/mediawiki-test-server.sh).
#define BOOST_TEST_MODULE wiki
#include <boost/test/unit_test.hpp>
