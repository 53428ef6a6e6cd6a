/* repo.c - find the working directory and the repository around it */
#include "repo.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const markers[] = {".git", ".hg", ".jj", ".mcdroot"};

int repo_cwd(struct buf *out)
{
	const char *pwd = getenv("PWD");
	struct stat a, b;
	char *cwd;

	buf_setlen(out, 0);
	if (pwd && pwd[0] == '/' && stat(pwd, &a) == 0 && stat(".", &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
		char *copy = xstrdup(pwd);
		if (strcmp(path_normalize(copy), pwd) == 0) {
			buf_adds(out, copy);
			free(copy);
			return 0;
		}
		free(copy);
	}
	cwd = getcwd(NULL, 0);
	if (!cwd)
		return error("cannot find the working directory: %s", strerror(errno));
	buf_adds(out, cwd);
	free(cwd);
	return 0;
}

char *repo_absolute(const char *arg, const char *cwd)
{
	char *path = arg[0] == '/' ? xstrdup(arg) : path_join(cwd, arg);
	return path_normalize(path);
}

static int has_marker(const char *dir)
{
	size_t i;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int found = 0;

	if (fd < 0)
		return 0;
	for (i = 0; i < MCD_ARRAY_SIZE(markers) && !found; i++) {
		struct stat st;
		found = fstatat(fd, markers[i], &st, AT_SYMLINK_NOFOLLOW) == 0;
	}
	close(fd);
	return found;
}

char *repo_root(const char *dir)
{
	char *path = xstrdup(dir);
	char *slash;

	for (;;) {
		if (has_marker(path))
			return path;
		slash = strrchr(path, '/');
		if (!slash || strcmp(path, "/") == 0)
			break;
		if (slash == path)
			slash++; /* keep "/" itself */
		*slash = '\0';
	}
	free(path);
	return NULL;
}

int repo_respell(const char *path, size_t len, const char *from, const char *to, struct buf *out)
{
	size_t flen = strlen(from);

	buf_setlen(out, 0);
	if (flen == 1)
		flen = 0; /* "/": every absolute path is below it */
	if (len < flen || memcmp(path, from, flen) || (len > flen && path[flen] != '/'))
		return 0;
	buf_adds(out, to);
	if (len > flen + 1) {
		if (out->len > 1)
			buf_addch(out, '/');
		buf_add(out, path + flen + 1, len - flen - 1);
	}
	return 1;
}
