/* test_picker.c - what the picker shows, without a terminal (src/picker.c,
 * src/picker_view.c): the number rule, labels, matched letters, lines cut
 * to the width, escaping */
#include "testutil.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "picker.h"

static void should_read_a_last_word_that_is_a_number(void **state)
{
	size_t before;

	assert_int_equal(picker_number("etcd 2", &before), 2);
	assert_int_equal(before, 5); /* the list stays that of "etcd " */
	assert_int_equal(picker_number("pay gw 12  ", &before), 12);
	assert_int_equal(before, 7);
	assert_int_equal(picker_number("3", &before), 3);
	assert_int_equal(before, 0); /* no words before: everything */
}

static void should_take_other_lines_as_queries(void **state)
{
	size_t before;

	assert_int_equal(picker_number("etcd2", &before), 0); /* part of a word */
	assert_int_equal(before, 5);
	assert_int_equal(picker_number("etcd 0", &before), 0);
	assert_int_equal(picker_number("etcd -1", &before), 0);
	assert_int_equal(picker_number("v1.2", &before), 0);
	assert_int_equal(picker_number("etcd 12345", &before), 0); /* past PICKER_NUMBER */
	assert_int_equal(picker_number("", &before), 0);
	assert_int_equal(before, 0);
	assert_int_equal(picker_number("etcd ", &before), 0);
	assert_int_equal(before, 5);
}

static void should_label_the_root_as_a_dot_and_the_rest_relative(void **state)
{
	char *s;

	assert_string_equal(s = picker_label("/src/acme", "/src/acme"), ".");
	free(s);
	assert_string_equal(s = picker_label("/src/acme/services/billing", "/src/acme"),
	                    "services/billing");
	free(s);
	/* a sibling sharing the root's prefix is outside it */
	assert_string_equal(s = picker_label("/src/acme2/x", "/src/acme"), "/src/acme2/x");
	free(s);
	assert_string_equal(s = picker_label("/home/u/notes", NULL), "/home/u/notes");
	free(s);
	assert_string_equal(s = picker_label("/etc", "/"), "etc");
	free(s);
}

/* The marks of LABEL for the words WORDS (blank-separated), as a string of
 * '^' under each marked byte and ' ' elsewhere, trailing blanks dropped. */
static char *marks_of(const char *label, const char *words)
{
	char *copy = strdup(words), *w[8], *p, *out;
	size_t n = 0, len = strlen(label), i;
	unsigned char *m = malloc(len + 1);

	for (p = strtok(copy, " "); p && n < 8; p = strtok(NULL, " "))
		w[n++] = p;
	picker_marks(label, len, w, n, m);
	out = malloc(len + 1);
	for (i = 0; i < len; i++)
		out[i] = m[i] ? '^' : ' ';
	while (len && out[len - 1] == ' ')
		len--;
	out[len] = '\0';
	free(m);
	free(copy);
	return out;
}

static void should_mark_the_last_word_in_the_last_component(void **state)
{
	char *m;

	/* "bil" is in "billing" of both components: the last one is marked */
	assert_string_equal(m = marks_of("billing/billing", "bil"), "        ^^^");
	free(m);
	/* case and separators fold as the ranking folds them */
	assert_string_equal(m = marks_of("libs/My_UI", "my-ui"), "     ^^^^^");
	free(m);
	/* no substring: scattered letters */
	assert_string_equal(m = marks_of("services/billing", "blng"), "         ^ ^  ^^");
	free(m);
	/* neither (a declared name matched, or a typo): nothing */
	assert_string_equal(m = marks_of("packages/babel-core", "xyz"), "");
	free(m);
}

static void should_mark_earlier_words_along_the_path_in_order(void **state)
{
	char *m;

	assert_string_equal(m = marks_of("services/payments/gateway", "pay gw"),
	                    "         ^^^      ^   ^");
	free(m);
	/* a last word "a/b": a along the path, b last */
	assert_string_equal(m = marks_of("fetching/git-fetcher", "fetching/git"), "^^^^^^^^ ^^^");
	free(m);
}

static void should_render_plainly_without_colour(void **state)
{
	struct buf b = BUF_INIT;
	unsigned char m[16] = {0};

	memset(m + 9, 1, 3);
	assert_int_equal(picker_render(&b, "services/billing", 16, m, 80, 0, 1), 16);
	assert_string_equal(b.data, "services/billing");
	assert_null(strchr(b.data, '\033'));
	buf_release(&b);
}

static void should_highlight_matched_letters_with_colour(void **state)
{
	struct buf b = BUF_INIT;
	unsigned char m[16] = {0};

	memset(m + 9, 1, 3);
	assert_int_equal(picker_render(&b, "services/billing", 16, m, 80, 1, 1), 16);
	assert_string_equal(b.data, "services/" PICKER_HL_ON "bil" PICKER_HL_OFF "ling");
	buf_release(&b);
}

static void should_escape_control_bytes_and_invalid_utf8(void **state)
{
	struct buf b = BUF_INIT;

	/* a newline, an escape sequence, a backslash, a tab */
	assert_int_equal(picker_render(&b, "a\nb\033[31mc\\d\te", 13, NULL, 80, 1, 1), 19);
	assert_string_equal(b.data, "a\\nb\\x1b[31mc\\\\d\\te");
	buf_setlen(&b, 0);
	/* an invalid byte, a C1 control (CSI as U+009B), DEL; valid UTF-8 stays */
	picker_render(&b, "x\xffy\xc2\x9bz\x7f\xc3\xa9", 9, NULL, 80, 1, 1);
	assert_string_equal(b.data, "x\\xffy\\xc2\\x9bz\\x7f\xc3\xa9");
	buf_release(&b);
}

static void should_cut_the_start_to_the_width_and_mark_it(void **state)
{
	struct buf b = BUF_INIT;
	unsigned char m[25] = {0};

	assert_int_equal(picker_render(&b, "services/payments/gateway", 25, NULL, 10, 0, 1), 10);
	assert_string_equal(b.data, "\xe2\x80\xa6s/gateway"); /* the end tells them apart */
	buf_setlen(&b, 0);
	assert_int_equal(picker_render(&b, "services/payments/gateway", 25, NULL, 10, 0, 0), 10);
	assert_string_equal(b.data, "...gateway"); /* no UTF-8: three dots */
	buf_setlen(&b, 0);
	/* exactly the width: nothing cut */
	assert_int_equal(picker_render(&b, "services/payments/gateway", 25, NULL, 25, 0, 1), 25);
	assert_string_equal(b.data, "services/payments/gateway");
	buf_setlen(&b, 0);
	/* a highlight cut off with its letters is not left open */
	memset(m, 1, 3);
	m[17] = 1;
	picker_render(&b, "services/payments/gateway", 25, m, 8, 1, 1);
	assert_string_equal(b.data, "\xe2\x80\xa6"
	                            "gateway");
	buf_setlen(&b, 0);
	/* an escape is cut whole, never in the middle */
	assert_int_equal(picker_render(&b, "ab\ncd", 5, NULL, 4, 0, 1), 3);
	assert_string_equal(b.data, "\xe2\x80\xa6"
	                            "cd");
	buf_release(&b);
}

static void should_count_wide_characters_as_two_columns(void **state)
{
	struct buf b = BUF_INIT;

	if (!setlocale(LC_CTYPE, "C.UTF-8")) {
		skip();
		return;
	}
	/* 日本語 takes six columns: five leave room for the ellipsis and 語 */
	assert_int_equal(
	    picker_render(&b, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 9, NULL, 5, 0, 1), 5);
	assert_string_equal(b.data, "\xe2\x80\xa6\xe6\x9c\xac\xe8\xaa\x9e");
	setlocale(LC_CTYPE, "C");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(should_read_a_last_word_that_is_a_number),
	    cmocka_unit_test(should_take_other_lines_as_queries),
	    cmocka_unit_test(should_label_the_root_as_a_dot_and_the_rest_relative),
	    cmocka_unit_test(should_mark_the_last_word_in_the_last_component),
	    cmocka_unit_test(should_mark_earlier_words_along_the_path_in_order),
	    cmocka_unit_test(should_render_plainly_without_colour),
	    cmocka_unit_test(should_highlight_matched_letters_with_colour),
	    cmocka_unit_test(should_escape_control_bytes_and_invalid_utf8),
	    cmocka_unit_test(should_cut_the_start_to_the_width_and_mark_it),
	    cmocka_unit_test(should_count_wide_characters_as_two_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
