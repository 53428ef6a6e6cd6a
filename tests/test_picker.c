/* test_picker.c - the picker's choices that need no terminal (src/picker.c) */
#include "testutil.h"

#include "picker.h"

static void should_pick_a_listed_number(void **state)
{
	assert_int_equal(picker_number("1", 3), 0);
	assert_int_equal(picker_number(" 3 ", 3), 2);
}

static void should_take_other_text_as_a_query(void **state)
{
	assert_int_equal(picker_number("4", 3), -1); /* not listed */
	assert_int_equal(picker_number("0", 3), -1);
	assert_int_equal(picker_number("2024", 9), -1); /* a folder named like a year */
	assert_int_equal(picker_number("1a", 3), -1);
	assert_int_equal(picker_number("-1", 3), -1);
	assert_int_equal(picker_number("", 3), -1);
	assert_int_equal(picker_number("1", 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(should_pick_a_listed_number),
	    cmocka_unit_test(should_take_other_text_as_a_query),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
