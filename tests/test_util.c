/* test_util.c - the helpers every module uses (src/util.c): here how a
 * path is shown to people, which every message and every TAB list uses */
#include "testutil.h"

/* Printable bytes, valid UTF-8 among them, stay as they are, in runs of
 * any length; control bytes, DEL, backslashes and bytes that are not
 * UTF-8 come escaped, so a shown path is one line and unambiguous. */
static void should_show_paths_escaped_only_where_needed(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"", ""},
	    {"team14/microservices-demo/src/cartservice",
	     "team14/microservices-demo/src/cartservice"},
	    {"caf\xc3\xa9/r\xc3\xa9sum\xc3\xa9 x", "caf\xc3\xa9/r\xc3\xa9sum\xc3\xa9 x"},
	    {"a\nb\tc", "a\\nb\\tc"},
	    {"back\\slash", "back\\\\slash"},
	    {"del\x7f!", "del\\x7f!"},
	    {"bad\xff\xfe utf8", "bad\\xff\\xfe utf8"},
	    {"\x01lead and trail\x1b", "\\x01lead and trail\\x1b"},
	    {"$(rm -rf ~) 'q' \"d\"", "$(rm -rf ~) 'q' \"d\""},
	};
	size_t i;

	(void)state;
	for (i = 0; i < MCD_ARRAY_SIZE(cases); i++)
		assert_string_equal(quote_for_humans(cases[i].in), cases[i].want);
}

/* The result lives in a ring of four: the last four calls stay valid
 * together, so one message can show several paths. */
static void should_keep_four_shown_paths_at_once(void **state)
{
	const char *a = quote_for_humans("/a"), *b = quote_for_humans("/b\n");
	const char *c = quote_for_humans("/c"), *d = quote_for_humans("/d\\");

	(void)state;
	assert_string_equal(a, "/a");
	assert_string_equal(b, "/b\\n");
	assert_string_equal(c, "/c");
	assert_string_equal(d, "/d\\\\");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(should_show_paths_escaped_only_where_needed),
	    cmocka_unit_test(should_keep_four_shown_paths_at_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
