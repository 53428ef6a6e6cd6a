/* history.h - visits and frecency
 *
 * Each visit adds 1 to a directory's rank and stamps the time. At query time
 * the rank is weighted by recency as zoxide does. When the ranks add up to
 * more than HISTORY_MAX_TOTAL, all are scaled down and the ones that fall
 * under 1 are forgotten, so old habits fade.
 */
#ifndef MCD_HISTORY_H
#define MCD_HISTORY_H

#include <stdint.h>
#include <time.h>

#include "db.h"
#include "score.h"

/* The recency key of a directory last visited at LAST with visit sequence
 * number SEQ, seen at NOW: SEQ when LAST is within HISTORY_RECENT_SECONDS
 * of NOW (or in the future), else 0. Larger ranks first. */
int64_t history_recent(int64_t last, int64_t seq, int64_t now);

/* The frecency of a directory with RANK visits, the last at LAST, seen at
 * NOW: x4 within an hour, x2 within a day, x0.5 within a week, x0.25 older.
 * A LAST in the future (clock skew) counts as now. */
double history_frecency(double rank, int64_t last, int64_t now);

/* Record one visit to each of the N absolute PATHS at NOW, in one
 * transaction, then age the history if it grew past the limit. Returns 0
 * or -1 with a message; on error nothing is recorded. */
int history_add(struct db *db, const char *const *paths, int n, int64_t now);

/* What history_merge() did with its entries. */
struct history_merge_stats {
	size_t added;     /* entries that brought visits: new, or gained since */
	size_t unchanged; /* entries SOURCE gave before that gained nothing */
};

/* Merge N entries of another jumper's history (or an export): each PATHS[i]
 * gains RANKS[i] visits and its last visit becomes the later of its own and
 * LASTS[i]; new entries are ordered among themselves by LASTS. With SOURCE
 * (a name for where the entries come from: a format and a file), what each
 * entry gave is remembered under SOURCE and KEYS[i] (the path as the source
 * writes it; NULL: PATHS), and an entry SOURCE gave before gains only the
 * visits it has more than then (none when it has as many or fewer), so
 * merging the same source twice leaves the history as merging it once did,
 * and a directory removed since stays removed. One transaction, then
 * aging. Fills *STATS when not NULL. Returns 0 or -1 with a message. */
int history_merge(struct db *db, const char *source, const char *const *keys,
                  const char *const *paths, const double *ranks, const int64_t *lasts, size_t n,
                  struct history_merge_stats *stats);

/* Forget the history of each of the N absolute PATHS. Returns the number of
 * entries removed, or -1 with a message. */
int history_remove(struct db *db, const char *const *paths, int n);

/* Reading the history, from the database or from the view standing in
 * for it (db_view()): every row whose path is in [LO, HI), or all. */
struct history_scan {
	struct db *db;
	struct sqlite3_stmt *st;
	const struct view *view;
	size_t at;
	const char *hi;
	size_t hilen;
};

/* Start a scan of DB's history at the paths from LO (LOLEN bytes) up to,
 * not including, HI (HILEN bytes); LO NULL: all of it. The bounds are
 * the caller's and must stay until history_scan_end(). Returns 0, or -1
 * with a message. */
int history_scan_start(struct history_scan *s, struct db *db, const char *lo, size_t lolen,
                       const char *hi, size_t hilen);

/* The next row, in path order: 1 with ROW filled (its path valid until
 * the next call), 0 at the end, -1 with a message. */
int history_scan_next(struct history_scan *s, struct view_visit *row);
void history_scan_end(struct history_scan *s);

/* Inside a write transaction that changed ranks other than by visits
 * (removed, merged, restored): take the sum of the ranks again. Returns 0
 * or -1; the caller reports (db_error()). */
int history_retotal(struct db *db);

#endif
