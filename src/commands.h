/* commands.h - the grammar of mcd's command line, written once
 *
 * One table of commands, read by everything that knows the command line:
 * main() dispatches from it, args_parse() (args.c) parses every command's
 * arguments by it, `mcd --help` and `mcd help CMD` print it (cmd_help.c),
 * TAB completion offers its names, options and values (complete.c),
 * `mcd init` writes its names into the shell function (init.c), and
 * tests/test_commands.c holds man/mcd.1 to it.
 *
 * The grammar, as getopt_long users expect: a short option is a letter
 * after '-', and several of them go in one word ("-ls"); a short option's
 * value is the rest of its word or the next word ("-n5", "-n 5"). A long
 * option is "--name"; its value follows '=' or is the next word
 * ("--cmd=j", "--cmd j"). Options and operands may come in any order;
 * "--" ends the options, and a word after it is an operand even when it
 * starts with '-'; "-" alone is an operand (a file: standard input).
 * Every command also takes -h/--help, which prints its help. A usage error
 * is one line on stderr, "mcd: CMD: ...", and exit status 2.
 */
#ifndef MCD_COMMANDS_H
#define MCD_COMMANDS_H

#include <stddef.h>

#include "util.h"

/* What an option's value or a command's operand is: how it is checked
 * and what TAB offers for it. */
enum value_kind {
	VALUE_NONE,    /* an option without a value (a flag); a command without operands */
	VALUE_NUMBER,  /* a decimal integer, 0 or more */
	VALUE_STRING,  /* any text */
	VALUE_DIR,     /* a directory */
	VALUE_FILE,    /* a file, or - for standard input */
	VALUE_CHOICE,  /* one of a list of words */
	VALUE_COMMAND, /* the name of a command of this table */
	VALUE_KEYWORD, /* a keyword of a jump */
};

/* The keys of the options that have no short form; the key of the others
 * is their letter. */
enum {
	OPT_CMD = 256,
	OPT_HOOK,
	OPT_ALL,
	OPT_ROOT,
	OPT_FROM,
	OPT_REPAIR,
	OPT_SHELL,
	OPT_BINARY,
	OPT_WORDBREAKS,
	OPT_LINE,
	OPT_POINT,
	OPT_WORDS,
	OPT_PICKER,
	OPT_CD,
};

struct command_option {
	int key;          /* its letter when it has a short form (-l), else an OPT_* */
	const char *name; /* its long form without "--" ("list"), or NULL */
	enum value_kind value;
	const char *const *choices; /* VALUE_CHOICE: the words, NULL-terminated */
};

#define COMMAND_MAX_OPTIONS 8 /* options of one command at most */

struct args; /* args.h: a command's arguments, parsed */

/* What a command takes after its options. */
struct command_operands {
	enum value_kind kind;       /* VALUE_NONE: none */
	const char *const *choices; /* VALUE_CHOICE: the words */
	int max;                    /* at most this many; 0: any number */
	const char *what;           /* what one is called in messages: "directory" */
};

struct command {
	const char *name; /* "query"; "-i" for the picker */
	int (*run)(const struct args *a);
	const char *summary;                  /* one line, for mcd --help */
	const char *usage;                    /* its forms without "mcd ", one a line */
	const char *help;                     /* what mcd help NAME prints after the usage */
	const struct command_option *options; /* ended by a row of key 0; NULL: none */
	struct command_operands operands;
	unsigned flags;
};

/* A command of the shell functions, not of people: TAB does not offer it
 * (mcd complete). */
#define COMMAND_INTERNAL 1u

/* Every command, in the order mcd --help lists them and TAB offers them;
 * ended by a row whose name is NULL. */
extern const struct command commands[];

/* The command called NAME, or NULL. */
const struct command *command_find(const char *name);

/* The program's own options, before any command: -h/--help (also taken by
 * every command) and -V/--version. Ended by a row of key 0. */
extern const struct command_option program_options[];

/* The key of the program option WORD ("-h", "--version"), or 0. */
int program_option(const char *word);

/* The jump function's own first words (shell/mcd.*): the ones it acts on
 * itself rather than hand to the binary. */
struct jump_form {
	const char *word;    /* "--" */
	const char *args;    /* what may follow it, for --help: "KEYWORD..." */
	const char *summary; /* one line, for mcd --help */
	int keywords;        /* the words after it are keywords (TAB offers it) */
};

/* Ended by a row whose word is NULL. */
extern const struct jump_form jump_forms[];

/* The jump form WORD, or NULL. */
const struct jump_form *jump_form_find(const char *word);

/* Does the jump function take WORD, as its first argument, for something
 * else than a keyword or a directory: one of its forms, a command or a
 * program option? */
int jump_reserved(const char *word);

/* Append to OUT the first words the jump function hands to the binary as
 * they are, as the pattern of a shell case: "init | index | ... | -V"
 * (every command that is not a jump form, then every program option). */
void jump_passthrough(struct buf *out);

/* The program's -h/--help, which every command takes too. */
const struct command_option *command_help_option(void);

/* The option of CMD (or the program's -h/--help) that the short form C or
 * the long form NAME (LEN bytes, without "--") names, or NULL. */
const struct command_option *command_short_option(const struct command *cmd, int c);
const struct command_option *command_long_option(const struct command *cmd, const char *name,
                                                 size_t len);

/* Append CHOICES (NULL-terminated) to OUT as people read a list: "a, b or c". */
void choices_join(struct buf *out, const char *const *choices);

/* ---- the handlers, one file each ------------------------------------------
 * Each takes its arguments as args_parse() (args.h) parsed them and returns
 * an exit status (cli.h). */

int cmd_init(const struct args *a);     /* cmd_init.c */
int cmd_index(const struct args *a);    /* cmd_index.c */
int cmd_query(const struct args *a);    /* cmd_query.c */
int cmd_add(const struct args *a);      /* cmd_visit.c */
int cmd_remove(const struct args *a);   /* cmd_visit.c */
int cmd_roots(const struct args *a);    /* cmd_roots.c */
int cmd_import(const struct args *a);   /* cmd_transfer.c */
int cmd_export(const struct args *a);   /* cmd_transfer.c */
int cmd_doctor(const struct args *a);   /* cmd_doctor.c */
int cmd_help(const struct args *a);     /* cmd_help.c */
int cmd_complete(const struct args *a); /* cmd_complete.c */
/* the picker, -i: cmd_picker() in picker.c */

/* Print CMD's help, as mcd help CMD and mcd CMD --help do (cmd_help.c).
 * Returns EXIT_OK. */
int help_command(const struct command *cmd);

/* Print the version line (cmd_help.c). Returns EXIT_OK. */
int cmd_version(void);

/* The shells mcd complete renders for (cmd_complete.c). */
extern const char *const complete_shells[];

#endif
