/* salvage.c - check a database file; read back the history of a damaged one */
#include "salvage.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"

int salvage_check(const char *path, struct buf *report)
{
	sqlite3 *conn = NULL;
	sqlite3_stmt *st = NULL;
	int ok = 0, rc, lines = 0;

	if (sqlite3_open_v2(path, &conn, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL) !=
	    SQLITE_OK) {
		buf_addf(report, "cannot open: %s\n",
		         conn ? sqlite3_errmsg(conn) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(conn, MCD_BUSY_TIMEOUT_MS);
	if (sqlite3_prepare_v2(conn, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK) {
		buf_addf(report, "quick_check: %s\n", sqlite3_errmsg(conn));
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		if (line && !strcmp(line, "ok") && lines == 0)
			ok = 1;
		else if (lines < 20)
			buf_addf(report, "quick_check: %s\n", line ? quote_for_humans(line) : "?");
		lines++;
	}
	if (rc != SQLITE_DONE) {
		buf_addf(report, "quick_check: %s\n", sqlite3_errmsg(conn));
		ok = 0;
	}
out:
	sqlite3_finalize(st);
	sqlite3_close(conn);
	return ok;
}

void salvage_init(struct salvage *s)
{
	memset(s, 0, sizeof(*s));
}

void salvage_release(struct salvage *s)
{
	free(s->v);
	buf_release(&s->arena);
	memset(s, 0, sizeof(*s));
}

void salvage_read(const char *path, struct salvage *s)
{
	sqlite3 *conn = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_open_v2(path, &conn, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL) !=
	    SQLITE_OK)
		goto out;
	sqlite3_busy_timeout(conn, MCD_BUSY_TIMEOUT_MS);
	if (sqlite3_prepare_v2(conn, "SELECT path, rank, last, seq FROM visit", -1, &st, NULL) !=
	    SQLITE_OK)
		goto out;
	/* stop at the first damaged page: what came before is kept */
	while (sqlite3_step(st) == SQLITE_ROW) {
		const void *p = sqlite3_column_blob(st, 0);
		int len = sqlite3_column_bytes(st, 0);
		if (!p || len <= 0 || ((const char *)p)[0] != '/' || memchr(p, '\0', (size_t)len))
			continue;
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 256;
			s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
		}
		s->v[s->n].path = s->arena.len;
		s->v[s->n].rank = sqlite3_column_double(st, 1);
		s->v[s->n].last = sqlite3_column_int64(st, 2);
		s->v[s->n].seq = sqlite3_column_int64(st, 3);
		buf_add(&s->arena, p, (size_t)len);
		buf_addch(&s->arena, '\0');
		s->n++;
	}
out:
	sqlite3_finalize(st);
	sqlite3_close(conn);
}

int salvage_restore(struct db *db, const struct salvage *s)
{
	sqlite3_stmt *st = NULL;
	size_t i;

	if (db_begin(db) < 0)
		return -1;
	if (sqlite3_prepare_v2(
	        db->conn,
	        "INSERT OR REPLACE INTO visit(path, rank, last, seq) VALUES(?1, ?2, ?3, ?4)", -1,
	        &st, NULL) != SQLITE_OK)
		goto fail;
	for (i = 0; i < s->n; i++) {
		const char *p = s->arena.data + s->v[i].path;
		sqlite3_reset(st);
		sqlite3_bind_blob(st, 1, p, (int)strlen(p), SQLITE_STATIC);
		sqlite3_bind_double(st, 2, s->v[i].rank > 0 ? s->v[i].rank : 1);
		sqlite3_bind_int64(st, 3, s->v[i].last);
		sqlite3_bind_int64(st, 4, s->v[i].seq);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (history_retotal(db) < 0)
		goto fail;
	return db_commit(db);
fail:
	db_error(db, "cannot restore history");
	sqlite3_finalize(st);
	db_rollback(db);
	return -1;
}
