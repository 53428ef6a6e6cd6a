/* cmd_help.c - `mcd help`, `mcd --help`, `mcd CMD --help` and `mcd --version`,
 * printed from the table of commands */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "util.h"

#ifndef MCD_VERSION
#define MCD_VERSION "0.1.0"
#endif

#define HELP_COLUMN 24 /* where the one-line summaries start */

/* One line of mcd --help: LEN bytes of FORM, then SUMMARY in its column
 * (on the next line when FORM reaches it). */
static void entry(const char *form, int len, const char *summary)
{
	if (len + 2 < HELP_COLUMN - 1)
		printf("  %.*s%*s%s\n", len, form, HELP_COLUMN - 2 - len, "", summary);
	else
		printf("  %.*s\n%*s%s\n", len, form, HELP_COLUMN, "", summary);
}

/* mcd --help: the jump first, what a new user came for, then the commands. */
static void usage(void)
{
	const struct command_option *o;
	const struct command *c;
	const struct jump_form *f;
	char form[64];

	printf("usage: mcd [KEYWORD...]\n"
	       "       mcd <command> [args]\n"
	       "       mcd");
	for (o = program_options; o->key; o++)
		printf("%s--%s", o == program_options ? " " : " | ", o->name);
	printf("\n\nJump, with the shell function that 'mcd init' prints (see 'mcd help init'):\n");
	entry("mcd KEYWORD...", 14, "go to the best match: mcd billing, mcd pay gw, mcd @acme/ui");
	entry("mcd", 3, "go to the repository root ($HOME outside one)");
	entry("mcd DIR", 7, "a plain cd");
	for (f = jump_forms; f->word; f++) {
		int n = snprintf(form, sizeof(form), "mcd %s%s%s", f->word, f->args[0] ? " " : "",
		                 f->args);
		entry(form, n, f->summary);
	}
	printf("\nCommands:\n");
	for (c = commands; c->name; c++)
		entry(c->usage, (int)strcspn(c->usage, "\n"), c->summary);
	printf(
	    "\n"
	    "Exit status: 0 success, 1 no match, 2 usage error, 3 database or I/O error.\n"
	    "Environment: MCD_DATA_DIR (database folder), XDG_DATA_HOME, MCD_EXCLUDE, NO_COLOR.\n"
	    "See mcd(1) for matching rules and the shell integration.\n");
}

int help_command(const struct command *cmd)
{
	const char *p = cmd->usage;
	int first = 1;

	while (*p) {
		size_t len = strcspn(p, "\n");
		printf("%s mcd %.*s\n", first ? "usage:" : "   or:", (int)len, p);
		p += len + (p[len] == '\n');
		first = 0;
	}
	fputs(cmd->help, stdout);
	return EXIT_OK;
}

int cmd_help(const struct args *a)
{
	if (!a->argc) {
		usage();
		return EXIT_OK;
	}
	return help_command(command_find(a->argv[0]));
}

int cmd_version(void)
{
	printf("mcd %s\n", MCD_VERSION);
	return EXIT_OK;
}
