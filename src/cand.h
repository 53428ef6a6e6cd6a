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
#define CAND_INDEXED 16u   /* from the snapshot, in snapshot order among the indexed ones */
/* per query, set by rank_run() (DESIGN §4): */
#define CAND_DEFERRED 32u  /* inside a project that matched as a name: it answers for this */
#define CAND_PROTECTED 64u /* an exact name of a project, or holding another match */
#define CAND_CWD 128u      /* the working directory itself */
#define CAND_NEAR 256u     /* in the project the working directory is in */
#define CAND_QUERY_FLAGS (CAND_BY_NAME | CAND_DEFERRED | CAND_PROTECTED | CAND_CWD | CAND_NEAR)
#define CAND_ABOVE 512u /* cand_load_best(): among the best by prekey */

struct cand {
	uint32_t path, len;     /* offset and length of the path in the arena */
	uint32_t name, namelen; /* declared name (namelen 0: none) */
	uint32_t flags;         /* CAND_* */
	uint16_t depth;         /* number of components */
	uint8_t cls;            /* enum match_class of the last rank_match() */
	uint8_t latest;         /* visited last of the matches, just now (rank_run) */
	uint8_t whole;          /* earlier keywords that name a whole parent folder */
	uint8_t abbrev;         /* earlier keywords not in the path: abbreviations, names */
	uint8_t span;           /* folders between the earlier keywords and the last */
	uint16_t away;          /* folders between it and the working directory */
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
	int exact_first;  /* of the last rank_run(): an exact name is protected */
	/* where the user stands, in the paths' terms (cand_set_where()) */
	char *cwd;
	size_t cwdlen, cwddepth;
	long projlen; /* the project cwd is in: the first PROJLEN bytes; -1 none */
	int cwd_test; /* cwd is test code */
	/* cand_load_best(): strong matches of the repository left out, which
	   rank_run() counts as the whole repository's */
	size_t strong_unloaded;
	int exact_unloaded; /* and one of them would be protected (rank.c) */
};

void cand_set_init(struct cand_set *set, const char *root);
void cand_set_release(struct cand_set *set);

/* The working directory CWD (LEN bytes; relative to SET's root, "" for the
 * root itself, or absolute for a set of history) and the length of the
 * path of the project it is in (-1: none but the root), for nearby first
 * and never the working directory. CWD is copied. */
void cand_set_where(struct cand_set *set, const char *cwd, size_t len, long projlen);

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
 * With CAND_LOAD_TYPOS, also those whose last component or name is one
 * edit from the last keyword (a typo: no subsequence to filter by). An
 * earlier keyword may be held by an anchor of its query instead of lying
 * along the path.
 * Visited directories that are not indexed are added too; indexed ones
 * come first, in snapshot order. An empty or damaged snapshot loads as no
 * index. QS is only read during the call. Returns 0, or -1 with a message
 * (history could not be read). */
#define CAND_LOAD_TYPOS 1u /* also the folders one edit from the last keyword */
int cand_load_repo(struct cand_set *set, struct snapshot *snap, struct db *db, int64_t now,
                   const struct rank_query *const *qs, size_t nq, unsigned flags);

/* cand_load_repo() for the NQ queries QS, of which only what also passes
 * one of the NF queries FS could match: FS[J] is a narrower form of
 * QS[OF[J]] (rank_query_last() of it): the filters of QS are shared, the
 * candidates of FS only are loaded. */
int cand_load_forms(struct cand_set *set, struct snapshot *snap, struct db *db, int64_t now,
                    const struct rank_query *const *qs, size_t nq,
                    const struct rank_query *const *fs, const size_t *of, size_t nf);

/* Could candidate C of SET match Q (a superset of what rank_match()
 * accepts, without anchors): its last component, or its declared name,
 * holds Q's last keyword as a subsequence, and its path the earlier ones in
 * order. The root always could. */
int cand_could_match(const struct rank_query *q, const struct cand_set *set, const struct cand *c);

/* For a query Q of one keyword (no anchors, no slash) that needs its best
 * K matches, load into SET (initialised with the repository's root, told
 * where the user stands) only what can be among them, and the history at
 * and below the root: every strong match (rank_strong()) is weighed by its
 * rank_prekey(), and those that tie with or beat the K + K/2 + 4 best come
 * in, marked CAND_ABOVE, with the strong matches that weigh on them (those
 * that hold them, the first one each exact match holds) and the root.
 * Weak matches, which never beat a strong one, are left out. The best of
 * the set are the best of the repository as far as there are strong
 * CAND_ABOVE matches before the first that is deferred or the working
 * directory (query.c checks). Returns 1 loaded; 0 nothing loaded, too few
 * strong matches or too small an index to gain: use cand_load_repo(); -1
 * with a message. */
int cand_load_best(struct cand_set *set, struct snapshot *snap, struct db *db, int64_t now,
                   const struct rank_query *q, size_t k);

/* Find in SNAP the folders whose declared name (whole, or its short form)
 * is one of Q's earlier keywords, as Q's anchors (rank_query_anchor()),
 * after forgetting those it had: `mcd @acme/ui src` reaches libs/ui/src. */
void cand_anchor(struct rank_query *q, struct snapshot *snap);

/* Load all history into SET (initialised with a NULL root), weighted at
 * NOW. Returns 0, or -1 with a message. */
int cand_load_history(struct cand_set *set, struct db *db, int64_t now);

#endif
