/* roots.c - the indexed repositories: listed, forgotten */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "history.h"
#include "roots.h"
#include "snapshot.h"
#include "util.h"

void roots_release(struct roots *r)
{
	size_t i;
	for (i = 0; i < r->n; i++)
		free(r->v[i].path);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

int roots_load(struct db *db, struct roots *r)
{
	sqlite3_stmt *st;
	int rc;

	memset(r, 0, sizeof(*r));
	if (sqlite3_prepare_v2(db->conn, "SELECT path, indexed_at, ndirs FROM repo ORDER BY path",
	                       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, "cannot list repositories");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = sqlite3_column_blob(st, 0);
		int len = sqlite3_column_bytes(st, 0);
		if (!p || len <= 0)
			continue;
		if (r->n == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 16;
			r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
		}
		r->v[r->n].path = xmemdup(p, (size_t)len);
		r->v[r->n].indexed_at = sqlite3_column_int64(st, 1);
		r->v[r->n].ndirs = sqlite3_column_int64(st, 2);
		r->n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		roots_release(r);
		return db_error(db, "cannot list repositories");
	}
	return 0;
}

int roots_forget(struct db *db, const char *root)
{
	static const char *const sql[] = {
	    "DELETE FROM repo WHERE path = ?1",
	    /* its history: the root itself and everything below it; ?2 is
	       root + "/", ?3 root + "0", the byte after '/' */
	    "DELETE FROM visit WHERE path = ?1 OR (path >= ?2 AND path < ?3)",
	};
	struct buf lo = BUF_INIT, hi = BUF_INIT;
	size_t i, len = strlen(root);
	int changes = 0;

	buf_add(&lo, root, len);
	buf_addch(&lo, '/');
	buf_add(&hi, root, len);
	buf_addch(&hi, '0');

	if (db_begin(db) < 0)
		return -1;
	for (i = 0; i < MCD_ARRAY_SIZE(sql); i++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db->conn, sql[i], -1, &st, NULL) != SQLITE_OK)
			goto fail;
		sqlite3_bind_blob(st, 1, root, (int)len, SQLITE_STATIC);
		if (sqlite3_bind_parameter_count(st) == 3) {
			sqlite3_bind_blob(st, 2, lo.data, (int)lo.len, SQLITE_STATIC);
			sqlite3_bind_blob(st, 3, hi.data, (int)hi.len, SQLITE_STATIC);
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			goto fail;
		}
		changes += sqlite3_changes(db->conn);
		sqlite3_finalize(st);
	}
	if (history_retotal(db) < 0 || db_commit(db) < 0)
		goto fail;
	snapshot_remove(root); /* the index file: rebuildable, gone with its row */
	buf_release(&lo);
	buf_release(&hi);
	return changes;
fail:
	db_error(db, "cannot forget repository");
	db_rollback(db);
	buf_release(&lo);
	buf_release(&hi);
	return -1;
}
