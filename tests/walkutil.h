/* walkutil.h - what the walk tests share (test_walk.c, the walk of a tree;
 * test_dirread.c, reading one folder): a temp repository per test, the
 * directories a walk reported, asserting them */
#ifndef MCD_WALKUTIL_H
#define MCD_WALKUTIL_H

#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "walk.h"

/* Each test gets a temp folder that is HOME, holds the XDG config folder
 * (absent unless the test makes it) and the repository "repo". */
struct fixture {
	char dir[256];
	char repo[300];
	char *old_home, *old_xdg;
};

/* Everything one walk reported, in order. */
struct walk_log {
	char **rel;
	size_t *len;
	int *depth;
	int64_t *mtime;
	char **files; /* the names in d->files joined with '|', sorted */
	size_t n, cap;
	const char *skip;  /* return 1 for this directory */
	const char *abort; /* return -1 for this directory */
	const char *rmdir; /* remove this directory (below the root) when at the root */
	const char *root;  /* the walked root, to check d->fd against */
	int bad_fd;        /* a callback's d->fd did not name its directory */
	struct walk_stats stats;
};

static inline int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char tmpl[] = "/tmp/mcd-test-walk-XXXXXX";
	char xdg[300];

	assert_non_null(mkdtemp(tmpl));
	strcpy(f->dir, tmpl);
	snprintf(f->repo, sizeof(f->repo), "%s/repo", f->dir);
	assert_return_code(mkdir(f->repo, 0755), errno);
	snprintf(xdg, sizeof(xdg), "%s/config", f->dir);
	f->old_home = save_env("HOME");
	f->old_xdg = save_env("XDG_CONFIG_HOME");
	setenv("HOME", f->dir, 1);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	*state = f;
	return 0;
}

static inline int teardown(void **state)
{
	struct fixture *f = *state;

	restore_env("HOME", f->old_home);
	restore_env("XDG_CONFIG_HOME", f->old_xdg);
	rm_rf_at(AT_FDCWD, f->dir);
	free(f);
	return 0;
}

/* The path of REL below the fixture (not the repository), in a static buffer. */
static inline const char *fx(struct fixture *f, const char *rel)
{
	static char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", f->dir, rel);
	return path;
}

/* mkdir -p REL below the repository. */
static inline void mkdirs(struct fixture *f, const char *rel)
{
	struct buf path = BUF_INIT;
	size_t i, start;

	buf_adds(&path, f->repo);
	buf_addch(&path, '/');
	start = path.len;
	buf_adds(&path, rel);
	for (i = start; i < path.len; i++) {
		if (path.data[i] != '/')
			continue;
		path.data[i] = '\0';
		if (mkdir(path.data, 0755) < 0)
			assert_int_equal(errno, EEXIST);
		path.data[i] = '/';
	}
	if (mkdir(path.data, 0755) < 0)
		assert_int_equal(errno, EEXIST);
	buf_release(&path);
}

/* Write TEXT into REL below the repository. */
static inline void write_file(struct fixture *f, const char *rel, const char *text)
{
	char *path = path_join(f->repo, rel);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	free(path);
}

static inline int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static inline char *join_files(const struct walk_dir *d)
{
	struct buf out = BUF_INIT;
	const char **names = xcalloc(d->nfiles + 1, sizeof(*names));
	const char *p = d->files;
	size_t i;

	for (i = 0; i < d->nfiles; i++, p += strlen(p) + 1)
		names[i] = p;
	qsort(names, d->nfiles, sizeof(*names), cmp_str);
	buf_setlen(&out, 0);
	for (i = 0; i < d->nfiles; i++) {
		if (i)
			buf_addch(&out, '|');
		buf_adds(&out, names[i]);
	}
	free(names);
	return out.data;
}

static inline int record(const struct walk_dir *d, void *arg)
{
	struct walk_log *log = arg;
	struct stat a, b;
	size_t i;

	if (log->n == log->cap) {
		log->cap = log->cap ? 2 * log->cap : 16;
		log->rel = xrealloc(log->rel, log->cap * sizeof(*log->rel));
		log->len = xrealloc(log->len, log->cap * sizeof(*log->len));
		log->depth = xrealloc(log->depth, log->cap * sizeof(*log->depth));
		log->mtime = xrealloc(log->mtime, log->cap * sizeof(*log->mtime));
		log->files = xrealloc(log->files, log->cap * sizeof(*log->files));
	}
	i = log->n++;
	log->rel[i] = xmemdup(d->rel, d->len);
	log->len[i] = d->len;
	log->depth[i] = d->depth;
	log->mtime[i] = d->mtime;
	log->files[i] = join_files(d);

	/* d->fd is the directory itself: the same inode as root/rel */
	if (log->root) {
		char *path = path_join(log->root, d->rel);
		if (fstat(d->fd, &a) < 0 || lstat(path, &b) < 0 || a.st_dev != b.st_dev ||
		    a.st_ino != b.st_ino)
			log->bad_fd = 1;
		free(path);
	}
	if (log->rmdir && d->depth == 0 && unlinkat(d->fd, log->rmdir, AT_REMOVEDIR) < 0)
		log->bad_fd = 1;
	if (log->abort && !strcmp(d->rel, log->abort))
		return -1;
	if (log->skip && !strcmp(d->rel, log->skip))
		return 1;
	return 0;
}

static inline void log_release(struct walk_log *log)
{
	size_t i;
	for (i = 0; i < log->n; i++) {
		free(log->rel[i]);
		free(log->files[i]);
	}
	free(log->rel);
	free(log->len);
	free(log->depth);
	free(log->mtime);
	free(log->files);
	memset(log, 0, sizeof(*log));
}

/* The whole tree at ROOT on one thread, with mtimes: depth-first, root
 * first, in the order the directories are read. */
static inline int walk_serial(const char *root, walk_fn fn, walk_want_fn want, void *arg,
                              struct walk_stats *stats)
{
	struct walk_opts o = {1, WALK_MTIME, NULL, 0};

	return walk_tree_opts(root, fn, want, arg, &o, stats);
}

/* Walk the fixture's repository into LOG; returns walk_serial()'s result. */
static inline int walk_want(struct fixture *f, struct walk_log *log, walk_want_fn want)
{
	size_t i;
	int ret;

	log->root = f->repo;
	ret = walk_serial(f->repo, record, want, log, &log->stats);

	assert_int_equal(log->stats.dirs, log->n);
	assert_false(log->bad_fd);
	for (i = 0; i < log->n; i++) {
		/* the path as the callback saw it: depth and length agree with it */
		const char *p;
		int slashes = 0;
		assert_int_equal(log->len[i], strlen(log->rel[i]));
		for (p = log->rel[i]; *p; p++)
			slashes += *p == '/';
		assert_int_equal(log->depth[i], log->len[i] ? slashes + 1 : 0);
	}
	if (ret == 0) {
		assert_true(log->n > 0);
		assert_string_equal(log->rel[0], "");
	}
	return ret;
}

static inline void walk(struct fixture *f, struct walk_log *log)
{
	assert_int_equal(walk_want(f, log, NULL), 0);
}

static inline size_t times_reported(const struct walk_log *log, const char *rel)
{
	size_t i, n = 0;
	for (i = 0; i < log->n; i++)
		n += strcmp(log->rel[i], rel) == 0;
	return n;
}

/* LOG holds exactly the directories in the NULL-terminated list, once each. */
static inline void assert_walked(const struct walk_log *log, const char *const *want)
{
	size_t n;

	for (n = 0; want[n]; n++)
		if (times_reported(log, want[n]) != 1)
			fail_msg("'%s' reported %zu times, want once", quote_for_humans(want[n]),
			         times_reported(log, want[n]));
	if (log->n != n) {
		size_t i;
		for (i = 0; i < log->n; i++)
			print_message("reported '%s'\n", quote_for_humans(log->rel[i]));
		fail_msg("%zu directories reported, want %zu", log->n, n);
	}
}

#endif
