/* cand.h - the candidates of a query and where they come from
 *
 * A candidate set holds every directory a query could land on: the indexed
 * directories of one repository (paths relative to its root) with the
 * visited ones below it, or the visited directories from everywhere
 * (absolute paths), each with its frecency. All strings live in one arena;
 * candidates refer to them by offset.
 *
 * The loaders fill a set: the snapshot scan, which copies only the folders
 * that could match (prefilter.h), and the history rows of the database.
 */
#ifndef MCD_CAND_H
#define MCD_CAND_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "snapshot.h"
#include "util.h"

struct rank_query;

#define CAND_PROJECT 1u    /* the directory holds a build manifest */
#define CAND_TEST 2u       /* it is test code: a component like tests or __tests__ */
#define CAND_BY_NAME 4u    /* its best match was its declared name (rank_match) */
#define CAND_TEST_KNOWN 8u /* CAND_TEST is known (from the index), else rank_match() finds out */

struct cand {
	uint32_t path, len;     /* offset and length of the path in the arena */
	uint32_t name, namelen; /* declared name (namelen 0: none) */
	uint32_t flags;         /* CAND_* */
	uint16_t depth;         /* number of components */
	uint8_t cls;            /* enum match_class of the last rank_match() */
	uint8_t latest;         /* visited last of the matches, just now (rank_run) */
	uint8_t whole;          /* earlier keywords that name a whole parent folder */
	double frecency;
	int64_t recent; /* history_recent(): > 0 for a directory visited just now */
	double score;
};

struct cand_set {
	struct cand *v;
	size_t n, cap;
	struct buf arena;
	char *root;       /* absolute root the paths are relative to, NULL: absolute */
	size_t nkeywords; /* of the last rank_run(), for rank_compare() */
};

void cand_set_init(struct cand_set *set, const char *root);
void cand_set_release(struct cand_set *set);

/* Add a candidate; PATH is copied. Returns its index. */
size_t cand_set_add(struct cand_set *set, const char *path, size_t len, const char *name,
                    size_t namelen, uint32_t flags, double frecency);

static inline const char *cand_path(const struct cand_set *set, const struct cand *c)
{
	return set->arena.data + c->path;
}

/* The candidate's absolute path, into OUT. */
void cand_abspath(const struct cand_set *set, const struct cand *c, struct buf *out);

/* Load into SET (initialised with the repository's root) the folders of
 * SNAP, the repository's open snapshot, that could match one of the NQ
 * queries QS, then the history at and below the root weighted at NOW.
 * "Could match" is a superset of what rank_match() accepts: the bit
 * slices of the masks and pairs, then the keys, then the subsequence tests
 * along the path, before anything is copied; the same ranking follows for
 * a fraction of the work. NQ 0, or a query without keywords: every folder.
 * Visited directories that are not indexed are added too; indexed ones
 * come first, in snapshot order. An empty or damaged snapshot loads as no
 * index. QS is only read during the call. Returns 0, or -1 with a message
 * (history could not be read). */
int cand_load_repo(struct cand_set *set, struct snapshot *snap, struct db *db, int64_t now,
                   const struct rank_query *const *qs, size_t nq);

/* Load all history into SET (initialised with a NULL root), weighted at
 * NOW. Returns 0, or -1 with a message. */
int cand_load_history(struct cand_set *set, struct db *db, int64_t now);

#endif
