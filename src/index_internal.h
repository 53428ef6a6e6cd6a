/* index_internal.h - what index.c (the full walk) and refresh.c (the
 * incremental refresh) share; no other module includes it
 *
 * Both collect the folders they read as rows, one collector per walker
 * thread, and write them as the repository's snapshot.
 */
#ifndef MCD_INDEX_INTERNAL_H
#define MCD_INDEX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "index.h"
#include "snapbuild.h"
#include "snapshot.h"
#include "util.h"
#include "walk.h"

/* One directory found, its strings in its collector's arena. */
struct row {
	size_t rel, name; /* the path and declared name in the arena */
	uint32_t len;
	uint32_t flags;   /* SNAP_* */
	uint16_t namelen; /* 0: no declared name */
};

/* What one worker found: rows, all strings in one arena. */
struct collect {
	struct row *v;
	size_t n, cap;
	struct buf arena;
	struct buf file, name; /* scratch: a manifest's contents, its name */
	struct buf abs;        /* scratch: an absolute path for MCD_EXCLUDE */
};

/* What collect_dir() is handed: the walk's root, MCD_EXCLUDE, and one
 * collector per worker. */
struct walk_ctx {
	const char *root;
	const char *exclude; /* MCD_EXCLUDE, may be NULL */
	struct collect *out; /* [WALK_MAX_THREADS], indexed by the worker */
};

/* The walk's want function: the manifests among a folder's files. */
int want_file(const char *name);

/* Read the manifests among the NFILES names in FILES of the directory open
 * at FD: it is a project, and the first declared name found (in
 * manifest_kind order) is its name, appended to C's arena. */
void read_manifests(struct collect *c, int fd, const char *files, size_t nfiles, struct row *r);

/* A new row in C for the folder REL (LEN bytes), its path in C's arena;
 * valid until the next new_row() on C. */
struct row *new_row(struct collect *c, const char *rel, size_t len);

/* The walk's callback; ARG is a struct walk_ctx. */
int collect_dir(const struct walk_dir *d, void *arg);

/* Free what C holds. */
void collect_release(struct collect *c);

/* Append a snap_item for each row of C to *V (*N of them so far, grown
 * with xrealloc), pointing into C's arena. */
void add_refs(struct snap_item **v, size_t *n, const struct collect *c);

/* Which repository-wide ignore files exist: SNAP_HAD_*; the newest mtime
 * among them into *NEWEST (0 for none). */
uint32_t global_ignores(int rootfd, int64_t *newest);

/* Sort REFS[0..N) (unless already in order) and write them as ROOT's
 * snapshot; a folder walked twice is listed once. */
int write_snapshot(const char *root, struct snap_item *refs, size_t n, int sorted, int64_t now,
                   uint32_t hflags);

/* Write ITEMS, in snapshot order, as ROOT's snapshot. */
int write_items(const char *root, const struct snap_items *items, int64_t now, uint32_t hflags);

#define REFRESH_FULL 1 /* an ignore file changed: walk it all */

/* Refresh the snapshot S of ROOT (index_repo() when there is one). Returns
 * 0 with the new snapshot written, REFRESH_FULL when only a full walk will
 * do, or -1 with a message. Fills *STATS when not NULL. */
int index_refresh(const struct snapshot *s, const char *root, int64_t now,
                  struct index_stats *stats);

#endif
