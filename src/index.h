/* index.h - build and look up the index of a repository's directories */
#ifndef MCD_INDEX_H
#define MCD_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct index_stats {
	size_t dirs, ignored, errors;
};

/* Walk the repository at the absolute path ROOT and replace its index in
 * one transaction: readers see the old index or the new one. NOW is
 * stored as the index time. Fills *STATS when not NULL. Returns the
 * repository's id (> 0), or -1 with a message. */
int64_t index_repo(struct db *db, const char *root, int64_t now, struct index_stats *stats);

/* The id of the indexed repository at ROOT: > 0 when indexed, 0 when not,
 * -1 on error (with a message). Fills *INDEXED_AT when not NULL. Never writes. */
int64_t index_lookup(struct db *db, const char *root, int64_t *indexed_at);

#endif
