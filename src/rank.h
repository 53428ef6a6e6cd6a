/* rank.h - the ranking policy (DESIGN §4): keywords, match classes, the
 * order of two matches, and the selection of the best
 *
 * A query's keywords are parsed once (rank_query_init); each candidate of
 * a set (cand.h) is matched against them (rank_match: its class and score)
 * and the matches are ordered by rank_compare(), the rules of §4 as one
 * chain of tie-breaks.
 */
#ifndef MCD_RANK_H
#define MCD_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "cand.h"
#include "match.h"
#include "util.h"

/* A folder whose declared name is an earlier keyword ("pacquet" in "mcd
 * pacquet src"): what is at or below it has that keyword along its path. */
struct rank_anchor {
	size_t kw;  /* the keyword, kw[0..nbefore) */
	char *path; /* repository-relative */
	size_t len;
};

struct rank_query {
	char **kw; /* normalised keywords for the path; the last one is
	              matched against the last component */
	size_t *len;
	size_t n;
	char *full; /* the last keyword whole, for declared names ("@acme/ui") */
	size_t fulllen;
	size_t nbefore;              /* keywords before the last one as typed: kw[0..nbefore) */
	struct rank_anchor *anchors; /* rank_query_anchor() */
	size_t nanchors;
};

/* Parse KEYWORDS into Q (copies, normalised). Empty keywords are dropped.
 * A last keyword with '/' ("api/user") is split: the part before its last
 * '/' must appear along the path. A keyword in Gradle's form ":api:all"
 * means the path "api/all". Release with rank_query_release. */
void rank_query_init(struct rank_query *q, char *const *keywords, size_t n);
void rank_query_release(struct rank_query *q);

/* Earlier keyword KW (< Q->nbefore) is the declared name of the folder
 * PATH (LEN bytes, relative to the repository's root): what is at or below
 * it matches that keyword. PATH is copied. */
void rank_query_anchor(struct rank_query *q, size_t kw, const char *path, size_t len);

/* The short form of a declared name, as users type it: the last element of
 * a path-like name ("@acme/ui" -> "ui", "example.com/x/foo/v2" -> "foo").
 * Returns NAME itself (and LEN in *OUTLEN) when there is no shorter form;
 * else a pointer into NAME. */
const char *rank_short_name(const char *name, size_t len, size_t *outlen);

/* Forget Q's anchors (the snapshot they were found in changed). */
void rank_query_unanchor(struct rank_query *q);

/* Into OUT, a query that matches a superset of what Q matches: Q's last
 * keyword alone, in a last component or a declared name. Release it with
 * rank_query_release(). */
void rank_query_last(struct rank_query *out, const struct rank_query *q);

/* Match Q against candidate C of SET: every keyword in order along the path
 * (an earlier one as a substring, as an abbreviation of one component, or
 * through an anchor), the last one in the last component or the declared
 * name (as a name: in full, or its short forms). Fills c->cls, c->score,
 * c->near and the per-query flags, and CAND_TEST when CAND_TEST_KNOWN was
 * not set (setting it); returns 1 on a match, 0 otherwise. */
int rank_match(const struct rank_query *q, const struct cand_set *set, struct cand *c);

/* Match every candidate and move the ones that match, best first, to the
 * front of SET->v: the relations between matches are weighed first (a
 * project answering for the folders it holds, an exact name holding
 * another match), then they are ordered. Returns how many matched. */
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
