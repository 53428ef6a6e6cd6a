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
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0].insert, "bash");
	assert_string_equal(l.v[1].insert, "zsh");
	assert_string_equal(l.v[2].insert, "fish");
	assert_string_equal(l.v[3].insert, "posix");
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

/* A word typed as a path completes as a path, in both shells' protocols;
 * zsh lists the local folders itself (the D directive), and a target that
 * is one of them is not offered beside it. */
static void should_complete_a_path_as_a_path_and_a_name_everywhere(void **state)
{
	struct fixture *f = *state;
	struct complete_ctx ctx;
	struct complete_list l;
	char *words[2] = {"../co", NULL};

	visit(f, "co-local", 1);
	visit(f, "deep/core", 1);
	visit(f, "deep/co-op", 1);
	assert_true(complete_pathlike("./x") && complete_pathlike("../") &&
	            complete_pathlike("/x") && complete_pathlike("~/x") &&
	            complete_pathlike("..") && complete_pathlike("."));
	assert_false(complete_pathlike(".github") || complete_pathlike("a/b") ||
	             complete_pathlike("@acme/ui"));
	run(f, COMPLETE_FUNCTION, "mcd ./co", &l);
	assert_int_equal(l.n, 1); /* co-local/, not deep/core nor deep/co-op */
	assert_string_equal(l.v[0].insert, "./co-local/");
	complete_list_release(&l);
	/* zsh, in a subfolder: ../co is the shell's to list, nothing else */
	ctx_for(&ctx, f, COMPLETE_FUNCTION);
	ctx.local_dirs = 0;
	ctx.cwd = strcat(strcpy(xmalloc(strlen(f->dir) + 6), f->dir), "/deep");
	complete_list_init(&l);
	assert_int_equal(complete_words(&ctx, words, 1, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].kind, COMPLETE_DIRS);
	complete_list_release(&l);
	/* zsh: co-op is a local folder the shell lists; only deep/... from
	   elsewhere would be a target, and co-local is not under deep */
	words[0] = "co";
	complete_list_init(&l);
	assert_int_equal(complete_words(&ctx, words, 1, &l), 0);
	assert_true(complete_has(&l, COMPLETE_DIRS));
	for (size_t i = 0; i < l.n; i++) {
		assert_int_not_equal(l.v[i].kind, COMPLETE_DIR);
		if (l.v[i].kind == COMPLETE_TARGET)
			assert_null(strstr(l.v[i].insert, "co-op"));
	}
	complete_list_release(&l);
	free((char *)ctx.cwd);
}

/* Keywords, then a space: the picker, for the jump function's forms. */
static void should_open_the_picker_after_keywords_and_a_space(void **state)
{
	struct complete_list l;
	static const char *const lines[] = {"mcd bil ", "mcd pay gate ", "mcd -i bil ",
	                                    "mcd -- bil "};
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(*lines); i++) {
		run(*state, COMPLETE_FUNCTION, lines[i], &l);
		assert_int_equal(l.n, 1);
		assert_int_equal(l.v[0].kind, COMPLETE_PICKER);
		complete_list_release(&l);
	}
	/* not before any keyword, nor for a subcommand's arguments */
	run(*state, COMPLETE_FUNCTION, "mcd -i ", &l);
	assert_false(complete_has(&l, COMPLETE_PICKER));
	complete_list_release(&l);
	run(*state, COMPLETE_FUNCTION, "mcd init ", &l);
	assert_false(complete_has(&l, COMPLETE_PICKER));
	complete_list_release(&l);
	run(*state, COMPLETE_BINARY, "mcd query bil ", &l);
	assert_false(complete_has(&l, COMPLETE_PICKER));
	complete_list_release(&l);
}

/* zsh: the directives, the counts, then each group in order, a target's
 * display escaped; the shell takes each group as one slice. */
static void should_render_zsh_groups_with_escaped_displays(void **state)
{
	struct complete_list l;
	struct buf out = BUF_INIT;
	static const char want[] = "D\0"
	                           "2\0"
	                           "2\0"
	                           "1\0"
	                           "init\0"
	                           "index\0"
	                           "/r/a\nb\0"
	                           "/r/c\0"
	                           "a\\nb\0"
	                           "c\0"
	                           "src/\0";

	complete_list_init(&l);
	l.v = calloc(6, sizeof(*l.v));
	l.n = l.cap = 6;
	l.v[0] = (struct complete_item){COMPLETE_TARGET, strdup("/r/a\nb"), strdup("a\nb")};
	l.v[1] = (struct complete_item){COMPLETE_WORD, strdup("init"), strdup("init")};
	l.v[2] = (struct complete_item){COMPLETE_DIRS, strdup(""), strdup("")};
	l.v[3] = (struct complete_item){COMPLETE_DIR, strdup("src/"), strdup("src/")};
	l.v[4] = (struct complete_item){COMPLETE_TARGET, strdup("/r/c"), strdup("c")};
	l.v[5] = (struct complete_item){COMPLETE_WORD, strdup("index"), strdup("index")};
	complete_render_zsh(&l, &out);
	assert_int_equal(out.len, sizeof(want) - 1);
	assert_memory_equal(out.data, want, out.len);
	buf_release(&out);
	complete_list_release(&l);
}

/* zsh: when every target is listed as it is inserted, the directive "="
 * and no display group; one target listed otherwise brings the group back
 * for all. */
static void should_leave_out_zsh_displays_that_are_the_inserts(void **state)
{
	struct complete_list l;
	struct buf out = BUF_INIT;
	static const char same[] = "=\0"
	                           "1\0"
	                           "2\0"
	                           "0\0"
	                           "index\0"
	                           "libs/a b\0"
	                           "/r/c\0";
	static const char differ[] = "-\0"
	                             "0\0"
	                             "2\0"
	                             "0\0"
	                             "libs/a b\0"
	                             "/r/c\0"
	                             "libs/a b\0"
	                             "c\0";

	(void)state;
	complete_list_init(&l);
	complete_add(&l, COMPLETE_TARGET, "libs/a b", "libs/a b");
	complete_add(&l, COMPLETE_WORD, "index", NULL);
	complete_add(&l, COMPLETE_TARGET, "/r/c", "/r/c");
	complete_render_zsh(&l, &out);
	assert_int_equal(out.len, sizeof(same) - 1);
	assert_memory_equal(out.data, same, out.len);
	complete_list_release(&l);
	buf_setlen(&out, 0);
	complete_list_init(&l);
	complete_add(&l, COMPLETE_TARGET, "libs/a b", "libs/a b");
	complete_add(&l, COMPLETE_TARGET, "/r/c", "c");
	complete_render_zsh(&l, &out);
	assert_int_equal(out.len, sizeof(differ) - 1);
	assert_memory_equal(out.data, differ, out.len);
	complete_list_release(&l);
	buf_release(&out);
}

/* fish: an option record, then a candidate a record; a target's path as
 * its description when it differs; a name with a newline kept whole, one
 * with a tab (which fish would cut) left out. */
static void should_render_fish_records_and_leave_out_tabs(void **state)
{
	struct complete_list l;
	struct buf out = BUF_INIT;
	static const char want[] = "-\0a\nb\tr/a\\nb\0init\0libs/\0";

	complete_list_init(&l);
	complete_add(&l, COMPLETE_TARGET, "a\nb", "r/a\nb");
	complete_add(&l, COMPLETE_TARGET, "tab\there", NULL);
	complete_add(&l, COMPLETE_WORD, "init", NULL);
	complete_add(&l, COMPLETE_DIR, "libs/", NULL);
	complete_render_fish(&l, &out);
	assert_int_equal(out.len, sizeof(want) - 1);
	assert_memory_equal(out.data, want, out.len);
	buf_release(&out);
	complete_list_release(&l);
	complete_list_init(&l);
	complete_add(&l, COMPLETE_PICKER, "", "");
	complete_render_fish(&l, &out);
	assert_memory_equal(out.data, "picker\0", 7);
	buf_release(&out);
	complete_list_release(&l);
}

/* --cmd cd: no subcommand; local folders first, then targets; after the
 * builtin's options only a folder; the picker after keywords and a space */
static void should_complete_cd_as_cd(void **state)
{
	struct fixture *f = *state;
	struct complete_list l;

	visit(f, "index", 1);
	visit(f, "deep/indexer", 1);
	run(f, COMPLETE_CD, "cd ind", &l);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].kind, COMPLETE_DIR);
	assert_string_equal(l.v[0].insert, "index/");
	assert_int_equal(l.v[1].kind, COMPLETE_TARGET);
	complete_list_release(&l);
	run(f, COMPLETE_CD, "cd -P ind", &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].insert, "index/");
	complete_list_release(&l);
	run(f, COMPLETE_CD, "cd -", &l);
	assert_int_equal(l.n, 0);
	complete_list_release(&l);
	run(f, COMPLETE_CD, "cd ind ", &l);
	assert_true(complete_has(&l, COMPLETE_PICKER));
	complete_list_release(&l);
	run(f, COMPLETE_CD, "cd - ", &l);
	assert_int_equal(l.n, 0);
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
	assert_int_equal(l.n, 4);
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
	    cmocka_unit_test_setup_teardown(should_complete_a_path_as_a_path_and_a_name_everywhere,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(should_open_the_picker_after_keywords_and_a_space,
	                                    setup, teardown),
	    cmocka_unit_test(should_render_zsh_groups_with_escaped_displays),
	    cmocka_unit_test(should_leave_out_zsh_displays_that_are_the_inserts),
	    cmocka_unit_test(should_render_fish_records_and_leave_out_tabs),
	    cmocka_unit_test_setup_teardown(should_complete_cd_as_cd, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        should_complete_each_command_s_options_and_values_by_the_table, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
