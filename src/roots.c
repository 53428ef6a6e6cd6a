/* roots.c - the indexed repositories: listed, found, merged, forgotten */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"
#include "history.h"
#include "repo.h"
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
	if (sqlite3_prepare_v2(db->conn,
	                       "SELECT path, indexed_at, ndirs, id FROM repo ORDER BY path", -1,
	                       &st, NULL) != SQLITE_OK)
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
		r->v[r->n].id = sqlite3_column_int64(st, 3);
		r->n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		roots_release(r);
		return db_error(db, "cannot list repositories");
	}
	return 0;
}

/* ---- one checkout, one root ---------------------------------------------------- */

/* Is PATH, now, the directory of WANT (a stat() of it)? */
static int same_dir(const char *path, const struct stat *want)
{
	struct stat st;
	return stat(path, &st) == 0 && st.st_dev == want->st_dev && st.st_ino == want->st_ino;
}

/* Is A below B, or B below A? Then they cannot be two spellings merged
 * into one another (a link to a parent). */
static int nested(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), n = la < lb ? la : lb;
	return la != lb && !memcmp(a, b, n) && (la > lb ? a : b)[n] == '/';
}

/* roots_resolve() on the view V standing in for the database. */
static int resolve_in_view(const struct view *v, const char *root, struct buf *out)
{
	struct view_repo r, best = {NULL, 0, 0, 0, 0};
	struct stat want;
	size_t i;

	buf_setlen(out, 0);
	if (view_repo_find(v, root, strlen(root)) >= 0 || stat(root, &want) < 0) {
		buf_adds(out, root);
		return view_repo_find(v, root, strlen(root)) >= 0;
	}
	/* the rows of its device and inode, the first recorded first */
	for (i = 0; i < v->nrepo; i++) {
		char *path;
		view_repo_at(v, i, &r);
		if (r.dev != (int64_t)want.st_dev || r.ino != (int64_t)want.st_ino || !r.len ||
		    (best.path && r.id > best.id))
			continue;
		path = xmemdup(r.path, r.len);
		if (same_dir(path, &want) && !nested(path, root))
			best = r;
		free(path);
	}
	if (best.path)
		buf_add(out, best.path, best.len);
	else
		buf_adds(out, root);
	return best.path != NULL;
}

int roots_resolve(struct db *db, const char *root, struct buf *out)
{
	sqlite3_stmt *st;
	struct stat want;
	int rc, found = 0;

	if (db_view(db))
		return resolve_in_view(db_view(db), root, out);
	st = db_stmt(db, STMT_REPO_GET);
	buf_setlen(out, 0);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, root, (int)strlen(root), SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, "cannot read repositories");
	if (rc == SQLITE_ROW || stat(root, &want) < 0) {
		buf_adds(out, root);
		return rc == SQLITE_ROW;
	}
	st = db_stmt(db, STMT_REPO_BY_INODE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, (int64_t)want.st_dev);
	sqlite3_bind_int64(st, 2, (int64_t)want.st_ino);
	while (!found && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = sqlite3_column_blob(st, 0);
		int len = sqlite3_column_bytes(st, 0);
		char *path;
		if (!p || len <= 0)
			continue;
		/* the inode of a checkout deleted since may be another's now */
		path = xmemdup(p, (size_t)len);
		if (same_dir(path, &want) && !nested(path, root)) {
			buf_adds(out, path);
			found = 1;
		}
		free(path);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, "cannot read repositories");
	if (!found)
		buf_adds(out, root);
	return found;
}

int roots_spell(struct db *db, const char *dir, struct buf *out)
{
	struct buf canon = BUF_INIT;
	char *root = repo_root(dir);
	int ret = 0;

	buf_setlen(out, 0);
	if (!root) {
		buf_adds(out, dir);
		return 0;
	}
	if (roots_resolve(db, root, &canon) < 0)
		ret = -1;
	else if (!repo_respell(dir, strlen(dir), root, canon.data, out))
		buf_adds(out, dir); /* not below its root: cannot be */
	free(root);
	buf_release(&canon);
	return ret;
}

/* The history at and below FROM, spelled from TO instead, then FROM's row
 * gone; inside the caller's transaction. Returns 0 or -1. */
static int merge_one(struct db *db, const char *from, const char *to)
{
	static const char *const sql[] = {
	    /* FROM and below it: ?2 is FROM + "/", ?3 FROM + "0", the byte
	       after '/' */
	    "SELECT path, rank, last, seq FROM visit WHERE path = ?1 OR (path >= ?2 AND path < ?3)",
	    "INSERT INTO visit(path, rank, last, seq) VALUES(?1, ?2, ?3, ?4)"
	    " ON CONFLICT(path) DO UPDATE SET rank = rank + excluded.rank,"
	    " last = max(last, excluded.last), seq = max(seq, excluded.seq)",
	    "DELETE FROM visit WHERE path = ?1 OR (path >= ?2 AND path < ?3)",
	    "DELETE FROM repo WHERE path = ?1",
	};
	sqlite3_stmt *st[MCD_ARRAY_SIZE(sql)] = {NULL};
	struct buf lo = BUF_INIT, hi = BUF_INIT, arena = BUF_INIT, spelled = BUF_INIT;
	struct row {
		size_t path, len;
		double rank;
		int64_t last, seq;
	} *rows = NULL;
	size_t i, n = 0, cap = 0, len = strlen(from);
	int rc, ret = -1;

	for (i = 0; i < MCD_ARRAY_SIZE(sql); i++)
		if (sqlite3_prepare_v2(db->conn, sql[i], -1, &st[i], NULL) != SQLITE_OK)
			goto out;
	buf_add(&lo, from, len);
	buf_addch(&lo, '/');
	buf_add(&hi, from, len);
	buf_addch(&hi, '0');
	for (i = 0; i < MCD_ARRAY_SIZE(sql); i += 2) { /* the SELECT and the DELETE */
		sqlite3_bind_blob(st[i], 1, from, (int)len, SQLITE_STATIC);
		sqlite3_bind_blob(st[i], 2, lo.data, (int)lo.len, SQLITE_STATIC);
		sqlite3_bind_blob(st[i], 3, hi.data, (int)hi.len, SQLITE_STATIC);
	}
	/* read them all first: the writes go into the same table */
	while ((rc = sqlite3_step(st[0])) == SQLITE_ROW) {
		const char *p = sqlite3_column_blob(st[0], 0);
		int plen = sqlite3_column_bytes(st[0], 0);
		if (!p || plen <= 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			rows = xrealloc(rows, cap * sizeof(*rows));
		}
		rows[n] =
		    (struct row){arena.len, (size_t)plen, sqlite3_column_double(st[0], 1),
		                 sqlite3_column_int64(st[0], 2), sqlite3_column_int64(st[0], 3)};
		buf_add(&arena, p, (size_t)plen);
		n++;
	}
	if (rc != SQLITE_DONE || sqlite3_step(st[2]) != SQLITE_DONE)
		goto out;
	for (i = 0; i < n; i++) {
		if (!repo_respell(arena.data + rows[i].path, rows[i].len, from, to, &spelled))
			continue;
		sqlite3_reset(st[1]);
		sqlite3_bind_blob(st[1], 1, spelled.data, (int)spelled.len, SQLITE_STATIC);
		sqlite3_bind_double(st[1], 2, rows[i].rank);
		sqlite3_bind_int64(st[1], 3, rows[i].last);
		sqlite3_bind_int64(st[1], 4, rows[i].seq);
		if (sqlite3_step(st[1]) != SQLITE_DONE)
			goto out;
	}
	sqlite3_bind_blob(st[3], 1, from, (int)len, SQLITE_STATIC);
	if (sqlite3_step(st[3]) != SQLITE_DONE)
		goto out;
	ret = 0;
out:
	for (i = 0; i < MCD_ARRAY_SIZE(sql); i++)
		sqlite3_finalize(st[i]);
	free(rows);
	buf_release(&lo);
	buf_release(&hi);
	buf_release(&arena);
	buf_release(&spelled);
	return ret;
}

int roots_merge_aliases(struct db *db, const char *root)
{
	static const char sql[] = "SELECT path FROM repo WHERE path != ?1"
	                          " AND ((dev = ?2 AND ino = ?3) OR dev IS NULL)";
	struct roots aliases = {NULL, 0, 0};
	sqlite3_stmt *st = NULL;
	struct stat want;
	size_t i;
	int rc;

	if (!strcmp(root, "/") || stat(root, &want) < 0)
		return 0;
	if (sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(db, "cannot read repositories");
	sqlite3_bind_blob(st, 1, root, (int)strlen(root), SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (int64_t)want.st_dev);
	sqlite3_bind_int64(st, 3, (int64_t)want.st_ino);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = sqlite3_column_blob(st, 0);
		int len = sqlite3_column_bytes(st, 0);
		char *path;
		if (!p || len <= 0)
			continue;
		path = xmemdup(p, (size_t)len);
		if (!strcmp(path, "/") || nested(path, root) || !same_dir(path, &want)) {
			free(path);
			continue;
		}
		if (aliases.n == aliases.cap) {
			aliases.cap = aliases.cap ? 2 * aliases.cap : 4;
			aliases.v = xrealloc(aliases.v, aliases.cap * sizeof(*aliases.v));
		}
		memset(&aliases.v[aliases.n], 0, sizeof(*aliases.v));
		aliases.v[aliases.n++].path = path;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		roots_release(&aliases);
		return db_error(db, "cannot read repositories");
	}
	if (!aliases.n)
		return 0;
	if (db_begin(db) < 0) {
		roots_release(&aliases);
		return -1;
	}
	for (i = 0; i < aliases.n; i++)
		if (merge_one(db, aliases.v[i].path, root) < 0)
			goto fail;
	if (history_retotal(db) < 0 || db_commit(db) < 0)
		goto fail;
	for (i = 0; i < aliases.n; i++)
		snapshot_remove(aliases.v[i].path); /* rebuildable: ROOT's is the index */
	rc = (int)aliases.n;
	roots_release(&aliases);
	return rc;
fail:
	db_error(db, "cannot merge repositories");
	db_rollback(db);
	roots_release(&aliases);
	return -1;
}

int roots_unify(struct db *db)
{
	struct roots r;
	struct stat *st;
	char *ok;
	size_t i, j;
	int merged = 0, n = 0;

	if (roots_load(db, &r) < 0)
		return -1;
	st = xcalloc(r.n + 1, sizeof(*st));
	ok = xcalloc(r.n + 1, 1);
	for (i = 0; i < r.n; i++)
		ok[i] = stat(r.v[i].path, &st[i]) == 0;
	for (i = 0; i < r.n && n >= 0; i++) {
		int first = ok[i], others = 0;
		/* each checkout once, at its first recorded row, which stays */
		for (j = 0; j < r.n && first; j++) {
			if (j == i || !ok[j] || st[j].st_dev != st[i].st_dev ||
			    st[j].st_ino != st[i].st_ino)
				continue;
			others = 1;
			first = r.v[j].id > r.v[i].id;
		}
		if (!first || !others)
			continue;
		n = roots_merge_aliases(db, r.v[i].path);
		merged += n > 0 ? n : 0;
	}
	free(st);
	free(ok);
	roots_release(&r);
	return n < 0 ? -1 : merged;
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
