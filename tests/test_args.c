/* test_args.c - the one parser of the commands' arguments, as getopt users
 * expect it (src/args.c) */
#include "testutil.h"

#include <stdio.h>

#include "args.h"
#include "cli.h"

/* ---- helpers ---------------------------------------------------------------- */

/* A command line parsed: its words, the args, the message on stderr. */
struct parsed {
	char words[16][64];
	char *argv[17];
	char msg[512];
	struct args a;
};

/* Parse the words of LINE (split at spaces; the first names the command)
 * into P. Returns what args_parse() returned. */
static int parse(const char *line, struct parsed *p)
{
	const struct command *cmd;
	const char *s = line;
	int argc = 0, ret, saved;
	FILE *err = tmpfile();
	size_t n;

	while (*s) {
		size_t len = strcspn(s, " ");
		assert_true(argc < 16 && len < 64);
		memcpy(p->words[argc], s, len);
		p->words[argc][len] = '\0';
		p->argv[argc] = p->words[argc];
		argc++;
		s += len + (s[len] == ' ');
	}
	p->argv[argc] = NULL;
	cmd = command_find(p->argv[0]);
	assert_non_null(cmd);
	/* the message goes to stderr: catch it */
	assert_non_null(err);
	fflush(stderr);
	saved = dup(2);
	dup2(fileno(err), 2);
	ret = args_parse(&p->a, cmd, argc - 1, p->argv + 1);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(err);
	n = fread(p->msg, 1, sizeof(p->msg) - 1, err);
	p->msg[n] = '\0';
	fclose(err);
	return ret;
}

/* ---- the parser --------------------------------------------------------------- */

static void should_accept_a_number_glued_to_its_option(void **state)
{
	struct parsed p;

	assert_int_equal(parse("query -n5 billing", &p), 0);
	assert_int_equal(args_number(&p.a, 'n', -1), 5);
	assert_int_equal(p.a.argc, 1);
	assert_string_equal(p.a.argv[0], "billing");
}

static void should_accept_a_number_in_the_next_word(void **state)
{
	struct parsed p;

	assert_int_equal(parse("query -n 12 billing", &p), 0);
	assert_int_equal(args_number(&p.a, 'n', -1), 12);
	assert_int_equal(p.a.argc, 1);
	assert_int_equal(parse("query billing", &p), 0);
	assert_int_equal(args_number(&p.a, 'n', -1), -1);
}

static void should_accept_bundled_short_flags(void **state)
{
	struct parsed p;

	assert_int_equal(parse("query -ls x", &p), 0);
	assert_true(args_has(&p.a, 'l') && args_has(&p.a, 's'));
	assert_false(args_has(&p.a, '0'));
	assert_int_equal(parse("query -sl0n3 x", &p), 0);
	assert_true(args_has(&p.a, 'l') && args_has(&p.a, 's') && args_has(&p.a, '0'));
	assert_int_equal(args_number(&p.a, 'n', -1), 3);
	assert_int_equal(parse("query -ln 3 x", &p), 0);
	assert_int_equal(args_number(&p.a, 'n', -1), 3);
	assert_int_equal(p.a.argc, 1);
}

static void should_accept_a_long_value_after_an_equals_sign_or_in_the_next_word(void **state)
{
	struct parsed p;

	assert_int_equal(parse("init --cmd=j bash", &p), 0);
	assert_string_equal(args_get(&p.a, OPT_CMD), "j");
	assert_int_equal(parse("init bash --cmd j --hook=none", &p), 0);
	assert_string_equal(args_get(&p.a, OPT_CMD), "j");
	assert_string_equal(args_get(&p.a, OPT_HOOK), "none");
	assert_int_equal(p.a.argc, 1);
	assert_string_equal(p.a.argv[0], "bash");
	/* a value is taken as it is, even when it starts with '-' */
	assert_int_equal(parse("complete --shell bash --line -x --wordbreaks=", &p), 0);
	assert_string_equal(args_get(&p.a, OPT_LINE), "-x");
	assert_string_equal(args_get(&p.a, OPT_WORDBREAKS), "");
}

static void should_take_long_flags_and_long_names_of_short_options(void **state)
{
	struct parsed p;

	assert_int_equal(parse("index --all", &p), 0);
	assert_true(args_has(&p.a, OPT_ALL));
	assert_int_equal(p.a.argc, 0);
	assert_int_equal(parse("query --list --score --null x", &p), 0);
	assert_true(args_has(&p.a, 'l') && args_has(&p.a, 's') && args_has(&p.a, '0'));
	assert_int_equal(parse("remove --root /r", &p), 0);
	assert_string_equal(args_get(&p.a, OPT_ROOT), "/r");
	assert_int_equal(p.a.argc, 0);
}

static void should_take_options_anywhere_and_keep_operands_in_order(void **state)
{
	struct parsed p;

	assert_int_equal(parse("import /tmp/h --from z", &p), 0);
	assert_string_equal(args_get(&p.a, OPT_FROM), "z");
	assert_int_equal(p.a.argc, 1);
	assert_string_equal(p.a.argv[0], "/tmp/h");
	assert_int_equal(parse("add a b -- c", &p), 0);
	assert_int_equal(p.a.argc, 3);
	assert_string_equal(p.a.argv[0], "a");
	assert_string_equal(p.a.argv[1], "b");
	assert_string_equal(p.a.argv[2], "c");
}

static void should_take_the_last_value_given(void **state)
{
	struct parsed p;

	assert_int_equal(parse("init --cmd a bash --cmd b", &p), 0);
	assert_string_equal(args_get(&p.a, OPT_CMD), "b");
}

static void should_take_words_after_a_double_dash_as_operands(void **state)
{
	struct parsed p;

	assert_int_equal(parse("query -l -- -dash --null --", &p), 0);
	assert_true(args_has(&p.a, 'l'));
	assert_false(args_has(&p.a, '0'));
	assert_int_equal(p.a.argc, 3);
	assert_string_equal(p.a.argv[0], "-dash");
	assert_string_equal(p.a.argv[1], "--null");
	assert_string_equal(p.a.argv[2], "--");
	assert_int_equal(parse("add -- -d", &p), 0);
	assert_int_equal(p.a.argc, 1);
	assert_string_equal(p.a.argv[0], "-d");
}

static void should_take_a_lone_dash_as_an_operand(void **state)
{
	struct parsed p;

	assert_int_equal(parse("import --from mcd -", &p), 0);
	assert_int_equal(p.a.argc, 1);
	assert_string_equal(p.a.argv[0], "-");
}

static void should_take_a_command_named_like_an_option_as_help_s_operand(void **state)
{
	struct parsed p;

	assert_int_equal(parse("help -i", &p), 0);
	assert_int_equal(p.a.argc, 1);
	assert_string_equal(p.a.argv[0], "-i");
	assert_false(p.a.help);
}

static void should_stop_at_help_after_any_command(void **state)
{
	struct parsed p;

	assert_int_equal(parse("query -l --help --frob", &p), 0);
	assert_true(p.a.help);
	assert_string_equal(p.msg, "");
	assert_int_equal(parse("add -h", &p), 0);
	assert_true(p.a.help);
	assert_int_equal(parse("query -lh", &p), 0);
	assert_true(p.a.help);
	/* after "--" it is a keyword */
	assert_int_equal(parse("query -- --help", &p), 0);
	assert_false(p.a.help);
	assert_int_equal(p.a.argc, 1);
}

static void should_refuse_an_unknown_option_in_one_line_naming_the_command(void **state)
{
	struct parsed p;

	assert_int_equal(parse("query --frob x", &p), -1);
	assert_string_equal(p.msg, "mcd: query: unknown option '--frob' (use '--' before a keyword "
	                           "starting with '-')\n");
	assert_int_equal(parse("query -lx", &p), -1);
	assert_string_equal(p.msg, "mcd: query: unknown option '-x' in '-lx'\n");
	assert_int_equal(parse("doctor --frob", &p), -1);
	assert_string_equal(p.msg, "mcd: doctor: unknown option '--frob'\n");
	assert_int_equal(parse("query --lis", &p), -1); /* no abbreviations */
}

static void should_refuse_an_option_without_its_value(void **state)
{
	struct parsed p;

	assert_int_equal(parse("query -n", &p), -1);
	assert_string_equal(p.msg, "mcd: query: -n needs a value\n");
	assert_int_equal(parse("init bash --cmd", &p), -1);
	assert_string_equal(p.msg, "mcd: init: --cmd needs a value\n");
}

static void should_refuse_a_value_given_to_a_flag(void **state)
{
	struct parsed p;

	assert_int_equal(parse("index --all=yes", &p), -1);
	assert_string_equal(p.msg, "mcd: index: --all takes no value\n");
}

static void should_refuse_a_number_that_is_not_a_count(void **state)
{
	struct parsed p;

	assert_int_equal(parse("query -n x y", &p), -1);
	assert_string_equal(p.msg, "mcd: query: -n needs a number, not 'x'\n");
	assert_int_equal(parse("query -n -1 y", &p), -1);
	assert_int_equal(parse("query -n5x y", &p), -1);
	assert_int_equal(parse("query -n 99999999999999999999 y", &p), -1);
	assert_int_equal(parse("query -n= y", &p), -1);
}

static void should_refuse_a_value_that_is_not_a_choice(void **state)
{
	struct parsed p;

	assert_int_equal(parse("init bash --hook prompt", &p), -1);
	assert_string_equal(p.msg, "mcd: init: unknown value 'prompt' for --hook (pwd or none)\n");
	assert_int_equal(parse("import --from nosuch", &p), -1);
	assert_int_equal(parse("init tcsh", &p), -1);
	assert_string_equal(p.msg, "mcd: init: unknown shell 'tcsh' (bash, zsh, fish or posix)\n");
	assert_int_equal(parse("help nosuch", &p), -1);
	assert_string_equal(p.msg, "mcd: help: no command 'nosuch' (see 'mcd --help')\n");
}

static void should_refuse_more_operands_than_a_command_takes(void **state)
{
	struct parsed p;

	assert_int_equal(parse("index a b", &p), -1);
	assert_string_equal(p.msg, "mcd: index: unexpected argument 'b'\n");
	assert_int_equal(parse("roots x", &p), -1);
	assert_string_equal(p.msg, "mcd: roots: unexpected argument 'x'\n");
	assert_int_equal(parse("init bash zsh", &p), -1);
	assert_int_equal(parse("import --from z a b", &p), -1);
}

static void should_name_the_option_whose_value_is_the_next_word(void **state)
{
	const struct command *init = command_find("init"), *query = command_find("query");

	assert_non_null(init);
	assert_non_null(query);
	assert_ptr_equal(args_value_next(init, "--cmd"), command_long_option(init, "cmd", 3));
	assert_null(args_value_next(init, "--cmd=j"));
	assert_ptr_equal(args_value_next(query, "-ln"), command_short_option(query, 'n'));
	assert_null(args_value_next(query, "-n5"));
	assert_null(args_value_next(query, "-l"));
	assert_null(args_value_next(query, "--"));
	assert_null(args_value_next(query, "--frob"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(should_accept_a_number_glued_to_its_option),
	    cmocka_unit_test(should_accept_a_number_in_the_next_word),
	    cmocka_unit_test(should_accept_bundled_short_flags),
	    cmocka_unit_test(should_accept_a_long_value_after_an_equals_sign_or_in_the_next_word),
	    cmocka_unit_test(should_take_long_flags_and_long_names_of_short_options),
	    cmocka_unit_test(should_take_options_anywhere_and_keep_operands_in_order),
	    cmocka_unit_test(should_take_the_last_value_given),
	    cmocka_unit_test(should_take_words_after_a_double_dash_as_operands),
	    cmocka_unit_test(should_take_a_lone_dash_as_an_operand),
	    cmocka_unit_test(should_take_a_command_named_like_an_option_as_help_s_operand),
	    cmocka_unit_test(should_stop_at_help_after_any_command),
	    cmocka_unit_test(should_refuse_an_unknown_option_in_one_line_naming_the_command),
	    cmocka_unit_test(should_refuse_an_option_without_its_value),
	    cmocka_unit_test(should_refuse_a_value_given_to_a_flag),
	    cmocka_unit_test(should_refuse_a_number_that_is_not_a_count),
	    cmocka_unit_test(should_refuse_a_value_that_is_not_a_choice),
	    cmocka_unit_test(should_refuse_more_operands_than_a_command_takes),
	    cmocka_unit_test(should_name_the_option_whose_value_is_the_next_word),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
