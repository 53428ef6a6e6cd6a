/* cli.h - what every command shares: exit statuses and their output
 *
 * Each command (commands.h) returns an exit status: 0 printed a path (or
 * did its job), 1 no match, 2 usage error, 3 database or I/O error.
 */
#ifndef MCD_CLI_H
#define MCD_CLI_H

#include <stddef.h>
#include <stdint.h>

enum {
	EXIT_OK = 0,
	EXIT_NOMATCH = 1,
	EXIT_USAGE = 2,
	EXIT_ERROR = 3,
};

/* Report a usage error, "mcd: " and the message on stderr (one line).
 * Returns EXIT_USAGE. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Flush stdout; report a write error (full disk, closed pipe) as exit 3. */
int cli_finish(int status);

/* Print PATH (LEN bytes) raw and a newline: the shell function takes it
 * byte for byte. */
void cli_print_path(const char *path, size_t len);

/* The time now, in epoch seconds. */
int64_t cli_now(void);

#endif
