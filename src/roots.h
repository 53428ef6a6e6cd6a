/* roots.h - the repositories mcd has indexed: listed, found, merged, forgotten
 *
 * One checkout, one root (DESIGN §3): a checkout reached through a
 * symbolic link or a bind mount is the same repository, one row of the
 * repo table, one index, one history. The row is the one of the path that
 * indexed it first; what decides that two paths are one checkout is the
 * device and inode of the directory they name. Every path in the history
 * that lies in the checkout is spelled from that row's path, whatever path
 * the user took there; the query pipeline prints paths in the user's
 * spelling again (query.c).
 */
#ifndef MCD_ROOTS_H
#define MCD_ROOTS_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct root_info {
	int64_t id; /* the first recorded has the lowest */
	char *path;
	int64_t indexed_at;
	int64_t ndirs;
};

struct roots {
	struct root_info *v;
	size_t n, cap;
};

/* What `mcd roots` and `mcd index --all` say when none is indexed. */
#define ROOTS_NONE_YET                                                                             \
	"no repository is indexed yet: the first jump, TAB or 'mcd index' in one indexes it"

/* Every indexed repository, by path, into R (release with roots_release).
 * Returns 0 or -1 with a message. */
int roots_load(struct db *db, struct roots *r);
void roots_release(struct roots *r);

/* The path under which mcd keeps the repository whose root the user
 * reaches as ROOT (absolute, normalised; maybe through a symbolic link):
 * ROOT when the repo table lists it, else the path of the row whose
 * directory is ROOT's (same device and inode, as it stands now), else
 * ROOT. Into OUT. Returns 1 when a row was found, 0 when not, -1 with a
 * message. Never writes. */
int roots_resolve(struct db *db, const char *root, struct buf *out);

/* The absolute normalised directory DIR as the history keeps it: the part
 * that is its repository's root spelled by roots_resolve(); DIR itself
 * outside a repository. Into OUT. Returns 0 or -1 with a message. */
int roots_spell(struct db *db, const char *dir, struct buf *out);

/* Make ROOT, listed in the repo table, the one row of its checkout: every
 * other row whose directory is ROOT's (same device and inode now, or
 * recorded before devices were) is merged into it, in one transaction:
 * its history moves under ROOT's spelling, the visits of a directory
 * recorded under both spellings adding up (the later last visit kept),
 * and its row goes, with its index file. Returns the number of rows
 * merged, or -1 with a message (nothing merged then). */
int roots_merge_aliases(struct db *db, const char *root);

/* Merge every set of rows of the repo table that are one checkout into
 * the first recorded of them (roots_merge_aliases()). Returns the number
 * of rows merged, or -1 with a message. */
int roots_unify(struct db *db);

/* Forget the repository at ROOT: its index entry and the history of the
 * root and every directory below it, in one transaction. Returns the
 * number of rows removed (0: nothing known), or -1 with a message. */
int roots_forget(struct db *db, const char *root);

#endif
