/* cli.h - the binary's commands; main() only dispatches to these
 *
 * Each cmd_* takes the arguments after the command name and returns the
 * exit status: 0 printed a path (or did its job), 1 no match, 2 usage
 * error, 3 database or I/O error.
 */
#ifndef MCD_CLI_H
#define MCD_CLI_H

enum {
	EXIT_OK = 0,
	EXIT_NOMATCH = 1,
	EXIT_USAGE = 2,
	EXIT_ERROR = 3,
};

int cmd_init(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_add(int argc, char **argv);
int cmd_remove(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_roots(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);

/* The help text of command NAME, or NULL when there is none. */
const char *cli_command_help(const char *name);

/* Print the version line. */
int cmd_version(void);

/* Flush stdout; report a write error (full disk, closed pipe) as exit 3. */
int cli_finish(int status);

#endif
