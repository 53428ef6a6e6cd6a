/* main.c - dispatch to a command, from the table in commands.c */
#include <sys/stat.h>

#include "args.h"
#include "cli.h"
#include "util.h"

/* Run CMD with the words after its name. */
static int run(const struct command *cmd, int argc, char **argv)
{
	struct args a;

	if (args_parse(&a, cmd, argc, argv) < 0)
		return EXIT_USAGE;
	if (a.help)
		return help_command(cmd);
	return cmd->run(&a);
}

int main(int argc, char **argv)
{
	const struct command *cmd;

	umask(077); /* the database and its journals are the user's alone */
	if (argc < 2) {
		error("no command given (see 'mcd --help'; to jump, use the shell function from "
		      "'mcd init')");
		return EXIT_USAGE;
	}
	cmd = command_find(argv[1]);
	if (cmd)
		return cli_finish(run(cmd, argc - 2, argv + 2));
	switch (program_option(argv[1])) {
	case 'h':
		return cli_finish(run(command_find("help"), argc - 2, argv + 2));
	case 'V':
		if (argc > 2) {
			error("%s: unexpected argument '%s'", argv[1], quote_for_humans(argv[2]));
			return EXIT_USAGE;
		}
		return cli_finish(cmd_version());
	}
	error("unknown command '%s' (see 'mcd --help'; to jump, use the shell function from 'mcd "
	      "init')",
	      quote_for_humans(argv[1]));
	return EXIT_USAGE;
}
