/* main.c - dispatch to a command */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "complete.h"
#include "picker.h"
#include "util.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{"init", cmd_init},   {"index", cmd_index},   {"query", cmd_query},
	{"add", cmd_add},     {"remove", cmd_remove}, {"help", cmd_help},
	{"doctor", cmd_doctor}, {"export", cmd_export}, {"roots", cmd_roots},
	{"import", cmd_import},
	{"complete", cmd_complete}, {"-i", cmd_picker},
};

int main(int argc, char **argv)
{
	size_t i;

	umask(077); /* the database and its journals are the user's alone */
	if (argc < 2) {
		error("no command given (see 'mcd --help'; to jump, use the shell function from 'mcd init')");
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_finish(cmd_help(argc - 2, argv + 2));
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cli_finish(cmd_version());
	for (i = 0; i < MCD_ARRAY_SIZE(commands); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		if (argc == 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")) &&
		    cli_command_help(argv[1])) {
			fputs(cli_command_help(argv[1]), stdout);
			return cli_finish(EXIT_OK);
		}
		return cli_finish(commands[i].fn(argc - 2, argv + 2));
	}
	error("unknown command '%s' (see 'mcd --help'; to jump, use the shell function from 'mcd init')",
	      quote_for_humans(argv[1]));
	return EXIT_USAGE;
}
