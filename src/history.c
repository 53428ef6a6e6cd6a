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
	}
	if (age(db) < 0 || db_commit(db) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int history_merge(struct db *db, const char *const *paths, const double *ranks,
                  const int64_t *lasts, size_t n)
{
	static const char sql[] =
	    "INSERT INTO visit(path, rank, last, seq)"
	    " VALUES(?1, ?2, ?3, (SELECT coalesce(max(seq), 0) + 1 FROM visit))"
	    " ON CONFLICT(path) DO UPDATE SET rank = rank + ?2, last = max(last, ?3)";
	sqlite3_stmt *st = NULL;
	size_t i;

	if (db_begin(db) < 0)
		return -1;
	if (sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_blob(st, 1, paths[i], (int)strlen(paths[i]), SQLITE_STATIC);
		sqlite3_bind_double(st, 2, ranks[i]);
		sqlite3_bind_int64(st, 3, lasts[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (history_retotal(db) < 0 || age(db) < 0 || db_commit(db) < 0)
		goto fail;
	return 0;
fail:
	db_error(db, "cannot import history");
	sqlite3_finalize(st);
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
