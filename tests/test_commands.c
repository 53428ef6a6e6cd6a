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

/* mcd --help opens with what a new user came for, the jump and its forms,
 * and lists the commands after them. */
static void should_open_help_with_the_jump_forms_then_the_commands(void **state)
{
	char *text = printed(print_usage), line[128];
	const char *commands_at, *at;
	const struct command *c;
	const struct jump_form *f;

	assert_true(!strncmp(text, "usage: mcd [KEYWORD...]\n", 24));
	commands_at = strstr(text, "\nCommands:\n");
	assert_non_null(commands_at);
	at = strstr(text, "\n  mcd KEYWORD... ");
	assert_true(at && at < commands_at);
	for (f = jump_forms; f->word; f++) {
		snprintf(line, sizeof(line), "\n  mcd %s ", f->word);
		at = strstr(text, line);
		if (!at || at > commands_at)
			fail_msg("mcd --help does not list the jump form %s before the commands",
			         f->word);
	}
	for (c = commands; c->name; c++) {
		snprintf(line, sizeof(line), "\n  %s ", c->name);
		at = strstr(commands_at, line);
		if (!at)
			fail_msg("mcd --help does not list %s among the commands", c->name);
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

/* The shell function hands the binary, as they are, the words of a case
 * pattern: every command of the table, in its order, but the jump forms
 * (the function runs the picker itself), then both names of each program
 * option. */
static void should_hand_the_binary_every_command_but_the_jump_forms(void **state)
{
	struct buf b = BUF_INIT, want = BUF_INIT;
	const struct command_option *o;
	const struct command *c;

	for (c = commands; c->name; c++)
		if (!jump_form_find(c->name))
			buf_addf(&want, "%s%s", want.len ? " | " : "", c->name);
	for (o = program_options; o->key; o++)
		buf_addf(&want, " | --%s | -%c", o->name, o->key);
	jump_passthrough(&b);
	assert_string_equal(b.data, want.data);
	assert_null(strstr(b.data, "-i "));
	assert_non_null(strstr(b.data, "| complete |"));
	buf_release(&want);
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
 * '-' in its SYNOPSIS lines and in its entry in COMMANDS: in the heading of
 * its .TP and in the headings of the .TP entries nested in it (.RS/.RE).
 * What follows an option in the same brackets is its value: an italic
 * placeholder ("-n n") or bold choices ("--hook pwd|none"); "[-0] [file]"
 * is a flag and an operand. A bold word alone in a nested heading is a
 * value of one of the command's options (".B zoxide" under import). What
 * is left of a synopsis line or of the heading of a command's entry once
 * its options and their values are read are its operands: italic
 * placeholders ("[dir]", "dir ...") or bold choices ("bash|zsh"). */

/* Each place where the manual and the table disagree is reported; the
 * test fails after all are. */
static int disagreements;
#define disagree(...) (print_error(__VA_ARGS__), print_error("\n"), disagreements++)

/* Make room for element N of V, an array of CAP elements of SIZE bytes. */
static void *grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? 2 * *cap : 16;
	return xrealloc(v, *cap * size);
}

/* A list of strings, each a copy it owns. */
struct strs {
	char **v;
	size_t n, cap;
};

static void strs_add(struct strs *s, const char *text)
{
	s->v = grow(s->v, &s->cap, s->n, sizeof(*s->v));
	s->v[s->n++] = xstrdup(text);
}

static int strs_has(const struct strs *s, const char *text)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], text))
			return 1;
	return 0;
}

static void strs_release(struct strs *s)
{
	while (s->n)
		free(s->v[--s->n]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

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

static void styled_clear(struct styled *s)
{
	buf_setlen(&s->text, 0);
	buf_setlen(&s->font, 0);
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

/* A word of styled text, its font, and what stands between it and the
 * word before it. */
struct word {
	char *text;
	char font;
	int apart; /* a bracket, comma or parenthesis: "[-0] [file]", not "-n n" */
	int alt;   /* a '|': "pwd|none" */
	int many;  /* "..." after it: "dir ..." */
};

struct words {
	struct word *v;
	size_t n, cap;
};

static void words_release(struct words *w)
{
	while (w->n)
		free(w->v[--w->n].text);
	free(w->v);
	memset(w, 0, sizeof(*w));
}

#define WORD_BREAKS " []|,()"

/* Split S into W (emptied first): runs of one font between blanks and
 * [ ] | , ( ), however long or many. "..." is no word: it marks the one
 * before it. */
static void words_of(const struct styled *s, struct words *w)
{
	const char *t = s->text.data, *font = s->font.data;
	int apart = 0, alt = 0;
	size_t i = 0;

	while (w->n)
		free(w->v[--w->n].text);
	while (i < s->text.len) {
		size_t j = i, len;
		if (strchr(WORD_BREAKS, t[i])) {
			apart |= t[i] != ' ' && t[i] != '|';
			alt |= t[i] == '|';
			i++;
			continue;
		}
		while (j < s->text.len && !strchr(WORD_BREAKS, t[j]) && font[j] == font[i])
			j++;
		len = j - i;
		if (len >= 3 && !memcmp(t + j - 3, "...", 3)) {
			len -= 3; /* "dir..." in one font */
			if (!len && w->n)
				w->v[w->n - 1].many = 1;
		}
		if (len) {
			struct word *x;
			w->v = grow(w->v, &w->cap, w->n, sizeof(*w->v));
			x = &w->v[w->n++];
			x->text = xmemdup(t + i, len);
			x->font = font[i];
			x->apart = apart;
			x->alt = alt;
			x->many = len < j - i;
			apart = alt = 0;
		}
		i = j;
	}
}

/* Where in the manual a command is written. */
enum place { SYNOPSIS, COMMANDS };

/* An option as a synopsis line or a COMMANDS heading writes it, with what
 * follows it ("-n n", "--hook pwd|none", "-0"); or a value alone: of the
 * operands ("mcd init bash|zsh") or, in a nested heading, of an option
 * (".B zoxide" in the entry of import). */
struct mention {
	enum place place;
	int line;                  /* of man/mcd.1, for messages */
	const struct command *cmd; /* NULL: under no "mcd CMD" */
	int nested;                /* in a heading nested in CMD's entry */
	char *name;                /* "-n", "--hook"; NULL: a value alone */
	char *placeholder;         /* the italic word after it ("n"), or NULL */
	struct strs values;        /* the bold words after it: pwd, none */
};

/* The operands a synopsis line or the heading of a command's entry shows:
 * what is left of its words once the options and their values are read
 * ("[dir]", "dir ...", "bash|zsh"). */
struct form {
	enum place place;
	int line;
	const struct command *cmd;
	struct strs placeholders; /* the italic words: dir, keyword */
	size_t choices;           /* the bold words: bash, zsh */
	size_t count;             /* how many operands: "bash|zsh" is one */
	int many;                 /* "..." after one */
};

/* What the manual says. */
struct manual {
	/* the bold words after "mcd": commands, program options, jump forms */
	struct strs synopsis, headings;
	struct mention *mentions;
	size_t nmentions, capmentions;
	struct form *forms;
	size_t nforms, capforms;
	/* SHELL INTEGRATION: what the function hands to the program */
	struct strs passthrough;
};

static void manual_release(struct manual *m)
{
	size_t i;

	strs_release(&m->synopsis);
	strs_release(&m->headings);
	strs_release(&m->passthrough);
	for (i = 0; i < m->nmentions; i++) {
		free(m->mentions[i].name);
		free(m->mentions[i].placeholder);
		strs_release(&m->mentions[i].values);
	}
	free(m->mentions);
	for (i = 0; i < m->nforms; i++)
		strs_release(&m->forms[i].placeholders);
	free(m->forms);
}

static int is_choice_of(const char *const *choices, const char *word)
{
	for (; choices && *choices; choices++)
		if (!strcmp(*choices, word))
			return 1;
	return 0;
}

/* Is WORD written as an option: "-l", "--list", not "-" nor "--"? */
static int is_option_word(const char *word)
{
	return word[0] == '-' && word[1] && strcmp(word, "--");
}

/* The option of CMD (or -h/--help) that NAME ("-l", "--list") names, or
 * NULL. */
static const struct command_option *option_named(const struct command *cmd, const char *name)
{
	if (name[1] == '-')
		return command_long_option(cmd, name + 2, strlen(name + 2));
	return name[2] ? NULL : command_short_option(cmd, (unsigned char)name[1]);
}

/* Is NAME ("-l", "--list") an option of CMD? */
static int is_option_of(const struct command *cmd, const char *name)
{
	const struct command_option *o = option_named(cmd, name);
	return o && o->key != 'h';
}

/* Add to M a copy of X, whose strings are borrowed. */
static void add_mention(struct manual *m, const struct mention *x)
{
	struct mention *copy;
	size_t i;

	m->mentions = grow(m->mentions, &m->capmentions, m->nmentions, sizeof(*m->mentions));
	copy = &m->mentions[m->nmentions++];
	*copy = *x;
	copy->name = x->name ? xstrdup(x->name) : NULL;
	copy->placeholder = x->placeholder ? xstrdup(x->placeholder) : NULL;
	memset(&copy->values, 0, sizeof(copy->values));
	for (i = 0; i < x->values.n; i++)
		strs_add(&copy->values, x->values.v[i]);
}

/* Read the option W[I] and what follows it, written where AT says;
 * returns the index of the last word read. */
static size_t read_option(struct manual *m, const struct words *w, size_t i,
                          const struct mention *at)
{
	const struct command *cmd = at->cmd;
	const struct command_option *o = cmd ? option_named(cmd, w->v[i].text) : NULL;
	struct mention x = *at;
	size_t first = i, k;

	/* "-l, --list": one option; what follows its last name is its value */
	while (o && i + 1 < w->n && w->v[i + 1].font == 'B' && is_option_word(w->v[i + 1].text) &&
	       option_named(cmd, w->v[i + 1].text) == o)
		i++;
	for (k = i + 1; k < w->n; k++) {
		const struct word *v = &w->v[k];
		if (v->apart || (k > i + 1 && !v->alt) || (v->font != 'B' && v->font != 'I') ||
		    (v->font == 'B' && (is_option_word(v->text) || !strcmp(v->text, "--"))))
			break;
		if (v->font == 'B')
			strs_add(&x.values, v->text);
		else if (!x.placeholder)
			x.placeholder = v->text;
	}
	for (; first <= i; first++) {
		x.name = w->v[first].text;
		add_mention(m, &x);
	}
	strs_release(&x.values);
	return k - 1;
}

/* Read the words W of a synopsis line or of a heading at LINE of the
 * manual: the names after "mcd", and the options, values and operands of
 * the command named (*CMD, kept from the entry when NESTED; a nested
 * heading shows no operands). */
static void read_words(struct manual *m, const struct words *w, enum place place, int line,
                       int nested, const struct command **cmd)
{
	struct strs *names = place == SYNOPSIS ? &m->synopsis : &m->headings;
	struct mention at = {.place = place, .line = line, .nested = nested};
	struct form f = {.place = place, .line = line};
	int after_name = 0; /* the names after "mcd" go on: --help|--version */
	int own = 0;        /* the words are *CMD's: after "mcd CMD", not "mcd --help" */
	size_t i;

	if (!nested)
		*cmd = NULL;
	for (i = 0; i < w->n; i++) {
		const struct word *x = &w->v[i];
		if (x->font == 'B' && !strcmp(x->text, "mcd") && i + 1 < w->n &&
		    w->v[i + 1].font == 'B') {
			const struct command *c = command_find(w->v[++i].text);
			strs_add(names, w->v[i].text);
			if (!*cmd)
				*cmd = c;
			after_name = !c;
			own = c && c == *cmd;
			continue;
		}
		if (after_name && x->font == 'B') {
			strs_add(names, x->text);
			continue;
		}
		after_name = 0;
		at.cmd = *cmd;
		if (x->font == 'B' && is_option_word(x->text)) {
			i = read_option(m, w, i, &at);
			continue;
		}
		if (!*cmd || (x->font != 'B' && x->font != 'I') || !strcmp(x->text, "--"))
			continue;
		if (x->font == 'B') {
			/* a value alone: an operand, or an option's */
			strs_add(&at.values, x->text);
			add_mention(m, &at);
			strs_release(&at.values);
		}
		if (nested || !own)
			continue;
		if (x->font == 'I')
			strs_add(&f.placeholders, x->text);
		else
			f.choices++;
		f.count += !x->alt;
		f.many |= x->many;
	}
	if (*cmd && !nested) {
		f.cmd = *cmd;
		m->forms = grow(m->forms, &m->capforms, m->nforms, sizeof(*m->forms));
		m->forms[m->nforms++] = f;
	} else {
		strs_release(&f.placeholders);
	}
}

static void read_manual(struct manual *m)
{
	char path[1024], *line = NULL;
	size_t cap = 0;
	struct styled s = {BUF_INIT, BUF_INIT};
	struct words w = {NULL, 0, 0};
	const struct command *cmd = NULL;
	enum { OTHER, IN_SYNOPSIS, IN_COMMANDS, IN_SHELL } section = OTHER;
	int depth = 0, heading = 0, nested = 0, passthrough = 0, lineno = 0, start = 0;
	FILE *f;

	memset(m, 0, sizeof(*m));
	snprintf(path, sizeof(path), "%s/man/mcd.1", MCD_SOURCE_DIR);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	while (getline(&line, &cap, f) >= 0) {
		size_t i;
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (section == IN_SYNOPSIS &&
		    (!strncmp(line, ".SH", 3) || !strcmp(line, ".br") || !strcmp(line, ".PP"))) {
			/* the end of a synopsis line */
			words_of(&s, &w);
			read_words(m, &w, SYNOPSIS, start, 0, &cmd);
			styled_clear(&s);
			start = lineno + 1;
			if (strncmp(line, ".SH", 3))
				continue;
		}
		if (!strncmp(line, ".SH", 3)) {
			styled_clear(&s);
			section = strstr(line, "SYNOPSIS")            ? IN_SYNOPSIS
			          : strstr(line, "COMMANDS")          ? IN_COMMANDS
			          : strstr(line, "SHELL INTEGRATION") ? IN_SHELL
			                                              : OTHER;
			cmd = NULL;
			start = lineno + 1;
			continue;
		}
		if (section == IN_SYNOPSIS) {
			roff_line(&s, line);
			continue;
		}
		if (section == IN_SHELL) {
			/* the entry ".IR "subcommand " ...": its bold words */
			if (passthrough && (!strcmp(line, ".TP") || !strcmp(line, ".PP"))) {
				words_of(&s, &w);
				for (i = 0; i < w.n; i++)
					if (w.v[i].font == 'B')
						strs_add(&m->passthrough, w.v[i].text);
				passthrough = 0;
			} else if (passthrough ||
			           (line[0] == '.' && strstr(line, "\"subcommand \""))) {
				if (passthrough)
					roff_line(&s, line);
				passthrough = 1;
			}
			continue;
		}
		if (section != IN_COMMANDS)
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
			words_of(&s, &w);
			read_words(m, &w, COMMANDS, lineno, nested, &cmd);
			styled_clear(&s);
		}
	}
	free(line);
	fclose(f);
	words_release(&w);
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

/* Does the manual, at PLACE, write the option NAME of CMD? */
static int mentioned(const struct manual *m, enum place place, const struct command *cmd,
                     const char *name)
{
	size_t i;

	for (i = 0; i < m->nmentions; i++) {
		const struct mention *x = &m->mentions[i];
		if (x->place == place && x->cmd == cmd && x->name && !strcmp(x->name, name))
			return 1;
	}
	return 0;
}

static void should_document_every_command_and_option_of_the_table(void **state)
{
	const struct command_option *o;
	const struct command *c;
	const struct jump_form *f;
	struct manual m;
	char names[2][64];
	size_t i, n;

	disagreements = 0;
	read_manual(&m);
	for (c = commands; c->name; c++) {
		if (!strs_has(&m.synopsis, c->name))
			disagree("the SYNOPSIS of man/mcd.1 lacks 'mcd %s'", c->name);
		if (!strs_has(&m.headings, c->name))
			disagree("the COMMANDS of man/mcd.1 lack 'mcd %s'", c->name);
		for (o = c->options; o && o->key; o++) {
			int in_synopsis = 0;
			n = option_names(o, names);
			for (i = 0; i < n; i++) {
				if (!mentioned(&m, COMMANDS, c, names[i]))
					disagree("man/mcd.1 does not document 'mcd %s %s'", c->name,
					         names[i]);
				in_synopsis |= mentioned(&m, SYNOPSIS, c, names[i]);
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
			if (!strs_has(&m.headings, names[i]))
				disagree("man/mcd.1 does not document 'mcd %s'", names[i]);
			in_synopsis |= strs_has(&m.synopsis, names[i]);
		}
		if (!in_synopsis)
			disagree("the SYNOPSIS of man/mcd.1 lacks 'mcd %s'", names[0]);
	}
	for (f = jump_forms; f->word; f++)
		if (!strs_has(&m.synopsis, f->word))
			disagree("the SYNOPSIS of man/mcd.1 lacks the jump form 'mcd %s'", f->word);
	manual_release(&m);
	assert_int_equal(disagreements, 0);
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

/* Everything the manual names is in the table: its commands, and each
 * option as an option of the command it is written under. An option in a
 * heading or a synopsis line without "mcd CMD" (and not nested in a
 * command's entry) is under none, so it is in no command of the table. */
static void should_have_in_the_table_every_command_and_option_of_the_manual(void **state)
{
	struct manual m;
	size_t i;

	disagreements = 0;
	read_manual(&m);
	for (i = 0; i < m.synopsis.n; i++)
		if (!command_find(m.synopsis.v[i]) && !program_option(m.synopsis.v[i]) &&
		    !jump_form_find(m.synopsis.v[i]))
			disagree("the SYNOPSIS of man/mcd.1 has 'mcd %s', not in the table",
			         m.synopsis.v[i]);
	for (i = 0; i < m.headings.n; i++)
		if (!command_find(m.headings.v[i]) && !program_option(m.headings.v[i]))
			disagree("the COMMANDS of man/mcd.1 have 'mcd %s', not in the table",
			         m.headings.v[i]);
	for (i = 0; i < m.nmentions; i++) {
		const struct mention *x = &m.mentions[i];
		if (!x->cmd) {
			disagree("man/mcd.1:%d: %s is an option of no command (no 'mcd CMD' "
			         "before it)",
			         x->line, x->name);
			continue;
		}
		if (x->name && !is_option_of(x->cmd, x->name))
			disagree("man/mcd.1:%d: 'mcd %s %s' is not in the table", x->line,
			         x->cmd->name, x->name);
	}
	manual_release(&m);
	assert_int_equal(disagreements, 0);
}

/* An option that takes a value (a number, a string, a directory, a file,
 * a word of a list) is written with its placeholder or its choices in the
 * same brackets ("[-n n]", "--hook pwd|none"), wherever it is written; a
 * flag is written alone ("[-l]", "-l, --list"). */
static void should_write_a_value_after_an_option_exactly_when_it_takes_one(void **state)
{
	struct manual m;
	size_t i;

	disagreements = 0;
	read_manual(&m);
	for (i = 0; i < m.nmentions; i++) {
		const struct mention *x = &m.mentions[i];
		const struct command_option *o =
		    x->cmd && x->name ? option_named(x->cmd, x->name) : NULL;
		const char *written = x->placeholder ? x->placeholder
		                      : x->values.n  ? x->values.v[0]
		                                     : NULL;
		if (!o)
			continue; /* a value alone, or not in the table */
		if (o->value == VALUE_NONE && written)
			disagree("man/mcd.1:%d: 'mcd %s %s' takes no value, the manual gives it "
			         "'%s'",
			         x->line, x->cmd->name, x->name, written);
		if (o->value != VALUE_NONE && !written)
			disagree(
			    "man/mcd.1:%d: 'mcd %s %s' takes a value, the manual gives it none",
			    x->line, x->cmd->name, x->name);
	}
	manual_release(&m);
	assert_int_equal(disagreements, 0);
}

/* Is WORD one of the values the manual writes for CMD at PLACE: after its
 * option O, or (O NULL) as its operand? In COMMANDS, an option's value
 * may also stand alone in a nested heading (".B zoxide"). */
static int value_written(const struct manual *m, enum place place, const struct command *cmd,
                         const struct command_option *o, const char *word)
{
	size_t i;

	for (i = 0; i < m->nmentions; i++) {
		const struct mention *x = &m->mentions[i];
		if (x->place != place || x->cmd != cmd || !strs_has(&x->values, word))
			continue;
		if (!o        ? !x->name && !x->nested
		    : x->name ? option_named(cmd, x->name) == o
		              : x->nested)
			return 1;
	}
	return 0;
}

/* Does the program take V where X writes it? */
static int takes_value(const struct mention *x, const char *v)
{
	const struct command_option *o;

	if (!x->name && !x->nested) /* an operand */
		return x->cmd->operands.kind == VALUE_CHOICE &&
		       is_choice_of(x->cmd->operands.choices, v);
	if (!x->name) /* alone in a nested heading: an option's */
		return is_value_of(x->cmd, v);
	o = option_named(x->cmd, x->name);
	return !o /* not in the table: said by its own test */ ||
	       (o->value == VALUE_CHOICE && is_choice_of(o->choices, v));
}

/* Does the manual, at PLACE, give CMD's option O (NULL: its operands) every
 * one of CHOICES? */
static void check_choices_written(const struct manual *m, enum place place,
                                  const struct command *cmd, const struct command_option *o,
                                  const char *const *choices)
{
	char names[2][64];

	if (o)
		option_names(o, names);
	for (; *choices; choices++)
		if (!value_written(m, place, cmd, o, *choices))
			disagree("the %s of man/mcd.1 lack%s '%s' for 'mcd %s%s%s'",
			         place == SYNOPSIS ? "SYNOPSIS" : "COMMANDS",
			         place == SYNOPSIS ? "s" : "", *choices, cmd->name, o ? " " : "",
			         o ? names[0] : "");
}

/* The words an option or the operands take from a list are the list's:
 * each value the manual writes is one the program takes, where the manual
 * writes it (after its option, or as an operand), and each one the
 * program takes is written, in the SYNOPSIS and in COMMANDS. */
static void should_document_exactly_the_choices_of_the_table(void **state)
{
	const struct command_option *o;
	const struct command *c;
	enum place place;
	struct manual m;
	size_t i, j;

	disagreements = 0;
	read_manual(&m);
	for (i = 0; i < m.nmentions; i++) {
		const struct mention *x = &m.mentions[i];
		for (j = 0; x->cmd && j < x->values.n; j++) {
			const char *v = x->values.v[j];
			if (!takes_value(x, v))
				disagree(
				    "man/mcd.1:%d: the manual gives 'mcd %s%s%s' the value '%s', "
				    "which the program does not take",
				    x->line, x->cmd->name, x->name ? " " : "",
				    x->name ? x->name : "", v);
		}
	}
	for (c = commands; c->name; c++)
		for (place = SYNOPSIS; place <= COMMANDS; place++) {
			for (o = c->options; o && o->key; o++)
				if (o->value == VALUE_CHOICE)
					check_choices_written(&m, place, c, o, o->choices);
			if (c->operands.kind == VALUE_CHOICE)
				check_choices_written(&m, place, c, NULL, c->operands.choices);
		}
	manual_release(&m);
	assert_int_equal(disagreements, 0);
}

/* The kind of operand a placeholder of the manual stands for, or
 * VALUE_NONE: the manual's own words for them, as its SYNOPSIS uses them. */
static enum value_kind placeholder_kind(const char *word)
{
	static const struct {
		const char *word;
		enum value_kind kind;
	} vocabulary[] = {
	    {"dir", VALUE_DIR},         {"file", VALUE_FILE},   {"keyword", VALUE_KEYWORD},
	    {"command", VALUE_COMMAND}, {"word", VALUE_STRING},
	};
	size_t i;

	for (i = 0; i < MCD_ARRAY_SIZE(vocabulary); i++)
		if (!strcmp(vocabulary[i].word, word))
			return vocabulary[i].kind;
	return VALUE_NONE;
}

/* Check what the form F shows against the operands of its command. */
static void check_form(const struct form *f)
{
	const struct command_operands *k = &f->cmd->operands;
	size_t i;

	for (i = 0; i < f->placeholders.n; i++) {
		const char *p = f->placeholders.v[i];
		if (k->kind == VALUE_NONE)
			disagree("man/mcd.1:%d: 'mcd %s' takes no operand, the manual shows '%s'",
			         f->line, f->cmd->name, p);
		else if (placeholder_kind(p) != k->kind)
			disagree("man/mcd.1:%d: 'mcd %s' takes a %s%s, the manual shows '%s'",
			         f->line, f->cmd->name, k->what,
			         k->kind == VALUE_CHOICE ? " (its words written out, in bold)" : "",
			         p);
	}
	if (f->choices && k->kind != VALUE_CHOICE)
		disagree("man/mcd.1:%d: 'mcd %s' takes %s%s, the manual shows a list of words",
		         f->line, f->cmd->name, k->kind == VALUE_NONE ? "no operand" : "a ",
		         k->kind == VALUE_NONE ? "" : k->what);
	if (k->kind != VALUE_NONE && k->max == 1 && (f->count > 1 || f->many))
		disagree("man/mcd.1:%d: 'mcd %s' takes one %s at most, the manual shows several",
		         f->line, f->cmd->name, k->what);
}

/* What a command takes after its options (the table's operands) is what
 * its SYNOPSIS lines and the heading of its entry in COMMANDS show: none,
 * at most one ("[dir]") or any number ("dir ...", "[keyword ...]"), and of
 * which kind: "dir" a directory, "file" a file, "keyword" a keyword of a
 * jump, "command" a command, "word" any text, bold words a list's. */
static void should_show_the_operands_each_command_takes(void **state)
{
	const struct command *c;
	enum place place;
	struct manual m;
	size_t i;

	disagreements = 0;
	read_manual(&m);
	for (i = 0; i < m.nforms; i++)
		check_form(&m.forms[i]);
	for (c = commands; c->name; c++)
		for (place = SYNOPSIS; place <= COMMANDS && c->operands.kind != VALUE_NONE;
		     place++) {
			const char *where = place == SYNOPSIS ? "SYNOPSIS of man/mcd.1 shows"
			                                      : "COMMANDS of man/mcd.1 show";
			int some = 0, many = 0;
			for (i = 0; i < m.nforms; i++)
				if (m.forms[i].place == place && m.forms[i].cmd == c) {
					some |= m.forms[i].count > 0;
					many |= m.forms[i].many;
				}
			if (!some)
				disagree("the %s no %s for 'mcd %s'", where, c->operands.what,
				         c->name);
			else if (!c->operands.max && !many)
				disagree("the %s one %s for 'mcd %s', which takes "
				         "any number ('...')",
				         where, c->operands.what, c->name);
		}
	manual_release(&m);
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
		if (!strs_has(&m.passthrough, tok))
			fail_msg(
			    "SHELL INTEGRATION in man/mcd.1 does not say the function hands %s "
			    "to the program",
			    tok);
	assert_int_equal(m.passthrough.n, n);
	manual_release(&m);
	buf_release(&want);
}

/* The reader of the manual sees what a person sees. */
static void should_read_roff_fonts_as_a_person_does(void **state)
{
	struct styled s = {BUF_INIT, BUF_INIT};
	struct words w = {NULL, 0, 0};

	roff_line(&s, ".BR \"mcd init bash\" | zsh \" [\" \\-\\-cmd \" \\fIname\\fP]\"");
	words_of(&s, &w);
	assert_int_equal(w.n, 6);
	assert_string_equal(w.v[0].text, "mcd");
	assert_string_equal(w.v[2].text, "bash");
	assert_int_equal(w.v[3].font, 'B');
	assert_string_equal(w.v[3].text, "zsh");
	assert_true(w.v[3].alt);
	assert_string_equal(w.v[4].text, "--cmd");
	assert_int_equal(w.v[4].font, 'B');
	assert_true(w.v[4].apart);
	assert_string_equal(w.v[5].text, "name");
	assert_int_equal(w.v[5].font, 'I');
	assert_false(w.v[5].apart);
	styled_clear(&s);

	roff_line(&s, ".BI \"mcd add \" dir ...");
	roff_line(&s, ".RB [ \\-0 ]");
	roff_line(&s, ".RI [ file ...]");
	words_of(&s, &w);
	assert_int_equal(w.n, 5);
	assert_string_equal(w.v[2].text, "dir");
	assert_true(w.v[2].many);
	assert_false(w.v[3].many);
	assert_string_equal(w.v[4].text, "file");
	assert_true(w.v[4].apart);
	assert_true(w.v[4].many);
	words_release(&w);
	buf_release(&s.text);
	buf_release(&s.font);
}

/* However long a word and however many, the reader keeps them all. */
static void should_read_every_word_of_a_line_however_long(void **state)
{
	struct styled s = {BUF_INIT, BUF_INIT};
	struct words w = {NULL, 0, 0};
	char long_word[300];
	size_t i;

	memset(long_word, 'x', sizeof(long_word) - 1);
	long_word[sizeof(long_word) - 1] = '\0';
	for (i = 0; i < 1000; i++)
		roff_line(&s, ".B \\-a");
	styled_add(&s, long_word, strlen(long_word), 'B');
	words_of(&s, &w);
	assert_int_equal(w.n, 1001);
	assert_string_equal(w.v[1000].text, long_word);
	words_release(&w);
	buf_release(&s.text);
	buf_release(&s.font);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(should_give_each_option_one_key_and_names_of_its_own),
	    cmocka_unit_test(should_write_in_each_usage_exactly_the_options_of_the_table),
	    cmocka_unit_test(should_open_help_with_the_jump_forms_then_the_commands),
	    cmocka_unit_test(should_start_each_command_s_help_with_its_usage),
	    cmocka_unit_test(should_hand_the_binary_every_command_but_the_jump_forms),
	    cmocka_unit_test(should_read_roff_fonts_as_a_person_does),
	    cmocka_unit_test(should_read_every_word_of_a_line_however_long),
	    cmocka_unit_test(should_document_every_command_and_option_of_the_table),
	    cmocka_unit_test(should_have_in_the_table_every_command_and_option_of_the_manual),
	    cmocka_unit_test(should_write_a_value_after_an_option_exactly_when_it_takes_one),
	    cmocka_unit_test(should_document_exactly_the_choices_of_the_table),
	    cmocka_unit_test(should_show_the_operands_each_command_takes),
	    cmocka_unit_test(should_list_what_the_function_hands_to_the_program),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
