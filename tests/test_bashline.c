/* test_bashline.c - bash's side of completion: splitting the command line
 * as bash does, quoting for bash, rendering COMPREPLY (src/bashline.c) */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "bashline.h"

static void should_split_a_bash_line_into_dequoted_words(void **state)
{
	struct bash_line ln;

	bash_line_split("mcd a\\ b 'c d' \"e\\\"$f\" ", NULL, &ln);
	assert_int_equal(ln.n, 4);
	assert_string_equal(ln.words[0], "a b");
	assert_string_equal(ln.words[1], "c d");
	assert_string_equal(ln.words[2], "e\"$f");
	assert_string_equal(ln.words[3], "");
	assert_string_equal(ln.raw, "");
	bash_line_release(&ln);
}

static void should_start_over_after_a_command_separator(void **state)
{
	struct bash_line ln;

	bash_line_split("cd x; ls | mcd bil", NULL, &ln);
	assert_int_equal(ln.n, 1);
	assert_string_equal(ln.words[0], "bil");
	bash_line_release(&ln);
}

static void should_find_where_readline_replaces_the_word(void **state)
{
	struct bash_line ln;

	bash_line_split("mcd 'my no", NULL, &ln);
	assert_string_equal(ln.words[0], "my no");
	assert_int_equal(ln.quote, '\'');
	assert_int_equal(ln.breakat, 1);
	bash_line_release(&ln);
	bash_line_split("mcd query a:b", NULL, &ln);
	assert_string_equal(ln.raw, "a:b");
	assert_int_equal(ln.breakat, 2);
	assert_int_equal(ln.quote, 0);
	bash_line_release(&ln);
	bash_line_split("mcd a\\:b", NULL, &ln);
	assert_int_equal(ln.breakat, 0); /* an escaped break is no break */
	bash_line_release(&ln);
}

static void should_quote_hostile_names_for_bash(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"services/billing", "services/billing"},
	    {"-dash", "-dash"},
	    {"docs/my notes", "docs/my\\ notes"},
	    {"it's $HOME [x]*", "it\\'s\\ \\$HOME\\ \\[x\\]\\*"},
	    {"~home", "\\~home"},
	    {"a`b`;c|d&e", "a\\`b\\`\\;c\\|d\\&e"},
	    {"new\nline", "$'new\\nline'"},
	    {"tab\tit's", "$'tab\\tit\\'s'"},
	    {"caf\xc3\xa9", "caf\xc3\xa9"},
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < MCD_ARRAY_SIZE(cases); i++) {
		buf_setlen(&b, 0);
		bash_quote(&b, cases[i].in);
		assert_string_equal(b.data, cases[i].out);
	}
	buf_release(&b);
}

static void should_quote_inside_an_open_quote(void **state)
{
	struct buf b = BUF_INIT;

	bash_quote_in(&b, "it's", '\'');
	assert_string_equal(b.data, "it'\\''s");
	buf_setlen(&b, 0);
	bash_quote_in(&b, "a \"$x\" `y`", '"');
	assert_string_equal(b.data, "a \\\"\\$x\\\" \\`y\\`");
	buf_release(&b);
}

static void should_keep_the_typed_text_when_bash_lists_fuzzy_matches(void **state)
{
	struct complete_list l;
	struct bash_line ln;
	struct buf out = BUF_INIT;

	complete_list_init(&l);
	l.v = calloc(2, sizeof(*l.v));
	l.n = l.cap = 2;
	l.v[0] = (struct complete_item){COMPLETE_TARGET, strdup("/r/services/billing"),
	                                strdup("services/billing")};
	l.v[1] = (struct complete_item){COMPLETE_TARGET, strdup("/r/services/bar"),
	                                strdup("services/bar")};
	bash_line_split("mcd sb", NULL, &ln);
	bash_render(&l, &ln, &out);
	/* the displays, then one entry that makes the common prefix empty */
	assert_string_equal(out.data, "-\nservices/billing\nservices/bar\n \n");
	bash_line_release(&ln);
	buf_setlen(&out, 0);
	bash_line_split("mcd bil", NULL, &ln);
	bash_render(&l, &ln, &out);
	assert_string_equal(out.data, "-\nservices/billing\nservices/bar\nbil\n");
	bash_line_release(&ln);
	buf_setlen(&out, 0);
	bash_line_split("mcd services/b", NULL, &ln);
	bash_render(&l, &ln, &out);
	assert_string_equal(out.data,
	                    "-\nservices/billing\nservices/bar\n"); /* an extension: fine */
	bash_line_release(&ln);
	buf_release(&out);
	complete_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(should_split_a_bash_line_into_dequoted_words),
	    cmocka_unit_test(should_start_over_after_a_command_separator),
	    cmocka_unit_test(should_find_where_readline_replaces_the_word),
	    cmocka_unit_test(should_quote_hostile_names_for_bash),
	    cmocka_unit_test(should_quote_inside_an_open_quote),
	    cmocka_unit_test(should_keep_the_typed_text_when_bash_lists_fuzzy_matches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
