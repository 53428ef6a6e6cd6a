/* test_exclude.c - MCD_EXCLUDE globs */
#include "testutil.h"

#include <stdlib.h>

#include "exclude.h"

static void should_match_any_glob_of_the_list(void **state)
{
	const char *spec = "/home/me:/tmp/*:*/node_modules";

	assert_true(exclude_match_spec(spec, "/home/me"));
	assert_false(exclude_match_spec(spec, "/home/me/src"));
	assert_true(exclude_match_spec(spec, "/tmp/x"));
	assert_true(exclude_match_spec(spec, "/tmp/x/y")); /* '*' crosses '/' */
	assert_true(exclude_match_spec(spec, "/src/app/node_modules"));
	assert_false(exclude_match_spec(spec, "/src/app/node_modules_x"));
}

static void should_exclude_nothing_without_globs(void **state)
{
	assert_false(exclude_match_spec(NULL, "/a"));
	assert_false(exclude_match_spec("", "/a"));
	assert_false(exclude_match_spec(":::", "/a"));
}

static void should_ignore_a_trailing_slash_in_a_glob(void **state)
{
	assert_true(exclude_match_spec("/srv/data/", "/srv/data"));
}

static void should_read_the_environment(void **state)
{
	setenv("MCD_EXCLUDE", "/secret*", 1);
	assert_true(exclude_match("/secret/plans"));
	assert_false(exclude_match("/public"));
	unsetenv("MCD_EXCLUDE");
	assert_false(exclude_match("/secret/plans"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(should_match_any_glob_of_the_list),
	    cmocka_unit_test(should_exclude_nothing_without_globs),
	    cmocka_unit_test(should_ignore_a_trailing_slash_in_a_glob),
	    cmocka_unit_test(should_read_the_environment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
