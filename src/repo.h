/* repo.h - where we are: the working directory and its repository
 *
 * A repository is the nearest ancestor of a directory (itself included)
 * that holds .git (folder or file), .hg, .jj, or a .mcdroot file.
 */
#ifndef MCD_REPO_H
#define MCD_REPO_H

#include "util.h"

/* The working directory as the user's shell sees it: $PWD when it is an
 * absolute, normalised path naming the same directory as ".", else
 * getcwd(). Fills OUT; returns 0 or -1 with a message. */
int repo_cwd(struct buf *out);

/* ARG made absolute against CWD and normalised lexically (as `cd -L`).
 * Returns a new string the caller frees. */
char *repo_absolute(const char *arg, const char *cwd);

/* The root of the repository holding the absolute, normalised directory
 * DIR, as a new string the caller frees, or NULL when DIR is in none. It
 * is DIR or one of its ancestors, spelled as DIR spells it. */
char *repo_root(const char *dir);

/* PATH (LEN bytes) spelled with TO in place of FROM, into OUT, when PATH
 * is FROM or below it: 1; else 0, OUT emptied. FROM and TO are absolute
 * normalised paths (two spellings of one root). */
int repo_respell(const char *path, size_t len, const char *from, const char *to, struct buf *out);

#endif
