/* cmd_help.c - `mcd help`, `mcd --help` and `mcd --version` */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "util.h"

#ifndef MCD_VERSION
#define MCD_VERSION "0.1.0"
#endif

static const char usage_text[] =
	"usage: mcd <command> [args]\n"
	"\n"
	"  init bash|zsh [--cmd NAME] [--hook pwd|none]\n"
	"                        print the shell integration; add to your rc file:\n"
	"                          eval \"$(mcd init bash)\"\n"
	"  index [DIR]           index or refresh the repository holding DIR\n"
	"  query [-l] [-s] [-n N] [-0] [--] KEYWORD...\n"
	"                        print the best directory for KEYWORDs; -l a ranked\n"
	"                        list, -s with scores, -n at most N, -0 NUL after\n"
	"                        each path; no KEYWORD: the repository root ($HOME\n"
	"                        outside one)\n"
	"  import --from FORMAT [FILE]  merge zoxide, z, autojump or fasd history\n"
	"  export [-0]           print history: visits, last visit, path (tab-separated)\n"
	"  doctor [--repair]     check the database; salvage its history when damaged\n"
	"  add DIR...            record a visit to each DIR\n"
	"  remove DIR...         forget the history of each DIR (--root DIR: a repository)\n"
	"  roots                 list indexed repositories\n"
	"  help [COMMAND]        show this help, or a command's\n"
	"\n"
	"Exit status: 0 success, 1 no match, 2 usage error, 3 database or I/O error.\n"
	"Environment: MCD_DATA_DIR (database folder), XDG_DATA_HOME, MCD_EXCLUDE, NO_COLOR.\n"
	"See mcd(1) for matching rules and the shell integration.\n";


static const struct {
	const char *name, *text;
} command_help[] = {
	{"init", "usage: mcd init bash|zsh [--cmd NAME] [--hook pwd|none]\n"
		 "Print the shell integration. Add to ~/.bashrc or ~/.zshrc (after compinit):\n"
		 "  eval \"$(mcd init bash)\"\n"
		 "--cmd NAME names the jump function (default mcd); --hook pwd (default)\n"
		 "records every directory reached with cd, --hook none only jumps.\n"},
	{"index", "usage: mcd index [DIR] | mcd index --all\n"
		  "Index or refresh the repository holding DIR (default: the working\n"
		  "directory); --all refreshes every indexed repository.\n"},
	{"query", "usage: mcd query [-l] [-s] [-n N] [-0] [--] KEYWORD...\n"
		  "Print the best directory for KEYWORDs. -l a ranked list, -s with the\n"
		  "match class, score, frecency and why, -n at most N, -0 NUL-terminated.\n"
		  "Without KEYWORD: the repository root ($HOME outside one).\n"},
	{"add", "usage: mcd add [--] DIR...\nRecord a visit to each DIR.\n"},
	{"remove", "usage: mcd remove [--] DIR... | mcd remove --root DIR\n"
		   "Forget the history of each DIR; --root forgets a repository: its\n"
		   "index and the history of every directory in it.\n"},
	{"roots", "usage: mcd roots [-0]\nList indexed repositories: folders, last index, root.\n"},
	{"import", "usage: mcd import --from zoxide|z|autojump|fasd|mcd|mcd0 [FILE|-]\n"
		   "Merge another jumper's history: from FILE, standard input (-), or its\n"
		   "default place (zoxide: 'zoxide query -ls'; z: ~/.z; fasd: ~/.fasd;\n"
		   "autojump: ~/.local/share/autojump/autojump.txt). mcd reads 'mcd export'\n"
		   "output, mcd0 'mcd export -0'. Says how many entries it took and skipped.\n"},
	{"export", "usage: mcd export [-0]\n"
		   "Print the history: visits, last visit (epoch seconds) and path,\n"
		   "tab-separated, one a line (-0: NUL after each).\n"},
	{"doctor", "usage: mcd doctor [--repair]\n"
		   "Check the database (quick_check) and report; --repair moves a damaged\n"
		   "database aside and salvages the history it still holds.\n"},
	{"help", "usage: mcd help [COMMAND]\nShow help for mcd or one command.\n"},
};

/* The help of command NAME, or NULL. */
const char *cli_command_help(const char *name)
{
	size_t i;
	for (i = 0; i < MCD_ARRAY_SIZE(command_help); i++)
		if (!strcmp(command_help[i].name, name))
			return command_help[i].text;
	return NULL;
}

int cmd_help(int argc, char **argv)
{
	const char *text;

	if (argc < 1) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	text = cli_command_help(argv[0]);
	if (!text)
		return cli_usage("help: no command '%s' (see 'mcd --help')", quote_for_humans(argv[0]));
	fputs(text, stdout);
	return EXIT_OK;
}

int cmd_version(void)
{
	printf("mcd %s\n", MCD_VERSION);
	return EXIT_OK;
}
