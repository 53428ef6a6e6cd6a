/* cli.c - what every command shares: exit statuses and their output */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util.h"

int cli_usage(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	error("%s", msg);
	return EXIT_USAGE;
}

int cli_finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			error("cannot write output: %s", strerror(errno));
		return status ? status : EXIT_ERROR;
	}
	return status;
}

void cli_print_path(const char *path, size_t len)
{
	fwrite(path, 1, len, stdout);
	putchar('\n');
}

int64_t cli_now(void)
{
	return (int64_t)time(NULL);
}
