/* walk.h - walk a repository's directories
 *
 * Relative I/O only: each directory is opened with openat() relative to its
 * parent, entries come from getdents64 into a 64 KiB buffer, d_type says what an entry is
 * (a stat only when the filesystem does not say). Symlinks are never
 * followed, .git/.hg/.jj are skipped, and so is what the repository's
 * gitignore files (and .git/info/exclude and the global excludes file)
 * ignore. Unreadable directories and directories that vanish mid-walk are
 * counted and skipped, not fatal.
 */
#ifndef MCD_WALK_H
#define MCD_WALK_H

#include <stddef.h>
#include <stdint.h>

/* What the walk hands to its callback for each directory, root first. */
struct walk_dir {
	const char *rel;   /* repository-relative path, "" for the root */
	size_t len;        /* strlen(rel) */
	int fd;            /* the open directory, valid during the callback */
	int64_t mtime;     /* modification time, seconds */
	int depth;         /* 0 for the root */
	const char *files; /* names of the regular files the caller asked for,
			      each NUL-terminated, one after the other */
	size_t nfiles;
};

/* Return 0 to go on, 1 to skip the directory's children, -1 to abort. */
typedef int (*walk_fn)(const struct walk_dir *dir, void *arg);

/* Which regular files' names to hand to the callback (may be NULL: none). */
typedef int (*walk_want_fn)(const char *name);

struct walk_stats {
	size_t dirs;    /* directories handed to the callback */
	size_t ignored; /* directories skipped by ignore rules */
	size_t errors;  /* directories that could not be read */
};

/* Walk the directory tree at the absolute path ROOT, calling FN(dir, ARG)
 * for each directory not ignored. Fills *STATS when not NULL. Returns 0,
 * or -1 with a message when ROOT cannot be opened or FN aborted. */
int walk_tree(const char *root, walk_fn fn, walk_want_fn want, void *arg, struct walk_stats *stats);

#endif
