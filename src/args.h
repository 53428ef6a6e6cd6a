/* args.h - the one parser of every command's arguments
 *
 * A command's words are parsed by its row of the table (commands.h), in
 * the grammar written there: short options bundled or not, values glued
 * or in the next word, --name=value, options anywhere, -- and -.
 */
#ifndef MCD_ARGS_H
#define MCD_ARGS_H

#include "commands.h"

/* A command's arguments, parsed by its row of the table. */
struct args {
	const struct command *cmd;
	const char *value[COMMAND_MAX_OPTIONS]; /* per option of CMD, in its order:
	                                           NULL when not given, "" for a
	                                           flag, else the value given last */
	long number[COMMAND_MAX_OPTIONS];       /* the values of VALUE_NUMBER options */
	int help;    /* -h or --help: print CMD's help instead of running it */
	char **argv; /* the operands, in the order given */
	int argc;
};

/* Parse ARGV[0..ARGC), the words after the command's name, by CMD's row:
 * options and their values are checked (numbers, choices), and so are the
 * operands (how many; choices and command names). ARGV's slots are
 * reordered, operands first: A->argv points into ARGV. The strings are not
 * copied. Stops at -h/--help (A->help). Returns 0, or -1 after a one-line
 * usage message ("mcd: CMD: ..."). */
int args_parse(struct args *a, const struct command *cmd, int argc, char **argv);

/* Was the option of key KEY given? */
int args_has(const struct args *a, int key);

/* The value of the option of key KEY (the last given), or NULL. */
const char *args_get(const struct args *a, int key);

/* The number given to option KEY (VALUE_NUMBER), or ABSENT. */
long args_number(const struct args *a, int key, long absent);

/* The option whose value is the word after WORD, given before "--" to CMD,
 * as args_parse() takes it: "--cmd", or "-ln" for -n; NULL when WORD is no
 * option or holds its value ("--cmd=j", "-n5"). For TAB completion. */
const struct command_option *args_value_next(const struct command *cmd, const char *word);

#endif
