/* query.h - the query pipeline: repository, freshness, candidates, ranking,
 * results; one policy for the jump, the completion and the picker
 *
 *   query_open()   which repository the working directory is in;
 *   query_find()   the freshness policy (DESIGN §3), then the candidates
 *                  (cand.h) and their ranking (rank.h);
 *   query_next()   the matches, best first, that are still directories:
 *                  the repository's, after visited folders elsewhere that
 *                  match as names when the repository's best is weak, and
 *                  with the history from everywhere when it has none;
 *   query_refresh_later()  after the answer, a refresh in the background
 *                  of an index older than QUERY_STALE_SECONDS.
 *
 * The freshness policy, for every mode (DESIGN §3): a repository never
 * indexed is indexed on first use; when the index offers no match, only a
 * weak one (a substring, a typo, scattered letters), or its best match is
 * gone from the disk, it is refreshed (only folders whose mtime changed
 * are read again) and the query tried once more. When the best is still
 * no better than scattered letters, the folders one edit from the last
 * keyword are loaded too (typos escape the prefilter). A deleted
 * directory is never returned. A visited folder elsewhere that matches
 * exactly, by prefix or as a word comes before a weak match here; when
 * nothing here matches, history from everywhere answers.
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

/* An index older than this is refreshed in the background after a query
 * or TAB has answered, so the next one sees folders made meanwhile. */
#define QUERY_STALE_SECONDS 60

/* When the matches put in order first are used up (folders gone since,
 * local folders listed already), this many more are put in order at a
 * time, not all: a keyword of a letter matches a third of a repository. */
#define QUERY_MORE 64

struct query {
	enum query_mode mode;
	struct db *db; /* NULL: no database (no index, no history) */
	char *cwd;     /* the working directory, absolute */
	char *root;    /* the repository holding the working directory, or NULL */
	char *canon;   /* ROOT as mcd keeps it (roots.h): its index, its history;
	                  the paths returned are spelled from ROOT again */
	int64_t now;
	int refreshed; /* the index was walked or refreshed by this query */
	int indexed;   /* the repository's snapshot is open in SNAP */
	struct snapshot snap;
	struct cand_set repo;         /* the repository's candidates */
	struct cand_set hist;         /* history from everywhere, once needed */
	int repo_loaded, hist_loaded; /* QUERY_PICKER: loaded once for all */
	/* the last query_find(), and where query_next() is */
	const struct rank_query *q;
	size_t rn, rsorted; /* matches in REPO, how many of the first in order */
	size_t hn;          /* matches in HIST, all in order (once ranked) */
	int hist_ranked;
	int phase;            /* elsewhere, the repository, history (query.c) */
	struct cand_set *set; /* REPO or HIST */
	size_t n, sorted, at, yielded;
	struct buf path;
	struct buf spelled; /* PATH spelled from ROOT */
	int failed;         /* query_next() could not read the history */
	int best;           /* REPO holds only what can be the best (cand_load_best()) */
	size_t sure;        /* and its first SURE matches are the repository's */
};

/* Start a query from the absolute working directory CWD in MODE, with the
 * database DB (may be NULL) at NOW. Never fails: a working directory
 * outside every repository queries history only. A repository reached
 * through another path than the one mcd keeps it under (a symbolic link)
 * is the same repository: its index and history answer, in the paths the
 * user took. Release with query_close(). */
void query_open(struct query *qy, enum query_mode mode, struct db *db, const char *cwd,
                int64_t now);
void query_close(struct query *qy);

/* Match Q (which must outlive the iteration) against the candidates,
 * applying the freshness policy, and put the best WANT matches in order
 * (0: all; more are ordered as query_next() reaches them). Q's anchors
 * (its earlier keywords that are declared names) are found here. Returns
 * 0 and starts the iteration, or -1 with a message (the index could not
 * be made, the history not read). */
int query_find(struct query *qy, struct rank_query *q, size_t want);

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

/* When QY's repository was indexed more than QUERY_STALE_SECONDS before
 * its query, and the query did not refresh it: refresh it in a detached
 * background process (one at a time per repository), which never delays
 * the caller, prints nothing and leaves the caller's standard files
 * alone. Call it after the answer is out: the repository's snapshot is
 * closed first (its candidates, copied out of it, stay). */
void query_refresh_later(struct query *qy);

#endif
