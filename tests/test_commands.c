/* test_commands.c - the table of commands, what is printed from it, and the
 * manual held to it (src/commands.c, man/mcd.1) */
#include "testutil.h"

#include <stdio.h>

#include "args.h"
#include "cli.h"

#ifndef MCD_SOURCE_DIR
#define MCD_SOURCE_DIR "."
#endif

/* ---- helpers ---------------------------------------------------------------- */

/* Run FN and return what it printed on stdout, a string to free. */
static char *printed(void (*fn)(void))
{
	FILE *out = tmpfile();
	char *text;
	long len;
	int saved;

	assert_non_null(out);
	fflush(stdout);
	saved = dup(1);
	dup2(fileno(out), 1);
	fn();
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	len = ftell(out);
	text = calloc(1, (size_t)len + 1);
	rewind(out);
	assert_int_equal(fread(text, 1, (size_t)len, out), (size_t)len);
	fclose(out);
	return text;
}

/* ---- the table ------------------------------------------------------------------ */

static void should_give_each_option_one_key_and_names_of_its_own(void **state)
{
	const struct command *c;
	const struct command_option *o, *p;

	for (c = commands; c->name; c++) {
		int n = 0;
		assert_non_null(c->run);
		assert_non_null(c->summary);
		assert_non_null(c->usage);
		assert_non_null(c->help);
		for (o = c->options; o && o->key; o++, n++) {
			assert_true(o->key < OPT_CMD || o->name); /* some name to give it */
			assert_true(o->key != 'h' && (!o->name || strcmp(o->name, "help")));
			assert_true(o->value != VALUE_CHOICE || o->choices);
			for (p = c->options; p != o; p++) {
				assert_int_not_equal(p->key, o->key);
				assert_true(!o->name || !p->name || strcmp(p->name, o->name));
			}
		}
		assert_true(n <= COMMAND_MAX_OPTIONS);
		assert_true(c->operands.kind == VALUE_NONE || c->operands.what);
		assert_ptr_equal(command_find(c->name), c);
	}
}

/* Every option of a command is in its usage lines, and every option there
 * is in the table; a list of choices written out ("pwd|none") is the
 * table's. */
static void should_write_in_each_usage_exactly_the_options_of_the_table(void **state)
{
	const struct command *c;
	const struct command_option *o;

	for (c = commands; c->name; c++) {
		char usage[512], *tok, *save;
		const struct command_option *last = NULL;

		for (o = c->options; o && o->key; o++) {
			char s[64] = "", l[64] = "";
			if (o->key < OPT_CMD)
				snprintf(s, sizeof(s), "-%c", o->key);
			if (o->name)
				snprintf(l, sizeof(l), "--%s", o->name);
			if (!(s[0] && strstr(c->usage, s)) && !(l[0] && strstr(c->usage, l)))
				fail_msg("'%s' %s is not in its usage", c->name, s[0] ? s : l);
		}
		snprintf(usage, sizeof(usage), "%s", c->usage);
		for (tok = strtok_r(usage, " \n[]", &save); tok;
		     tok = strtok_r(NULL, " \n[]", &save)) {
			if (tok[0] == '-' && strcmp(tok, "--") && strcmp(tok, c->name)) {
				last = tok[1] == '-'
				           ? command_long_option(c, tok + 2, strlen(tok + 2))
				           : command_short_option(c, (unsigned char)tok[1]);
				if (!last || (tok[1] != '-' && tok[2]))
					fail_msg("'%s' usage has %s, not in the table", c->name,
					         tok);
			} else if (strchr(tok, '|') && strcmp(tok, "FILE|-")) {
				const char *const *choices = last && last->value == VALUE_CHOICE
				                                 ? last->choices
				                                 : c->operands.choices;
				struct buf want = BUF_INIT;
				size_t i;
				assert_non_null(choices);
				for (i = 0; choices[i]; i++)
					buf_addf(&want, "%s%s", i ? "|" : "", choices[i]);
				if (strcmp(tok, want.data))
					fail_msg("'%s' usage has %s, the table %s", c->name, tok,
					         want.data);
				buf_release(&want);
			}
		}
	}
}

static void print_usage(void)
{
	struct args a;

	memset(&a, 0, sizeof(a));
	a.cmd = command_find("help");
	cmd_help(&a);
}

static void should_list_every_command_and_jump_form_in_help(void **state)
{
	char *text = printed(print_usage), line[128];
	const struct command *c;
	const struct jump_form *f;

	assert_true(!strncmp(text, "usage: mcd ", 11));
	for (c = commands; c->name; c++) {
		snprintf(line, sizeof(line), "\n  %s ", c->name);
		if (!strstr(text, line))
			fail_msg("mcd --help does not list %s", c->name);
	}
	for (f = jump_forms; f->word; f++) {
		snprintf(line, sizeof(line), "\n  mcd %s ", f->word);
		if (!strstr(text, line))
			fail_msg("mcd --help does not list the jump form %s", f->word);
	}
	free(text);
}

static const struct command *shown;
static void print_shown(void)
{
	help_command(shown);
}

static void should_start_each_command_s_help_with_its_usage(void **state)
{
	const struct command *c;
	char want[128];

	for (c = commands; c->name; c++) {
		char *text;
		shown = c;
		text = printed(print_shown);
		snprintf(want, sizeof(want), "usage: mcd %.*s\n", (int)strcspn(c->usage, "\n"),
		         c->usage);
		assert_true(!strncmp(text, want, strlen(want)));
		assert_non_null(strstr(text, c->help));
		free(text);
	}
}

static void should_hand_the_binary_every_command_but_the_jump_forms(void **state)
{
	struct buf b = BUF_INIT;

	jump_passthrough(&b);
	assert_string_equal(b.data,
	                    "init | index | query | add | remove | roots | import | export | "
	                    "doctor | help | complete | --help | -h | --version | -V");
	buf_release(&b);
	assert_true(jump_reserved("index"));
	assert_true(jump_reserved("complete"));
	assert_true(jump_reserved("-"));
	assert_true(jump_reserved("-V"));
	assert_false(jump_reserved("billing"));
	assert_false(jump_reserved("-x"));
	assert_int_equal(program_option("--help"), 'h');
	assert_int_equal(program_option("-V"), 'V');
	assert_int_equal(program_option("--hel"), 0);
}

/* ---- the manual ---------------------------------------------------------------
 * man/mcd.1 is read as roff: the font requests (.B, .BR, .BI, ...) and the
 * font escapes (\fB ... \fP) say which words are literal (bold) and which
 * stand for something (italic). The commands are the bold words after a
 * bold "mcd"; the options of a command are the bold words starting with
 * '-' in its entry: in the heading of its .TP and in the headings of the
 * .TP entries nested in it (.RS/.RE). */

/* Each place where the manual and the table disagree is reported; the
 * test fails after all are. */
static int disagreements;
#define disagree(...) (print_error(__VA_ARGS__), print_error("\n"), disagreements++)

/* Text with a font per byte: 'B', 'I' or 'R'. */
struct styled {
	struct buf text, font;
};

static void styled_add(struct styled *s, const char *text, size_t n, char font)
{
	buf_add(&s->text, text, n);
	while (n--)
		buf_addch(&s->font, font);
}

/* Append ARG, one argument of a request, in FONT, roff escapes resolved. */
static void roff_arg(struct styled *s, const char *arg, size_t len, char font)
{
	char cur = font;
	size_t i;

	for (i = 0; i < len; i++) {
		if (arg[i] != '\\' || i + 1 == len) {
			styled_add(s, arg + i, 1, cur);
			continue;
		}
		i++;
		if (arg[i] == 'f' && i + 1 < len) {
			i++;
			cur = arg[i] == 'B'   ? 'B'
			      : arg[i] == 'I' ? 'I'
			      : arg[i] == 'R' ? 'R'
			                      : font;
		} else if (arg[i] == '(' && i + 2 < len) {
			i += 2; /* \(lq and the like: a character of no interest */
			styled_add(s, "\"", 1, cur);
		} else if (arg[i] == '-' || arg[i] == 'e' || arg[i] == ' ') {
			styled_add(s, arg[i] == 'e' ? "\\" : arg + i, 1, cur);
		} /* \& and the rest: nothing */
	}
}

/* Append the text of LINE: a font request or plain text. */
static void roff_line(struct styled *s, const char *line)
{
	const char *p = line + 1;
	char fonts[2];
	int nfonts, k = 0;

	if (line[0] != '.') {
		roff_arg(s, line, strlen(line), 'R');
		styled_add(s, " ", 1, 'R');
		return;
	}
	if (!strchr("BIR", p[0]) || !(p[1] == ' ' || (strchr("BIR", p[1]) && p[1] && p[2] == ' ')))
		return; /* not a font request */
	fonts[0] = p[0];
	fonts[1] = p[1] == ' ' ? p[0] : p[1];
	nfonts = p[1] == ' ' ? 1 : 2;
	p += nfonts;
	while (*p) {
		const char *start;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (*p == '"') {
			start = ++p;
			while (*p && *p != '"')
				p++;
		} else {
			start = p;
			while (*p && *p != ' ')
				p++;
		}
		roff_arg(s, start, (size_t)(p - start), fonts[k % 2]);
		if (*p == '"')
			p++;
		if (nfonts == 1)
			styled_add(s, " ", 1, 'R'); /* .B a b: words apart */
		k++;
	}
	styled_add(s, " ", 1, 'R');
}

/* A word of styled text and its font. */
struct word {
	char text[64];
	char font;
};

/* Split S into words: runs of one font between blanks and [ ] | , ( ). */
static size_t words_of(const struct styled *s, struct word *w, size_t max)
{
	size_t i = 0, n = 0;

	while (i < s->text.len) {
		size_t j = i, len;
		if (strchr(" []|,()", s->text.data[i])) {
			i++;
			continue;
		}
		while (j < s->text.len && !strchr(" []|,()", s->text.data[j]) &&
		       s->font.data[j] == s->font.data[i])
			j++;
		len = j - i;
		if (strspn(s->text.data + i, ".") >= len) {
			i = j; /* "...": no word */
			continue;
		}
		if (n < max && len < sizeof(w->text)) {
			memcpy(w[n].text, s->text.data + i, len);
			w[n].text[len] = '\0';
			w[n].font = s->font.data[i];
			n++;
		}
		i = j;
	}
	return n;
}

/* What the manual says, by command (an index in commands[]). */
#define MAX_NAMES 64
struct manual {
	/* the bold words after "mcd": commands, program options, jump forms */
	char synopsis[MAX_NAMES][64], headings[MAX_NAMES][64];
	size_t nsynopsis, nheadings;
	/* the options named, per command */
	char options[32][MAX_NAMES][64];
	size_t noptions[32];
	char synopsis_options[32][MAX_NAMES][64];
	size_t nsynopsis_options[32];
	/* SHELL INTEGRATION: what the function hands to the program */
	char passthrough[MAX_NAMES][64];
	size_t npassthrough;
};

static void add_name(char names[][64], size_t *n, const char *name)
{
	assert_true(*n < MAX_NAMES);
	snprintf(names[(*n)++], 64, "%s", name);
}

static int has_name(char names[][64], size_t n, const char *name)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return 1;
	return 0;
}

static int is_choice_of(const char *const *choices, const char *word)
{
	for (; choices && *choices; choices++)
		if (!strcmp(*choices, word))
			return 1;
	return 0;
}

/* Is WORD a value some option of CMD, or its operands, takes? */
static int is_value_of(const struct command *cmd, const char *word)
{
	const struct command_option *o;

	for (o = cmd->options; o && o->key; o++)
		if (o->value == VALUE_CHOICE && is_choice_of(o->choices, word))
			return 1;
	return cmd->operands.kind == VALUE_CHOICE && is_choice_of(cmd->operands.choices, word);
}

/* Read the words W[0..N) of a synopsis line or of a heading: the names
 * after "mcd" into NAMES, the options of the command named (*CMD, kept
 * from the entry when NESTED) into OPTS. */
static void read_words(struct manual *m, const struct word *w, size_t n, int nested,
                       const struct command **cmd, char names[][64], size_t *nnames,
                       char opts[32][MAX_NAMES][64], size_t *nopts)
{
	const struct command_option *last = NULL;
	int after_name = 0; /* the names after "mcd" go on: --help|--version */
	size_t i;

	if (!nested)
		*cmd = NULL;
	for (i = 0; i < n; i++) {
		if (w[i].font != 'B') {
			after_name = 0;
			continue;
		}
		if (last && last->value == VALUE_CHOICE && is_choice_of(last->choices, w[i].text))
			continue; /* a value of the option before it: "--from mcd" */
		if (!strcmp(w[i].text, "mcd") && i + 1 < n && w[i + 1].font == 'B') {
			const struct command *c = command_find(w[++i].text);
			add_name(names, nnames, w[i].text);
			if (!*cmd)
				*cmd = c;
			after_name = !c;
			last = NULL;
			continue;
		}
		if (after_name) {
			add_name(names, nnames, w[i].text);
			continue;
		}
		if (!*cmd)
			continue;
		if (w[i].text[0] == '-' && strcmp(w[i].text, "--")) {
			size_t k = (size_t)(*cmd - commands);
			add_name(opts[k], &nopts[k], w[i].text);
			last = w[i].text[1] == '-'
			           ? command_long_option(*cmd, w[i].text + 2, strlen(w[i].text + 2))
			           : command_short_option(*cmd, (unsigned char)w[i].text[1]);
		} else if (w[i].text[0] != '-') {
			/* a value: of the option before it, or of the command */
			int ok = last && last->value == VALUE_CHOICE
			             ? is_choice_of(last->choices, w[i].text)
			             : is_value_of(*cmd, w[i].text);
			if (!ok)
				disagree(
				    "the manual gives '%s' a value the program does not take: %s",
				    (*cmd)->name, w[i].text);
		}
	}
	(void)m;
}

static void read_manual(struct manual *m)
{
	char path[1024], line[4096];
	struct styled s = {BUF_INIT, BUF_INIT};
	struct word w[128];
	const struct command *cmd = NULL;
	enum { OTHER, SYNOPSIS, COMMANDS, SHELL } section = OTHER;
	int depth = 0, heading = 0, nested = 0, passthrough = 0;
	FILE *f;

	memset(m, 0, sizeof(*m));
	snprintf(path, sizeof(path), "%s/man/mcd.1", MCD_SOURCE_DIR);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	while (fgets(line, sizeof(line), f)) {
		size_t n;
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, ".SH", 3)) {
			if (section == SYNOPSIS && s.text.len)
				read_words(m, w, words_of(&s, w, 128), 0, &cmd, m->synopsis,
				           &m->nsynopsis, m->synopsis_options,
				           m->nsynopsis_options);
			buf_setlen(&s.text, 0);
			buf_setlen(&s.font, 0);
			section = strstr(line, "SYNOPSIS")            ? SYNOPSIS
			          : strstr(line, "COMMANDS")          ? COMMANDS
			          : strstr(line, "SHELL INTEGRATION") ? SHELL
			                                              : OTHER;
			cmd = NULL;
			continue;
		}
		if (section == SYNOPSIS) {
			if (!strcmp(line, ".br") || !strcmp(line, ".PP")) {
				read_words(m, w, words_of(&s, w, 128), 0, &cmd, m->synopsis,
				           &m->nsynopsis, m->synopsis_options,
				           m->nsynopsis_options);
				buf_setlen(&s.text, 0);
				buf_setlen(&s.font, 0);
			} else {
				roff_line(&s, line);
			}
			continue;
		}
		if (section == SHELL) {
			/* the entry ".IR "subcommand " ...": its bold words */
			if (passthrough && (!strcmp(line, ".TP") || !strcmp(line, ".PP"))) {
				size_t i;
				n = words_of(&s, w, 128);
				for (i = 0; i < n; i++)
					if (w[i].font == 'B')
						add_name(m->passthrough, &m->npassthrough,
						         w[i].text);
				passthrough = 0;
			} else if (passthrough ||
			           (line[0] == '.' && strstr(line, "\"subcommand \""))) {
				if (passthrough)
					roff_line(&s, line);
				passthrough = 1;
			}
			continue;
		}
		if (section != COMMANDS)
			continue;
		if (!strcmp(line, ".RS")) {
			depth++;
		} else if (!strcmp(line, ".RE")) {
			depth--;
		} else if (!strcmp(line, ".TP")) {
			heading = 1;
			nested = depth > 0;
		} else if (heading) {
			heading = 0;
			roff_line(&s, line);
			n = words_of(&s, w, 128);
			read_words(m, w, n, nested, &cmd, m->headings, &m->nheadings, m->options,
			           m->noptions);
			buf_setlen(&s.text, 0);
			buf_setlen(&s.font, 0);
		}
	}
	fclose(f);
	buf_release(&s.text);
	buf_release(&s.font);
}

/* The names of option O: "-l" and "--list", or one of them, into NAMES. */
static size_t option_names(const struct command_option *o, char names[2][64])
{
	size_t n = 0;
	if (o->key < OPT_CMD)
		snprintf(names[n++], 64, "-%c", o->key);
	if (o->name)
		snprintf(names[n++], 64, "--%s", o->name);
	return n;
}

/* Is NAME ("-l", "--list") an option of CMD? */
static int is_option_of(const struct command *cmd, const char *name)
{
	const struct command_option *o =
	    name[1] == '-' ? command_long_option(cmd, name + 2, strlen(name + 2))
	                   : (name[2] ? NULL : command_short_option(cmd, (unsigned char)name[1]));
	return o && o->key != 'h';
}

static void should_document_every_command_and_option_of_the_table(void **state)
{
	disagreements = 0;
	const struct command_option *o;
	const struct command *c;
	const struct jump_form *f;
	struct manual m;
	char names[2][64];
	size_t k, i, n;

	read_manual(&m);
	for (c = commands; c->name; c++) {
		k = (size_t)(c - commands);
		if (!has_name(m.synopsis, m.nsynopsis, c->name))
			disagree("the SYNOPSIS of man/mcd.1 lacks 'mcd %s'", c->name);
		if (!has_name(m.headings, m.nheadings, c->name))
			disagree("the COMMANDS of man/mcd.1 lack 'mcd %s'", c->name);
		for (o = c->options; o && o->key; o++) {
			int in_synopsis = 0;
			n = option_names(o, names);
			for (i = 0; i < n; i++) {
				if (!has_name(m.options[k], m.noptions[k], names[i]))
					disagree("man/mcd.1 does not document 'mcd %s %s'", c->name,
					         names[i]);
				in_synopsis |= has_name(m.synopsis_options[k],
				                        m.nsynopsis_options[k], names[i]);
			}
			if (!in_synopsis)
				disagree("the SYNOPSIS of man/mcd.1 lacks 'mcd %s %s'", c->name,
				         names[0]);
		}
	}
	for (o = program_options; o->key; o++) {
		int in_synopsis = 0;
		n = option_names(o, names);
		for (i = 0; i < n; i++) {
			if (!has_name(m.headings, m.nheadings, names[i]))
				disagree("man/mcd.1 does not document 'mcd %s'", names[i]);
			in_synopsis |= has_name(m.synopsis, m.nsynopsis, names[i]);
		}
		if (!in_synopsis)
			disagree("the SYNOPSIS of man/mcd.1 lacks 'mcd %s'", names[0]);
	}
	for (f = jump_forms; f->word; f++)
		if (!has_name(m.synopsis, m.nsynopsis, f->word))
			disagree("the SYNOPSIS of man/mcd.1 lacks the jump form 'mcd %s'", f->word);
	assert_int_equal(disagreements, 0);
}

static void should_have_in_the_table_every_command_and_option_of_the_manual(void **state)
{
	disagreements = 0;
	const struct command *c;
	struct manual m;
	size_t k, i;

	read_manual(&m);
	for (i = 0; i < m.nsynopsis; i++)
		if (!command_find(m.synopsis[i]) && !program_option(m.synopsis[i]) &&
		    !jump_form_find(m.synopsis[i]))
			disagree("the SYNOPSIS of man/mcd.1 has 'mcd %s', not in the table",
			         m.synopsis[i]);
	for (i = 0; i < m.nheadings; i++)
		if (!command_find(m.headings[i]) && !program_option(m.headings[i]))
			disagree("the COMMANDS of man/mcd.1 have 'mcd %s', not in the table",
			         m.headings[i]);
	for (c = commands; c->name; c++) {
		k = (size_t)(c - commands);
		for (i = 0; i < m.noptions[k]; i++)
			if (!is_option_of(c, m.options[k][i]))
				disagree("man/mcd.1 documents 'mcd %s %s', not in the table",
				         c->name, m.options[k][i]);
		for (i = 0; i < m.nsynopsis_options[k]; i++)
			if (!is_option_of(c, m.synopsis_options[k][i]))
				disagree(
				    "the SYNOPSIS of man/mcd.1 has 'mcd %s %s', not in the table",
				    c->name, m.synopsis_options[k][i]);
	}
	assert_int_equal(disagreements, 0);
}

/* SHELL INTEGRATION lists what the function hands to the program: the
 * same words as the case of shell/mcd.* (jump_passthrough()). */
static void should_list_what_the_function_hands_to_the_program(void **state)
{
	struct buf want = BUF_INIT;
	struct manual m;
	char *tok, *save;
	size_t n = 0;

	read_manual(&m);
	jump_passthrough(&want);
	for (tok = strtok_r(want.data, " |", &save); tok; tok = strtok_r(NULL, " |", &save), n++)
		if (!has_name(m.passthrough, m.npassthrough, tok))
			fail_msg(
			    "SHELL INTEGRATION in man/mcd.1 does not say the function hands %s "
			    "to the program",
			    tok);
	assert_int_equal(m.npassthrough, n);
	buf_release(&want);
}

/* The reader of the manual sees what a person sees. */
static void should_read_roff_fonts_as_a_person_does(void **state)
{
	struct styled s = {BUF_INIT, BUF_INIT};
	struct word w[16];
	size_t n;

	roff_line(&s, ".BR \"mcd init bash\" | zsh \" [\" \\-\\-cmd \" \\fIname\\fP]\"");
	n = words_of(&s, w, 16);
	assert_int_equal(n, 6);
	assert_string_equal(w[0].text, "mcd");
	assert_string_equal(w[2].text, "bash");
	assert_int_equal(w[3].font, 'B');
	assert_string_equal(w[3].text, "zsh");
	assert_string_equal(w[4].text, "--cmd");
	assert_int_equal(w[4].font, 'B');
	assert_string_equal(w[5].text, "name");
	assert_int_equal(w[5].font, 'I');
	buf_release(&s.text);
	buf_release(&s.font);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(should_give_each_option_one_key_and_names_of_its_own),
	    cmocka_unit_test(should_write_in_each_usage_exactly_the_options_of_the_table),
	    cmocka_unit_test(should_list_every_command_and_jump_form_in_help),
	    cmocka_unit_test(should_start_each_command_s_help_with_its_usage),
	    cmocka_unit_test(should_hand_the_binary_every_command_but_the_jump_forms),
	    cmocka_unit_test(should_read_roff_fonts_as_a_person_does),
	    cmocka_unit_test(should_document_every_command_and_option_of_the_table),
	    cmocka_unit_test(should_have_in_the_table_every_command_and_option_of_the_manual),
	    cmocka_unit_test(should_list_what_the_function_hands_to_the_program),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
