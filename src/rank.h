/* rank.h - candidates for a query, matched and ordered (DESIGN §4)
 *
 * A candidate set holds every directory a query could land on: the indexed
 * directories of one repository (paths relative to its root) or the visited
 * directories from everywhere (absolute paths), each with its frecency. All
 * strings live in one arena; candidates refer to them by offset.
 */
#ifndef MCD_RANK_H
#define MCD_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "match.h"
#include "util.h"

#define CAND_PROJECT 1u    /* the directory holds a build manifest */
#define CAND_TEST 2u       /* it is test code: a component like tests or __tests__ */
#define CAND_BY_NAME 4u    /* its best match was its declared name (rank_match) */
#define CAND_TEST_KNOWN 8u /* CAND_TEST is known (from the index), else rank_match() finds out */

struct cand {
	uint32_t path, len;    /* offset and length of the path in the arena */
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
	char *root; /* absolute root the paths are relative to, NULL: absolute */
	size_t nkeywords; /* of the last rank_run(), for rank_compare() */
};

struct rank_query {
	char **kw;   /* normalised keywords for the path; the last one is
			matched against the last component */
	size_t *len;
	size_t n;
	char *full;  /* the last keyword whole, for declared names ("@acme/ui") */
	size_t fulllen;
	size_t nbefore; /* keywords before the last one as typed: kw[0..nbefore) */
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

/* Load the index of repository REPO_ID rooted at ROOT (its snapshot, found
 * by SET->root; a missing or damaged one loads as empty), and the history
 * below ROOT weighted at NOW, into SET (initialised with ROOT). Visited
 * directories that are not indexed are added too. Indexed directories come
 * first, in snapshot order. Returns 0 or -1. */
int rank_load_repo(struct cand_set *set, struct db *db, int64_t repo_id, int64_t now);

/* rank_load_repo(), but only the indexed directories that could match Q
 * (a superset of what rank_match() accepts: the cheap mask and subsequence
 * tests, before anything is copied), and visited ones that are not
 * indexed. The same ranking follows for a fraction of the work. Q may be
 * NULL, or have no keywords: everything. Q must outlive nothing: it is only
 * read during the call. */
int rank_load_repo_matching(struct cand_set *set, struct db *db, int64_t repo_id, int64_t now,
			    const struct rank_query *q);

/* rank_load_repo_matching() for the NQ queries QS at once: the directories
 * that could match any of them. NQ 0: everything. */
int rank_load_repo_any(struct cand_set *set, struct db *db, int64_t repo_id, int64_t now,
		       const struct rank_query *const *qs, size_t nq);

/* Load all history into SET (initialised with a NULL root). */
int rank_load_history(struct cand_set *set, struct db *db, int64_t now);

/* Parse KEYWORDS into Q (copies, normalised). Empty keywords are dropped.
 * A last keyword with '/' ("api/user") is split: the part before its last
 * '/' must appear along the path. A keyword in Gradle's form ":api:all"
 * means the path "api/all". Release with rank_query_release. */
void rank_query_init(struct rank_query *q, char *const *keywords, size_t n);
void rank_query_release(struct rank_query *q);

/* Into OUT, a query that matches a superset of what Q matches: Q's last
 * keyword alone, in a last component or a declared name. Release it with
 * rank_query_release(). */
void rank_query_last(struct rank_query *out, const struct rank_query *q);

/* Match Q against candidate C of SET: every keyword in order along the path,
 * the last one in the last component or the declared name. Fills c->cls
 * and c->score, and CAND_TEST when CAND_TEST_KNOWN was not set (setting
 * it); returns 1 on a match, 0 otherwise. */
int rank_match(const struct rank_query *q, const struct cand_set *set, struct cand *c);

/* Match every candidate and move the ones that match, best first, to the
 * front of SET->v. Returns how many matched. */
size_t rank_run(const struct rank_query *q, struct cand_set *set);

/* rank_run() for a caller that needs the best K (0: all): only they are
 * put in order, the other matches follow them in no order, each ranking
 * after them. rank_sort_rest() orders matches [FROM, N), which must each
 * rank after every match before FROM (as past the first K), when the
 * caller needs past them. */
size_t rank_run_best(const struct rank_query *q, struct cand_set *set, size_t k);
void rank_sort_rest(struct cand_set *set, size_t from, size_t n);

/* Order of two matched candidates: negative when A ranks before B. */
int rank_compare(const struct cand_set *set, const struct cand *a, const struct cand *b);

#endif
