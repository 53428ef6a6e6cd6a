/* doctor.c - `mcd doctor [--repair]`: check the database, salvage history */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "db.h"
#include "history.h"
#include "util.h"

struct salvage {
	struct buf arena; /* paths, NUL-separated */
	struct {
		size_t path;
		double rank;
		int64_t last, seq;
	} *v;
	size_t n, cap;
};

/* Run quick_check on the file at PATH opened read-only; print what it says.
 * Returns 1 when the file is sound, 0 when damaged or unreadable. */
static int check(const char *path)
{
	sqlite3 *conn = NULL;
	sqlite3_stmt *st = NULL;
	int ok = 0, rc, lines = 0;

	if (sqlite3_open_v2(path, &conn, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
		printf("cannot open: %s\n", conn ? sqlite3_errmsg(conn) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(conn, MCD_BUSY_TIMEOUT_MS);
	if (sqlite3_prepare_v2(conn, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK) {
		printf("quick_check: %s\n", sqlite3_errmsg(conn));
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		if (line && !strcmp(line, "ok") && lines == 0)
			ok = 1;
		else if (lines < 20)
			printf("quick_check: %s\n", line ? quote_for_humans(line) : "?");
		lines++;
	}
	if (rc != SQLITE_DONE) {
		printf("quick_check: %s\n", sqlite3_errmsg(conn));
		ok = 0;
	}
out:
	sqlite3_finalize(st);
	sqlite3_close(conn);
	return ok;
}

static int count(struct db *db, const char *sql, long long *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		rc = SQLITE_ERROR;
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Read every visit row that can still be read from the damaged file. */
static void salvage_visits(const char *path, struct salvage *s)
{
	sqlite3 *conn = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_open_v2(path, &conn, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK)
		goto out;
	sqlite3_busy_timeout(conn, MCD_BUSY_TIMEOUT_MS);
	if (sqlite3_prepare_v2(conn, "SELECT path, rank, last, seq FROM visit", -1, &st, NULL) != SQLITE_OK)
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

static int restore_visits(struct db *db, const struct salvage *s)
{
	sqlite3_stmt *st = NULL;
	size_t i;

	if (db_begin(db) < 0)
		return -1;
	if (sqlite3_prepare_v2(db->conn,
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

static int repair(const char *path)
{
	struct salvage s;
	struct buf moved = BUF_INIT;
	struct db db;
	int ret = EXIT_ERROR;

	memset(&s, 0, sizeof(s));
	salvage_visits(path, &s);
	if (db_move_aside(path, (int64_t)time(NULL), &moved) < 0)
		goto out;
	printf("moved the damaged database to %s\n", quote_for_humans(moved.data));
	if (db_open_default(&db) < 0)
		goto out;
	if (restore_visits(&db, &s) == 0) {
		printf("recovered %zu visited directories; the index is rebuilt on the next query\n", s.n);
		ret = EXIT_OK;
	}
	db_close(&db);
out:
	free(s.v);
	buf_release(&s.arena);
	buf_release(&moved);
	return ret;
}

int cmd_doctor(int argc, char **argv)
{
	struct buf path = BUF_INIT;
	struct stat st;
	struct db db;
	long long visits = 0, repos = 0, dirs = 0;
	int fix = 0, ok, i, ret = EXIT_ERROR;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--repair"))
			fix = 1;
		else
			return error("doctor: unknown argument '%s'", quote_for_humans(argv[i])), EXIT_USAGE;
	}
	if (db_default_path(&path) < 0)
		goto out;
	printf("database: %s\n", quote_for_humans(path.data));
	if (lstat(path.data, &st) < 0) {
		printf("no database yet: it is created on first use\n");
		ret = EXIT_OK;
		goto out;
	}
	printf("size: %lld bytes\n", (long long)st.st_size);
	ok = check(path.data);
	if (ok) {
		if (db_open_default(&db) < 0)
			goto out;
		count(&db, "SELECT count(*) FROM visit", &visits);
		count(&db, "SELECT count(*) FROM repo", &repos);
		count(&db, "SELECT total(ndirs) FROM repo", &dirs);
		/* recent visits wait in mcd.db-wal: fold them in, so the file
		   alone can be copied (a busy reader only delays that) */
		db_checkpoint(&db);
		db_close(&db);
		printf("quick_check: ok\n");
		printf("history: %lld directories; index: %lld repositories, %lld folders\n", visits, repos,
		       dirs);
		ret = EXIT_OK;
	} else if (fix) {
		ret = repair(path.data);
	} else {
		error("the database is damaged: run 'mcd doctor --repair' to salvage its history");
	}
out:
	buf_release(&path);
	return ret;
}
