/* query.h - the query pipeline: repository, freshness, candidates, ranking,
 * results; one policy for the jump, the completion and the picker
 *
 *   query_open()   which repository the working directory is in;
 *   query_find()   the freshness policy (DESIGN §3), then the candidates
 *                  (cand.h) and their ranking (rank.h);
 *   query_next()   the matches, best first, that are still directories,
 *                  with the history from everywhere after them when the
 *                  repository has none.
 *
 * The freshness policy, for every mode: a repository never indexed is
 * indexed on first use; when the index offers no match, or its best match
 * is gone from the disk, it is refreshed (only folders whose mtime changed
 * are read again) and the query tried once more. A deleted directory is
 * never returned. When nothing in the repository matches, history from
 * everywhere answers.
 */
#ifndef MCD_QUERY_H
#define MCD_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "cand.h"
#include "db.h"
#include "rank.h"
#include "snapshot.h"
#include "util.h"

enum query_mode {
	QUERY_JUMP,     /* `mcd query`: one query, the candidates it could match */
	QUERY_COMPLETE, /* TAB: the same (its caller reads the rivals of its forms
	                   from the snapshot the query keeps mapped, qy->snap) */
	QUERY_PICKER,   /* `mcd -i`: every candidate loaded once, ranked again per
	                   keystroke; the one refresh a query makes is the session's */
};

struct query {
	enum query_mode mode;
	struct db *db; /* NULL: no database (no index, no history) */
	char *root;    /* the repository holding the working directory, or NULL */
	int64_t now;
	int refreshed; /* the index was walked or refreshed by this query */
	int indexed;   /* the repository's snapshot is open in SNAP */
	struct snapshot snap;
	struct cand_set repo;         /* the repository's candidates */
	struct cand_set hist;         /* history from everywhere, once needed */
	int repo_loaded, hist_loaded; /* QUERY_PICKER: loaded once for all */
	/* the last query_find(), and where query_next() is */
	const struct rank_query *q;
	size_t want;
	struct cand_set *set; /* REPO or HIST */
	size_t n, sorted, at, yielded;
	struct buf path;
	int failed; /* query_next() could not read the history */
};

/* Start a query from the absolute working directory CWD in MODE, with the
 * database DB (may be NULL) at NOW. Never fails: a working directory
 * outside every repository queries history only. Release with
 * query_close(). */
void query_open(struct query *qy, enum query_mode mode, struct db *db, const char *cwd,
                int64_t now);
void query_close(struct query *qy);

/* Match Q (which must outlive the iteration) against the candidates,
 * applying the freshness policy, and put the best WANT matches in order
 * (0: all; more are ordered as query_next() reaches them). Returns 0 and
 * starts the iteration, or -1 with a message (the index could not be
 * made, the history not read). */
int query_find(struct query *qy, const struct rank_query *q, size_t want);

/* The next match of the last query_find(), best first, that is still a
 * directory, or NULL after the last. *ABS, when not NULL, is set to its
 * absolute path, valid until the next call. The set it belongs to is
 * query_set(); its candidates stay valid until the next query_find().
 * After the last of the repository's matches, when none of them was
 * returned, the history from everywhere follows. Returns NULL with
 * QY->failed set when the history cannot be read (with a message). */
const struct cand *query_next(struct query *qy, const char **abs);

/* The set the last match returned by query_next() belongs to: its root is
 * the repository's (paths relative to it) or NULL (history, absolute). */
static inline struct cand_set *query_set(const struct query *qy)
{
	return qy->set;
}

#endif
