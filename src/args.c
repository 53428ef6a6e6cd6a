/* args.c - the one parser of every command's arguments, by its row of the table */
#include "args.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Report a usage error of A's command, "mcd: CMD: " and the message, with
 * CHOICES (when not NULL) in parentheses after it. Returns -1. */
static int usage(const struct args *a, const char *const *choices, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int usage(const struct args *a, const char *const *choices, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	buf_addf(&msg, "%s: %s", a->cmd->name, text);
	if (choices) {
		buf_adds(&msg, " (");
		choices_join(&msg, choices);
		buf_addch(&msg, ')');
	}
	error("%s", msg.data);
	buf_release(&msg);
	return -1;
}

static int is_choice(const char *const *choices, const char *s)
{
	for (; *choices; choices++)
		if (!strcmp(*choices, s))
			return 1;
	return 0;
}

/* Record that option O, written AS ("-n", "--cmd"), was given VALUE (NULL
 * for a flag). Returns 0 or -1. */
static int take(struct args *a, const struct command_option *o, const char *as, const char *value)
{
	size_t i;
	char *end;

	if (o == command_help_option()) {
		a->help = 1;
		return 0;
	}
	i = (size_t)(o - a->cmd->options);
	if (o->value == VALUE_NUMBER) {
		errno = 0;
		a->number[i] = strtol(value, &end, 10);
		if (errno || *end || end == value || a->number[i] < 0)
			return usage(a, NULL, "%s needs a number, not '%s'", as,
			             quote_for_humans(value));
	}
	if (o->value == VALUE_CHOICE && !is_choice(o->choices, value))
		return usage(a, o->choices, "unknown value '%s' for %s", quote_for_humans(value),
		             as);
	a->value[i] = value ? value : "";
	return 0;
}

/* WORD is an option A's command does not know: say so, with a hint when
 * an operand may start with '-'. Returns -1. */
static int unknown(const struct args *a, const char *word)
{
	switch (a->cmd->operands.kind) {
	case VALUE_STRING:
	case VALUE_DIR:
	case VALUE_FILE:
	case VALUE_KEYWORD:
		return usage(a, NULL,
		             "unknown option '%s' (use '--' before a %s starting with '-')",
		             quote_for_humans(word), a->cmd->operands.what);
	default:
		return usage(a, NULL, "unknown option '%s'", quote_for_humans(word));
	}
}

/* Parse the long option WORD ("--name" or "--name=value"); the word after
 * it, NEXT (NULL: none), may be its value: then *USED is set. */
static int parse_long(struct args *a, const char *word, const char *next, int *used)
{
	const char *name = word + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct command_option *o = command_long_option(a->cmd, name, len);
	char as[64];

	if (!o)
		return unknown(a, word);
	snprintf(as, sizeof(as), "--%s", o->name);
	if (o->value == VALUE_NONE && eq)
		return usage(a, NULL, "%s takes no value", as);
	if (o->value == VALUE_NONE)
		return take(a, o, as, NULL);
	if (eq)
		return take(a, o, as, eq + 1);
	if (!next)
		return usage(a, NULL, "%s needs a value", as);
	*used = 1;
	return take(a, o, as, next);
}

/* Parse the short options of WORD ("-ls", "-n5", "-n" before its value
 * NEXT), as parse_long(). */
static int parse_short(struct args *a, const char *word, const char *next, int *used)
{
	const char *p;

	for (p = word + 1; *p && !a->help; p++) {
		const struct command_option *o = command_short_option(a->cmd, (unsigned char)*p);
		char as[3] = {'-', *p, '\0'};

		if (!o && p == word + 1)
			return unknown(a, word);
		if (!o)
			return usage(a, NULL, "unknown option '%s' in '%s'", as,
			             quote_for_humans(word));
		if (o->value == VALUE_NONE) {
			if (take(a, o, as, NULL) < 0)
				return -1;
			continue;
		}
		if (p[1])
			return take(a, o, as, p + 1);
		if (!next)
			return usage(a, NULL, "%s needs a value", as);
		*used = 1;
		return take(a, o, as, next);
	}
	return 0;
}

/* Check the operands of A: how many, and what they are. */
static int check_operands(const struct args *a)
{
	const struct command_operands *k = &a->cmd->operands;
	int i, max = k->kind == VALUE_NONE ? 0 : k->max ? k->max : a->argc;

	if (a->argc > max)
		return usage(a, NULL, "unexpected argument '%s'", quote_for_humans(a->argv[max]));
	for (i = 0; i < a->argc; i++) {
		if (k->kind == VALUE_CHOICE && !is_choice(k->choices, a->argv[i]))
			return usage(a, k->choices, "unknown %s '%s'", k->what,
			             quote_for_humans(a->argv[i]));
		if (k->kind == VALUE_COMMAND && !command_find(a->argv[i]))
			return usage(a, NULL, "no command '%s' (see 'mcd --help')",
			             quote_for_humans(a->argv[i]));
	}
	return 0;
}

int args_parse(struct args *a, const struct command *cmd, int argc, char **argv)
{
	int i, only_operands = 0;

	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	a->argv = argv;
	for (i = 0; i < argc && !a->help; i++) {
		char *w = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;
		int used = 0, ret;

		/* operands move to the front, in order: the slots before I
		   have been read already */
		if (only_operands || w[0] != '-' || !w[1] ||
		    (cmd->operands.kind == VALUE_COMMAND && command_find(w))) {
			argv[a->argc++] = w;
			continue;
		}
		if (!strcmp(w, "--")) {
			only_operands = 1;
			continue;
		}
		ret = w[1] == '-' ? parse_long(a, w, next, &used) : parse_short(a, w, next, &used);
		if (ret < 0)
			return -1;
		i += used;
	}
	return a->help ? 0 : check_operands(a);
}

/* The index of the option of key KEY in A's command, or -1. */
static int index_of(const struct args *a, int key)
{
	const struct command_option *o;

	for (o = a->cmd->options; o && o->key; o++)
		if (o->key == key)
			return (int)(o - a->cmd->options);
	return -1;
}

int args_has(const struct args *a, int key)
{
	return args_get(a, key) != NULL;
}

const char *args_get(const struct args *a, int key)
{
	int i = index_of(a, key);
	return i < 0 ? NULL : a->value[i];
}

long args_number(const struct args *a, int key, long absent)
{
	int i = index_of(a, key);
	return i < 0 || !a->value[i] ? absent : a->number[i];
}

/* ---- for TAB completion ------------------------------------------------------ */

const struct command_option *args_value_next(const struct command *cmd, const char *word)
{
	const struct command_option *o;
	const char *p;

	if (word[0] != '-' || !word[1] || !strcmp(word, "--"))
		return NULL;
	if (word[1] == '-') {
		if (strchr(word, '='))
			return NULL;
		o = command_long_option(cmd, word + 2, strlen(word + 2));
		return o && o->value != VALUE_NONE ? o : NULL;
	}
	for (p = word + 1; *p; p++) {
		o = command_short_option(cmd, (unsigned char)*p);
		if (!o)
			return NULL;
		if (o->value != VALUE_NONE)
			return p[1] ? NULL : o;
	}
	return NULL;
}
