/* walk.h - walk a repository's directories
 *
 * Relative I/O only: each directory is opened with openat() relative to its
 * parent, entries come from getdents64 into a 64 KiB buffer, d_type says what an entry is
 * (a stat only when the filesystem does not say). Symlinks are never
 * followed, .git/.hg/.jj are skipped, and so is what the repository's
 * gitignore files (and .git/info/exclude and the global excludes file)
 * ignore. Unreadable directories and directories that vanish mid-walk are
 * counted and skipped, not fatal.
 *
 * In parallel, the calling thread reads the root (and a level or two more
 * when the root has few folders) into a list of subtrees; worker threads
 * take subtrees in turn and walk each depth-first with their own copy of
 * the ignore rules that apply there. The callback then runs in several
 * threads at once: d->worker says which, so callers keep one output per
 * worker and need no lock.
 *
 * walk.c holds the walk of a tree (the subtrees, the workers, the ignore
 * files that apply where); dirread.c reads one open folder, for the walk
 * and for walk_list(), declared last.
 */
#ifndef MCD_WALK_H
#define MCD_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define WALK_MAX_THREADS 8 /* more do not help a walk bound by system calls */

/* What the walk hands to its callback for each directory. */
struct walk_dir {
	const char *rel;   /* repository-relative path, "" for the root */
	size_t len;        /* strlen(rel) */
	int fd;            /* the open directory, valid during the callback */
	int64_t mtime;     /* modification time, seconds; 0 without WALK_MTIME */
	int depth;         /* 0 for the root */
	const char *files; /* names of the regular files the caller asked for,
	                      each NUL-terminated, one after the other */
	size_t nfiles;
	int worker;     /* 0 .. threads-1: which worker calls */
	int has_ignore; /* the directory holds a .gitignore */
};

/* Return 0 to go on, 1 to skip the directory's children, -1 to abort. */
typedef int (*walk_fn)(const struct walk_dir *dir, void *arg);

/* Which regular files' names to hand to the callback (may be NULL: none).
 * Called from every worker: it must be thread-safe. */
typedef int (*walk_want_fn)(const char *name);

struct walk_stats {
	size_t dirs;    /* directories handed to the callback */
	size_t ignored; /* directories skipped by ignore rules */
	size_t errors;  /* directories that could not be read */
};

#define WALK_MTIME 1u /* fill d->mtime: one fstat per directory */

struct walk_opts {
	int threads;    /* workers; <= 0: walk_default_threads() */
	unsigned flags; /* WALK_* */
	/* Walk only these subtrees: SUBTREES holds NSUBTREES repository-relative
	   paths of directories, each NUL-terminated, one after the other, none
	   "" and none below another. Each is checked against the ignore rules of
	   its ancestors' .gitignore files like any directory, and walked with
	   them. The root itself is not handed to the callback. NULL: the whole
	   tree, root first. */
	const char *subtrees;
	size_t nsubtrees;
};

/* Online CPUs, at most WALK_MAX_THREADS, at least 1. */
int walk_default_threads(void);

/* Walk the directory tree at the absolute path ROOT as OPTS says, calling
 * FN(dir, ARG) for each directory not ignored. With one thread the walk is
 * depth-first, root first; with several FN is called from each of them
 * (d->worker tells which) in no particular order, and must be thread-safe
 * for what ARG shares. OPTS may be NULL (all threads, no mtime, the whole
 * tree). Fills *STATS when not NULL. Returns 0, or -1 with a message when
 * ROOT cannot be opened or FN aborted. */
int walk_tree_opts(const char *root, walk_fn fn, walk_want_fn want, void *arg,
                   const struct walk_opts *opts, struct walk_stats *stats);

/* One folder (dirread.c) */

/* Read the directory open at FD: the names of its child directories (not
 * .git, .hg, .jj) into DIRS, each NUL-terminated, their count in *NDIRS;
 * the regular files WANT accepts likewise into FILES (may be NULL: none);
 * *HAS_IGNORE set when it holds a .gitignore. Appends to DIRS and FILES.
 * Returns 0 or -1 (errno set). */
int walk_list(int fd, walk_want_fn want, struct buf *dirs, size_t *ndirs, struct buf *files,
              size_t *nfiles, int *has_ignore);

#endif
