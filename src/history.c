/* history.c - record, age and weigh visits */
#include "history.h"

#include <sqlite3.h>
#include <string.h>

double history_frecency(double rank, int64_t last, int64_t now)
{
	int64_t age = now - last;

	if (age < HOUR_SECONDS)
		return rank * FRECENCY_HOUR;
	if (age < DAY_SECONDS)
		return rank * FRECENCY_DAY;
	if (age < WEEK_SECONDS)
		return rank * FRECENCY_WEEK;
	return rank * FRECENCY_OLDER;
}

int64_t history_recent(int64_t last, int64_t seq, int64_t now)
{
	return now - last < HISTORY_RECENT_SECONDS ? seq : 0;
}

int history_scan_start(struct history_scan *s, struct db *db, const char *lo, size_t lolen,
                       const char *hi, size_t hilen)
{
	memset(s, 0, sizeof(*s));
	s->db = db;
	s->view = db_view(db);
	s->hi = hi;
	s->hilen = hilen;
	if (s->view) {
		s->at = lo ? view_visit_lower(s->view, lo, lolen) : 0;
		return 0;
	}
	s->st = db_stmt(db, lo ? STMT_VISIT_UNDER : STMT_VISIT_ALL);
	if (!s->st)
		return -1;
	if (lo) {
		sqlite3_bind_blob(s->st, 1, lo, (int)lolen, SQLITE_STATIC);
		sqlite3_bind_blob(s->st, 2, hi, (int)hilen, SQLITE_STATIC);
	}
	return 0;
}

int history_scan_next(struct history_scan *s, struct view_visit *row)
{
	int rc;

	if (s->view) {
		if (s->at >= s->view->nvisit)
			return 0;
		view_visit_at(s->view, s->at, row);
		if (s->hi) {
			size_t n = row->len < s->hilen ? row->len : s->hilen;
			int r = memcmp(row->path, s->hi, n);
			if (r > 0 || (r == 0 && row->len >= s->hilen))
				return 0; /* at or past HI */
		}
		s->at++;
		return 1;
	}
	rc = sqlite3_step(s->st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_error(s->db, "cannot read history");
	row->path = sqlite3_column_blob(s->st, 0);
	row->len = (size_t)sqlite3_column_bytes(s->st, 0);
	row->rank = sqlite3_column_double(s->st, 1);
	row->last = sqlite3_column_int64(s->st, 2);
	row->seq = sqlite3_column_int64(s->st, 3);
	row->mask = ~(uint64_t)0;
	return 1;
}

void history_scan_end(struct history_scan *s)
{
	if (s->st)
		sqlite3_reset(s->st);
	memset(s, 0, sizeof(*s));
}

int history_retotal(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, STMT_VISIT_RETOTAL);

	return st && sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
}

/* Scale every rank down when the total passed the limit; drop what falls
 * under one visit. Runs inside the caller's transaction. */
static int age(struct db *db)
{
	sqlite3_stmt *st;
	double total;

	st = db_stmt(db, STMT_VISIT_TOTAL);
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return db_error(db, "cannot read history");
	total = sqlite3_column_double(st, 0);
	sqlite3_reset(st);
	if (total <= HISTORY_MAX_TOTAL)
		return 0;
	view_patch_drop(db); /* every row changes */
	st = db_stmt(db, STMT_VISIT_AGE);
	if (!st)
		return -1;
	sqlite3_bind_double(st, 1, HISTORY_AGE_FACTOR * HISTORY_MAX_TOTAL / total);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_error(db, "cannot age history");
	st = db_stmt(db, STMT_VISIT_PRUNE);
	if (!st)
		return -1;
	sqlite3_bind_double(st, 1, 1.0);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_error(db, "cannot age history");
	/* the sum again, without the rounding of every row */
	if (history_retotal(db) < 0)
		return db_error(db, "cannot age history");
	return 0;
}

int history_add(struct db *db, const char *const *paths, int n, int64_t now)
{
	int i;

	if (db_begin(db) < 0)
		return -1;
	view_patch_begin(db);
	for (i = 0; i < n; i++) {
		sqlite3_stmt *st = db_stmt(db, STMT_VISIT_ADD);
		if (!st)
			goto fail;
		sqlite3_bind_blob(st, 1, paths[i], (int)strlen(paths[i]), SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, now);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_error(db, "cannot record visit");
			goto fail;
		}
		view_patch_path(db, paths[i], strlen(paths[i]));
	}
	if (age(db) < 0 || db_commit(db) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

/* A gain smaller than this, relatively, is the rounding of a rank read
 * back, not a visit. */
#define HISTORY_MERGE_EPSILON 1e-9

/* What SOURCE gave for KEY before, into *RANK; 1 when it gave something,
 * 0 when not, -1 on error. */
static int taken_before(sqlite3_stmt *get, const char *source, const char *key, double *rank)
{
	int rc;

	sqlite3_reset(get);
	sqlite3_bind_blob(get, 1, source, (int)strlen(source), SQLITE_STATIC);
	sqlite3_bind_blob(get, 2, key, (int)strlen(key), SQLITE_STATIC);
	rc = sqlite3_step(get);
	if (rc == SQLITE_ROW) {
		*rank = sqlite3_column_double(get, 0);
		return 1;
	}
	return rc == SQLITE_DONE ? 0 : -1;
}

int history_merge(struct db *db, const char *source, const char *const *keys,
                  const char *const *paths, const double *ranks, const int64_t *lasts, size_t n,
                  struct history_merge_stats *stats)
{
	static const char merge_sql[] =
	    "INSERT INTO visit(path, rank, last, seq)"
	    " VALUES(?1, ?2, ?3, (SELECT coalesce(max(seq), 0) + 1 FROM visit))"
	    " ON CONFLICT(path) DO UPDATE SET rank = rank + ?2, last = max(last, ?3)";
	static const char get_sql[] =
	    "SELECT rank FROM import_taken WHERE source = ?1 AND path = ?2";
	static const char put_sql[] =
	    "INSERT OR REPLACE INTO import_taken(source, path, rank, last)"
	    " VALUES(?1, ?2, ?3, ?4)";
	sqlite3_stmt *merge = NULL, *get = NULL, *put = NULL;
	struct history_merge_stats st = {0, 0};
	size_t i;

	if (db_begin(db) < 0)
		return -1;
	if (sqlite3_prepare_v2(db->conn, merge_sql, -1, &merge, NULL) != SQLITE_OK ||
	    (source && (sqlite3_prepare_v2(db->conn, get_sql, -1, &get, NULL) != SQLITE_OK ||
	                sqlite3_prepare_v2(db->conn, put_sql, -1, &put, NULL) != SQLITE_OK)))
		goto fail;
	for (i = 0; i < n; i++) {
		const char *key = keys ? keys[i] : paths[i];
		double gain = ranks[i], before;
		int had = 0;

		if (source && (had = taken_before(get, source, key, &before)) < 0)
			goto fail;
		if (had)
			gain = ranks[i] - before;
		if (had && gain <= HISTORY_MERGE_EPSILON * (ranks[i] > 1 ? ranks[i] : 1)) {
			st.unchanged++; /* nothing since: not even its time */
		} else {
			sqlite3_reset(merge);
			sqlite3_bind_blob(merge, 1, paths[i], (int)strlen(paths[i]), SQLITE_STATIC);
			sqlite3_bind_double(merge, 2, gain);
			sqlite3_bind_int64(merge, 3, lasts[i]);
			if (sqlite3_step(merge) != SQLITE_DONE)
				goto fail;
			st.added++;
		}
		if (!source)
			continue;
		/* what it gives now: a rank that fell (the other tool aged it)
		   is where the next gain counts from */
		sqlite3_reset(put);
		sqlite3_bind_blob(put, 1, source, (int)strlen(source), SQLITE_STATIC);
		sqlite3_bind_blob(put, 2, key, (int)strlen(key), SQLITE_STATIC);
		sqlite3_bind_double(put, 3, ranks[i]);
		sqlite3_bind_int64(put, 4, lasts[i]);
		if (sqlite3_step(put) != SQLITE_DONE)
			goto fail;
	}
	sqlite3_finalize(merge);
	sqlite3_finalize(get);
	sqlite3_finalize(put);
	merge = get = put = NULL;
	if (history_retotal(db) < 0 || age(db) < 0 || db_commit(db) < 0)
		goto fail;
	if (stats)
		*stats = st;
	return 0;
fail:
	db_error(db, "cannot import history");
	sqlite3_finalize(merge);
	sqlite3_finalize(get);
	sqlite3_finalize(put);
	db_rollback(db);
	return -1;
}

int history_remove(struct db *db, const char *const *paths, int n)
{
	int i, removed = 0;

	if (db_begin(db) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		sqlite3_stmt *st = db_stmt(db, STMT_VISIT_REMOVE);
		if (!st)
			goto fail;
		sqlite3_bind_blob(st, 1, paths[i], (int)strlen(paths[i]), SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_error(db, "cannot remove visit");
			goto fail;
		}
		removed += sqlite3_changes(db->conn);
	}
	if (history_retotal(db) < 0) {
		db_error(db, "cannot remove visit");
		goto fail;
	}
	if (db_commit(db) < 0)
		goto fail;
	return removed;
fail:
	db_rollback(db);
	return -1;
}
