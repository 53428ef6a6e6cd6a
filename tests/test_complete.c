/* test_complete.c - TAB completion: what the command line offers, from the
 * table of commands, local directories (src/complete.c) */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bashline.h"
#include "complete.h"
#include "history.h"
#include "index.h"

#include "completeutil.h"

static void should_complete_subcommands_by_prefix(void **state)
{
	struct complete_list l;

	run(*state, COMPLETE_FUNCTION, "mcd in", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].insert, "init");
	assert_string_equal(l.v[1].insert, "index");
	assert_int_equal(l.v[0].kind, COMPLETE_WORD);
	complete_list_release(&l);
}

static void should_complete_options_and_their_values(void **state)
{
	struct complete_list l;

	run(*state, COMPLETE_FUNCTION, "mcd init ", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].insert, "bash");
	assert_string_equal(l.v[1].insert, "zsh");
	complete_list_release(&l);
	run(*state, COMPLETE_BINARY, "mcd init bash --hook ", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].insert, "pwd");
	complete_list_release(&l);
	run(*state, COMPLETE_BINARY, "mcd import --from z", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].insert, "zoxide");
	assert_string_equal(l.v[1].insert, "z");
	complete_list_release(&l);
	run(*state, COMPLETE_FUNCTION, "mcd --v", &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].insert, "--version");
	complete_list_release(&l);
}

static void should_list_local_directories_first_and_once(void **state)
{
	struct fixture *f = *state;
	struct complete_list l;

	visit(f, "serve", 1);
	visit(f, "deep/observer", 1);
	run(f, COMPLETE_FUNCTION, "mcd ser", &l);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].kind, COMPLETE_DIR);
	assert_string_equal(l.v[0].insert, "serve/");
	assert_int_equal(l.v[1].kind, COMPLETE_TARGET); /* deep/observer; serve not twice */
	complete_list_release(&l);
	run(f, COMPLETE_FUNCTION, "mcd deep/ob", &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].insert, "deep/observer/");
	complete_list_release(&l);
}

static void should_render_zsh_records_with_escaped_displays(void **state)
{
	struct complete_list l;
	struct buf out = BUF_INIT;
	static const char want[] = "t\0/r/a\nb\0a\\nb\0w\0init\0init\0";

	complete_list_init(&l);
	l.v = calloc(2, sizeof(*l.v));
	l.n = l.cap = 2;
	l.v[0] = (struct complete_item){COMPLETE_TARGET, strdup("/r/a\nb"), strdup("a\nb")};
	l.v[1] = (struct complete_item){COMPLETE_WORD, strdup("init"), strdup("init")};
	complete_render_zsh(&l, &out);
	assert_int_equal(out.len, sizeof(want) - 1);
	assert_memory_equal(out.data, want, out.len);
	buf_release(&out);
	complete_list_release(&l);
}

/* The options, their values and the operands come from the table of
 * commands (src/commands.c). */
static void should_complete_each_command_s_options_and_values_by_the_table(void **state)
{
	struct complete_list l;

	run(*state, COMPLETE_BINARY, "mcd roots -", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].insert, "-0");
	assert_string_equal(l.v[1].insert, "--null");
	complete_list_release(&l);
	/* short forms, long forms, then "--" before a keyword */
	run(*state, COMPLETE_BINARY, "mcd query --", &l);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0].insert, "--list");
	assert_string_equal(l.v[3].insert, "--");
	complete_list_release(&l);
	/* an option's value is not an operand */
	run(*state, COMPLETE_BINARY, "mcd init --cmd j ", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].insert, "bash");
	complete_list_release(&l);
	run(*state, COMPLETE_BINARY, "mcd init bash ", &l);
	assert_int_equal(l.n, 0); /* one shell only */
	complete_list_release(&l);
	run(*state, COMPLETE_BINARY, "mcd import --from zoxide ", &l);
	assert_true(complete_has(&l, COMPLETE_FILES));
	complete_list_release(&l);
	run(*state, COMPLETE_FUNCTION, "mcd help i", &l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[2].insert, "import");
	complete_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(should_complete_subcommands_by_prefix, setup, teardown),
	    cmocka_unit_test_setup_teardown(should_complete_options_and_their_values, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(should_list_local_directories_first_and_once, setup,
	                                    teardown),
	    cmocka_unit_test(should_render_zsh_records_with_escaped_displays),
	    cmocka_unit_test_setup_teardown(
	        should_complete_each_command_s_options_and_values_by_the_table, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
