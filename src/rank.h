/* rank.h - the ranking policy (DESIGN §4): match classes, the relations
 * between matches, the order of two matches, and the selection of the best
 *
 * A query's keywords are parsed once (keywords.h); each candidate of a set
 * (cand.h) is matched against them (rank_match: its class and score), the
 * nesting of the matches is weighed (a project answering for what it
 * holds), and the matches are ordered by rank_compare(), the rules of §4
 * as one chain of tie-breaks.
 */
#ifndef MCD_RANK_H
#define MCD_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "cand.h"
#include "keywords.h"
#include "match.h"
#include "util.h"

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
 * after them. rank_order_more() puts the next K of matches [FROM, N) in
 * order at FROM (0: all of them), when the caller needs past the first
 * ones: they must each rank after every match before FROM. It returns how
 * far the matches are in order then. */
size_t rank_run_best(const struct rank_query *q, struct cand_set *set, size_t k);
size_t rank_order_more(struct cand_set *set, size_t from, size_t n, size_t k);

/* The strong class (MATCH_WORD or better) of the one keyword of Q, a query
 * of one keyword without anchors, against a folder other than the root
 * whose last component is COMP and whose declared name is NAME (NAMELEN 0:
 * none): rank_match()'s class when it is strong, else MATCH_NONE. Cheap:
 * no score. */
enum match_class rank_strong(const struct rank_query *q, const char *comp, size_t complen,
                             const char *name, size_t namelen);

/* For a query of one keyword, the start of rank_compare()'s chain as one
 * number, for strong matches of SET that are not deferred, not visited,
 * neither the working directory nor the root: of two such matches, the one
 * with the larger prekey ranks first; equal prekeys are decided later in
 * the chain. EXACT: its class is MATCH_EXACT; FLAGS its CAND_PROJECT and
 * CAND_TEST; NEAR: in the project the working directory is in; AWAY:
 * folders between it and the working directory. */
static inline uint64_t rank_prekey(const struct cand_set *set, int exact, uint32_t flags, int near,
                                   uint16_t away)
{
	/* rank_compare() for one keyword, between two such matches: the
	   tier, frecency, abbreviations, the root and whole folders tie;
	   then exact names, code projects, nearby, code before tests (unless
	   the user works in the tests there), projects; the span ties; then
	   the fewest folders away */
	int code = (flags & CAND_PROJECT) && !(flags & CAND_TEST);
	int untested = (set->cwd_test && near) || !(flags & CAND_TEST);

	return (uint64_t)(exact != 0) << 20 | (uint64_t)code << 19 | (uint64_t)(near != 0) << 18 |
	       (uint64_t)untested << 17 | (uint64_t)((flags & CAND_PROJECT) != 0) << 16 |
	       (uint64_t)(UINT16_MAX - away);
}

/* Order of two matched candidates: negative when A ranks before B. */
int rank_compare(const struct cand_set *set, const struct cand *a, const struct cand *b);

#endif
