/* testutil.h - shared includes for the cmocka unit tests */
#ifndef MCD_TESTUTIL_H
#define MCD_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* Remove NAME below DIRFD and everything in it, as rm -rf would, making
 * unreadable folders readable first; never follows a symlink. */
static inline void rm_rf_at(int dirfd, const char *name)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int fd;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlinkat(dirfd, name, 0);
		return;
	}
	fchmodat(dirfd, name, 0700, 0);
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	assert_return_code(fd, errno);
	d = fdopendir(fd);
	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			rm_rf_at(fd, e->d_name);
	closedir(d);
	assert_return_code(unlinkat(dirfd, name, AT_REMOVEDIR), errno);
}

/* A copy of the environment variable NAME, or NULL; for restore_env(). */
static inline char *save_env(const char *name)
{
	const char *v = getenv(name);
	return v ? xstrdup(v) : NULL;
}

/* Put NAME back as save_env() found it, and free VALUE. */
static inline void restore_env(const char *name, char *value)
{
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
	free(value);
}

#endif
