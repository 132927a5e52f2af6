// Mail sources against a real, private Dovecot (scripts/dovecot-test-server.sh).
#define BOOST_TEST_MODULE mail_sources
#include <boost/test/unit_test.hpp>
