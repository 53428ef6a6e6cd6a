/* test_init.c - the shell integration as `mcd init` renders it */
#include "testutil.h"

#include <string.h>

#include "commands.h"
#include "init.h"

static void should_replace_function_name_binary_and_hook(void **state)
{
	struct buf out = BUF_INIT;

	assert_int_equal(init_render("bash", "j", "none", "builtin", "/opt/mcd/bin/mcd", &out), 0);
	assert_null(strstr(out.data, "@CMD@"));
	assert_null(strstr(out.data, "@BIN@"));
	assert_null(strstr(out.data, "@HOOK@"));
	assert_null(strstr(out.data, "@SUBCOMMANDS@"));
	assert_non_null(strstr(out.data, "'/opt/mcd/bin/mcd'"));
	assert_non_null(strstr(out.data, "function j {"));
	buf_release(&out);
}

static void should_render_zsh_too(void **state)
{
	struct buf out = BUF_INIT;

	assert_int_equal(init_render("zsh", "mcd", "pwd", "builtin", "/usr/bin/mcd", &out), 0);
	assert_null(strstr(out.data, "@CMD@"));
	assert_non_null(strstr(out.data, "'/usr/bin/mcd'"));
	buf_release(&out);
}

/* every shell's script, every placeholder replaced */
static void should_leave_no_placeholder_in_any_shell(void **state)
{
	static const char *const marks[] = {"@CMD@",  "@BIN@",         "@HOOK@", "@PICKER@",
	                                    "@JUMP@", "@SUBCOMMANDS@", "@CDOPT@"};
	const char *const *shell;
	struct buf out = BUF_INIT;
	size_t i;

	for (shell = init_shells; *shell; shell++) {
		assert_int_equal(init_render(*shell, "cd", "none", "fzf", "/bin/mcd", &out), 0);
		for (i = 0; i < MCD_ARRAY_SIZE(marks); i++)
			assert_null(strstr(out.data, marks[i]));
	}
	buf_release(&out);
}

/* fish's single quotes take \' and \\: the path comes back as it is */
static void should_quote_the_binary_for_fish(void **state)
{
	struct buf out = BUF_INIT;

	assert_int_equal(init_render("fish", "mcd", "pwd", "builtin", "/t/it's a\\b", &out), 0);
	assert_non_null(strstr(out.data, "set -g __mcd_bin '/t/it\\'s a\\\\b'\n"));
	assert_null(strstr(out.data, "@"));
	buf_release(&out);
}

/* --cmd cd: the function keeps the builtin's forms (__mcd_cd_jump), and
 * its completion is cd's (complete --cd); other names jump */
static void should_render_cd_as_cd(void **state)
{
	const char *const *shell;
	struct buf out = BUF_INIT;

	for (shell = init_shells; *shell; shell++) {
		assert_int_equal(init_render(*shell, "cd", "pwd", "builtin", "/bin/mcd", &out), 0);
		assert_non_null(strstr(out.data, "    __mcd_cd_jump "));
		if (strcmp(*shell, "posix"))
			assert_non_null(strstr(out.data, "complete --cd --shell"));
		assert_int_equal(init_render(*shell, "j", "pwd", "builtin", "/bin/mcd", &out), 0);
		assert_non_null(strstr(out.data, "    __mcd_jump "));
		assert_null(strstr(out.data, "--cd"));
	}
	buf_release(&out);
}

static void should_quote_a_binary_path_with_quotes_and_dollars(void **state)
{
	struct buf out = BUF_INIT;

	shell_quote(&out, "/tmp/it's $(here)/mcd");
	assert_string_equal(out.data, "'/tmp/it'\\''s $(here)/mcd'");
	buf_release(&out);
}

static void should_refuse_unknown_shells_and_hooks(void **state)
{
	struct buf out = BUF_INIT;

	error_set_quiet(1);
	assert_int_equal(init_render("tcsh", "mcd", "pwd", "builtin", "/bin/mcd", &out), -1);
	assert_int_equal(init_render("bash", "mcd", "prompt", "builtin", "/bin/mcd", &out), -1);
	error_set_quiet(0);
	buf_release(&out);
}

static void should_accept_only_valid_function_names(void **state)
{
	assert_true(init_valid_name("mcd"));
	assert_true(init_valid_name("j"));
	assert_true(init_valid_name("_go2"));
	assert_false(init_valid_name(""));
	assert_false(init_valid_name("2go"));
	assert_false(init_valid_name("a-b"));
	assert_false(init_valid_name("x;rm"));
	assert_false(init_valid_name("a b"));
	assert_false(init_valid_name("$(x)"));
	assert_true(init_valid_name("cd")); /* --cmd cd replaces cd */
	assert_false(init_valid_name("builtin"));
	assert_false(init_valid_name("command"));
	assert_false(init_valid_name("string")); /* fish's, which its script calls */
	assert_false(init_valid_name("end"));
	assert_false(init_valid_name("__mcd_jump"));
	assert_false(
	    init_valid_name("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

/* The function hands the binary every command of the table (but the
 * forms it acts on itself) and the program's options, in both shells. */
static void should_hand_every_command_to_the_binary(void **state)
{
	const char *const *shell;
	struct buf out = BUF_INIT, want = BUF_INIT;

	jump_passthrough(&want);
	for (shell = init_shells; *shell; shell++) {
		assert_int_equal(init_render(*shell, "mcd", "pwd", "builtin", "/bin/mcd", &out), 0);
		if (!strcmp(*shell, "fish"))
			assert_non_null(strstr(out.data, "case init index query "));
		else
			assert_non_null(strstr(out.data, want.data));
	}
	assert_non_null(strstr(want.data, "init | index"));
	assert_non_null(strstr(want.data, "| complete |"));
	assert_null(strstr(want.data, "-i"));
	buf_release(&out);
	buf_release(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(should_replace_function_name_binary_and_hook),
	    cmocka_unit_test(should_render_zsh_too),
	    cmocka_unit_test(should_leave_no_placeholder_in_any_shell),
	    cmocka_unit_test(should_quote_the_binary_for_fish),
	    cmocka_unit_test(should_render_cd_as_cd),
	    cmocka_unit_test(should_quote_a_binary_path_with_quotes_and_dollars),
	    cmocka_unit_test(should_refuse_unknown_shells_and_hooks),
	    cmocka_unit_test(should_accept_only_valid_function_names),
	    cmocka_unit_test(should_hand_every_command_to_the_binary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
