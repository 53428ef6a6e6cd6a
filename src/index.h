/* index.h - build, refresh and look up the index of a repository's directories
 *
 * The index of a repository is its snapshot file (snapshot.h); the repo
 * table of the database lists indexed repositories (root, time, size).
 */
#ifndef MCD_INDEX_H
#define MCD_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include <stdatomic.h>

/* Folders walked so far by the index running in this process, for a
 * progress line; only ever grows. */
extern atomic_size_t index_progress;

struct index_stats {
	size_t dirs, ignored, errors;
	size_t reread; /* refresh: folders read again (their mtime changed) */
	int full;      /* 1: a full walk, 0: a refresh of an existing index */
};

/* Index the repository at the absolute path ROOT (the path mcd keeps it
 * under: roots_resolve()) and list it in the repo table, merging into its
 * row those of other paths to the same checkout (roots_merge_aliases()):
 * refresh its snapshot
 * when there is a valid one (re-reading only folders whose mtime changed
 * since it was made; a full walk when an ignore file changed), else walk
 * it all. The new snapshot replaces the old with rename(): readers see one
 * or the other. NOW is when the walk starts, stored as the index time.
 * Fills *STATS when not NULL. Returns the repository's id (> 0), or -1
 * with a message; on error the old index stays. */
int64_t index_repo(struct db *db, const char *root, int64_t now, struct index_stats *stats);

/* The id of the indexed repository at ROOT: > 0 when the repo table lists
 * it and its snapshot is there and sound, 0 when not, -1 on error (with a
 * message). Fills *INDEXED_AT (the snapshot's) when not NULL. Never writes. */
int64_t index_lookup(struct db *db, const char *root, int64_t *indexed_at);

#endif
