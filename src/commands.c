/* commands.c - the table of commands, and looking things up in it */
#include "commands.h"

#include <string.h>

#include "args.h"
#include "import.h"
#include "init.h"
#include "picker.h"

/* ---- the table ------------------------------------------------------------ */

static const struct command_option init_options[] = {
    {OPT_CMD, "cmd", VALUE_STRING, NULL},
    {OPT_HOOK, "hook", VALUE_CHOICE, init_hooks},
    {OPT_PICKER, "picker", VALUE_CHOICE, init_pickers},
    {0, NULL, VALUE_NONE, NULL},
};

static const struct command_option index_options[] = {
    {OPT_ALL, "all", VALUE_NONE, NULL},
    {0, NULL, VALUE_NONE, NULL},
};

static const struct command_option query_options[] = {
    {'l', "list", VALUE_NONE, NULL},  /* a ranked list */
    {'s', "score", VALUE_NONE, NULL}, /* why each ranks where it does */
    {'n', NULL, VALUE_NUMBER, NULL},  /* at most N */
    {'0', "null", VALUE_NONE, NULL},  /* a NUL after each path */
    {0, NULL, VALUE_NONE, NULL},
};

static const struct command_option remove_options[] = {
    {OPT_ROOT, "root", VALUE_DIR, NULL},
    {0, NULL, VALUE_NONE, NULL},
};

/* -0 of roots and export: NUL after each record */
static const struct command_option null_options[] = {
    {'0', "null", VALUE_NONE, NULL},
    {0, NULL, VALUE_NONE, NULL},
};

static const struct command_option import_options[] = {
    {OPT_FROM, "from", VALUE_CHOICE, import_format_names},
    {'0', "null", VALUE_NONE, NULL},
    {0, NULL, VALUE_NONE, NULL},
};

static const struct command_option doctor_options[] = {
    {OPT_REPAIR, "repair", VALUE_NONE, NULL},
    {0, NULL, VALUE_NONE, NULL},
};

static const struct command_option complete_options[] = {
    {OPT_SHELL, "shell", VALUE_CHOICE, complete_shells},
    {OPT_BINARY, "binary", VALUE_NONE, NULL},
    {OPT_WORDBREAKS, "wordbreaks", VALUE_STRING, NULL},
    {OPT_LINE, "line", VALUE_STRING, NULL},
    {OPT_POINT, "point", VALUE_NUMBER, NULL},
    {OPT_WORDS, "words", VALUE_NONE, NULL},
    {OPT_CD, "cd", VALUE_NONE, NULL},
    {0, NULL, VALUE_NONE, NULL},
};

const struct command commands[] = {
    {
        .name = "init",
        .run = cmd_init,
        .summary = "print the shell integration: eval \"$(mcd init bash)\" in ~/.bashrc",
        .usage = "init bash|zsh|fish|posix [--cmd NAME] [--hook pwd|none] [--picker builtin|fzf]",
        .help = "Print the shell integration. Add its line to the shell's start-up file:\n"
                "  eval \"$(mcd init bash)\"     in ~/.bashrc\n"
                "  eval \"$(mcd init zsh)\"      in ~/.zshrc, before or after compinit\n"
                "  mcd init fish | source      in ~/.config/fish/config.fish\n"
                "  eval \"$(mcd init posix)\"    dash, mksh, busybox sh: ~/.profile or $ENV\n"
                "--cmd NAME names the jump function (default mcd); --cmd cd replaces cd,\n"
                "where every form cd takes stays a plain cd; --hook pwd (default)\n"
                "records every directory reached with cd, --hook none only jumps;\n"
                "--picker fzf has -i and KEYWORD<SPACE><TAB> use fzf when it is installed.\n",
        .options = init_options,
        .operands = {VALUE_CHOICE, init_shells, 1, "shell"},
    },
    {
        .name = "index",
        .run = cmd_index,
        .summary = "index or refresh the repository holding DIR",
        .usage = "index [DIR]\n"
                 "index --all",
        .help = "Index or refresh the repository holding DIR (default: the working\n"
                "directory); --all refreshes every indexed repository.\n",
        .options = index_options,
        .operands = {VALUE_DIR, NULL, 1, "directory"},
    },
    {
        .name = "query",
        .run = cmd_query,
        .summary = "print the best directory for KEYWORDs (-l: a ranked list)",
        .usage = "query [-l] [-s] [-n N] [-0] [--] KEYWORD...",
        .help = "Print the best directory for KEYWORDs. -l a ranked list, -s with the\n"
                "match class, score, frecency and why, -n at most N, -0 NUL-terminated.\n"
                "Without KEYWORD: the repository root ($HOME outside one).\n",
        .options = query_options,
        .operands = {VALUE_KEYWORD, NULL, 0, "keyword"},
    },
    {
        .name = "add",
        .run = cmd_add,
        .summary = "record a visit to each DIR",
        .usage = "add [--] DIR...",
        .help = "Record a visit to each DIR.\n",
        .operands = {VALUE_DIR, NULL, 0, "directory"},
    },
    {
        .name = "remove",
        .run = cmd_remove,
        .summary = "forget the history of each DIR (--root DIR: a repository)",
        .usage = "remove [--] DIR...\n"
                 "remove --root DIR",
        .help = "Forget the history of each DIR; --root forgets a repository: its\n"
                "index and the history of every directory in it.\n",
        .options = remove_options,
        .operands = {VALUE_DIR, NULL, 0, "directory"},
    },
    {
        .name = "roots",
        .run = cmd_roots,
        .summary = "list indexed repositories",
        .usage = "roots [-0]",
        .help = "List indexed repositories: folders, last index, size, root\n"
                "(-0: only the roots, NUL after each).\n",
        .options = null_options,
    },
    {
        .name = "import",
        .run = cmd_import,
        .summary = "merge zoxide, z, autojump or fasd history",
        .usage = "import --from FORMAT [-0] [FILE|-]",
        .help = "Merge another jumper's history: from FILE, standard input (-), or its\n"
                "default place (zoxide: 'zoxide query -ls'; z: ~/.z; fasd: ~/.fasd;\n"
                "autojump: ~/.local/share/autojump/autojump.txt). --from mcd reads\n"
                "'mcd export' output; -0 (or --from mcd0) 'mcd export -0' output. Says\n"
                "how many entries it took and skipped. The same source again adds only\n"
                "what it gained since.\n",
        .options = import_options,
        .operands = {VALUE_FILE, NULL, 1, "file"},
    },
    {
        .name = "export",
        .run = cmd_export,
        .summary = "print history: visits, last visit, path (tab-separated)",
        .usage = "export [-0]",
        .help = "Print the history: visits, last visit (epoch seconds) and path,\n"
                "tab-separated, one a line (-0: NUL after each).\n",
        .options = null_options,
    },
    {
        .name = "doctor",
        .run = cmd_doctor,
        .summary = "check the database; salvage its history when damaged",
        .usage = "doctor [--repair]",
        .help = "Check the database (quick_check) and report; --repair moves a damaged\n"
                "database aside and salvages the history it still holds.\n",
        .options = doctor_options,
    },
    {
        .name = "help",
        .run = cmd_help,
        .summary = "show this help, or a command's",
        .usage = "help [COMMAND]",
        .help = "Show help for mcd or one command (mcd COMMAND --help says the same).\n",
        .operands = {VALUE_COMMAND, NULL, 1, "command"},
    },
    {
        .name = "-i",
        .run = cmd_picker,
        .summary = "pick a directory on the terminal; print it",
        .usage = "-i [--] [KEYWORD...]",
        .help = "Pick a directory interactively: the prompt and the list on the terminal,\n"
                "starting from KEYWORDs; the list follows what you type. Up/Down (Ctrl-P/N)\n"
                "select, Enter prints the selected path; a last word that is a number K\n"
                "selects entry K of the list for the words before it. Alt-P/N recall\n"
                "earlier queries. Esc or Ctrl-C cancels (status 130), Ctrl-D on an empty\n"
                "line leaves with 1.\n",
        .operands = {VALUE_KEYWORD, NULL, 0, "keyword"},
    },
    {
        .name = "complete",
        .run = cmd_complete,
        .summary = "candidates for the shells' TAB completion",
        .usage =
            "complete --shell zsh [--binary] [--cd] [--] WORD...\n"
            "complete --shell fish [--binary] [--cd] [--] WORD...\n"
            "complete --shell bash [--binary] [--cd] [--wordbreaks CHARS] [--words] --line TEXT "
            "[--point N]",
        .help = "Print the candidates that complete the last WORD (the protocol of the\n"
                "completion functions; see complete.h). --binary completes the binary's\n"
                "command line, not the jump function's; --cd that of a function that\n"
                "replaces cd (init --cmd cd); --words prints the words of the bash\n"
                "line, dequoted, each ended by a NUL byte; --point N cuts the line at\n"
                "its Nth byte, the cursor ($COMP_POINT).\n",
        .options = complete_options,
        .operands = {VALUE_STRING, NULL, 0, "word"},
        .flags = COMMAND_INTERNAL,
    },
    {.name = NULL},
};

const struct command_option program_options[] = {
    {'h', "help", VALUE_NONE, NULL},
    {'V', "version", VALUE_NONE, NULL},
    {0, NULL, VALUE_NONE, NULL},
};

const struct jump_form jump_forms[] = {
    {"-i", "[KEYWORD...]", "pick a directory on the terminal and go there", 1},
    {"--", "KEYWORD...", "go to the best match, even for a keyword named like a command", 1},
    {"-", "", "go back to the previous directory", 0},
    {NULL, NULL, NULL, 0},
};

const struct command *command_find(const char *name)
{
	const struct command *c;

	for (c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/* The option of OPTS (ended by key 0) of short form C, or NULL. */
static const struct command_option *find_short(const struct command_option *opts, int c)
{
	for (; opts && opts->key; opts++)
		if (opts->key == c && c < OPT_CMD)
			return opts;
	return NULL;
}

/* The option of OPTS of long form NAME (LEN bytes), or NULL. */
static const struct command_option *find_long(const struct command_option *opts, const char *name,
                                              size_t len)
{
	for (; opts && opts->key; opts++)
		if (opts->name && strlen(opts->name) == len && !memcmp(opts->name, name, len))
			return opts;
	return NULL;
}

/* The option of OPTS that WORD ("-x" or "--name") is, whole, or NULL. */
static const struct command_option *find_word(const struct command_option *opts, const char *word)
{
	if (word[0] != '-' || !word[1])
		return NULL;
	if (word[1] == '-')
		return word[2] ? find_long(opts, word + 2, strlen(word + 2)) : NULL;
	return word[2] ? NULL : find_short(opts, (unsigned char)word[1]);
}

int program_option(const char *word)
{
	const struct command_option *o = find_word(program_options, word);
	return o ? o->key : 0;
}

const struct jump_form *jump_form_find(const char *word)
{
	const struct jump_form *f;

	for (f = jump_forms; f->word; f++)
		if (!strcmp(f->word, word))
			return f;
	return NULL;
}

int jump_reserved(const char *word)
{
	return jump_form_find(word) || command_find(word) || program_option(word);
}

void jump_passthrough(struct buf *out)
{
	const struct command_option *o;
	const struct command *c;
	const char *sep = "";

	for (c = commands; c->name; c++) {
		if (jump_form_find(c->name))
			continue; /* the function acts on it itself */
		buf_addf(out, "%s%s", sep, c->name);
		sep = " | ";
	}
	for (o = program_options; o->key; o++)
		buf_addf(out, "%s--%s | -%c", sep, o->name, o->key);
}

const struct command_option *command_help_option(void)
{
	return find_short(program_options, 'h');
}

const struct command_option *command_short_option(const struct command *cmd, int c)
{
	const struct command_option *o = find_short(cmd->options, c), *help = command_help_option();
	return o ? o : c == help->key ? help : NULL;
}

const struct command_option *command_long_option(const struct command *cmd, const char *name,
                                                 size_t len)
{
	const struct command_option *o = find_long(cmd->options, name, len),
	                            *help = command_help_option();
	return o ? o : strlen(help->name) == len && !memcmp(help->name, name, len) ? help : NULL;
}

void choices_join(struct buf *out, const char *const *choices)
{
	size_t i;

	for (i = 0; choices[i]; i++)
		buf_addf(out, "%s%s", i == 0 ? "" : choices[i + 1] ? ", " : " or ", choices[i]);
}
