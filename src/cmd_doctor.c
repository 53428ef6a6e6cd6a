/* cmd_doctor.c - `mcd doctor [--repair]`: check the database, salvage history */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "args.h"
#include "cli.h"
#include "db.h"
#include "salvage.h"
#include "util.h"

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

static int repair(const char *path)
{
	struct salvage s;
	struct buf moved = BUF_INIT;
	struct db db;
	int ret = EXIT_ERROR;

	salvage_init(&s);
	salvage_read(path, &s);
	if (db_move_aside(path, cli_now(), &moved) < 0)
		goto out;
	printf("moved the damaged database to %s\n", quote_for_humans(moved.data));
	if (db_open_default(&db) < 0)
		goto out;
	if (salvage_restore(&db, &s) == 0) {
		printf(
		    "recovered %zu visited directories; the index is rebuilt on the next query\n",
		    s.n);
		ret = EXIT_OK;
	}
	db_close(&db);
out:
	salvage_release(&s);
	buf_release(&moved);
	return ret;
}

int cmd_doctor(const struct args *a)
{
	struct buf path = BUF_INIT, report = BUF_INIT;
	struct stat st;
	struct db db;
	long long visits = 0, repos = 0, dirs = 0;
	int fix = args_has(a, OPT_REPAIR), ok, ret = EXIT_ERROR;

	if (db_default_path(&path) < 0)
		goto out;
	printf("database: %s\n", quote_for_humans(path.data));
	if (lstat(path.data, &st) < 0) {
		printf("no database yet: it is created on first use\n");
		ret = EXIT_OK;
		goto out;
	}
	printf("size: %lld bytes\n", (long long)st.st_size);
	ok = salvage_check(path.data, &report);
	fputs(report.data ? report.data : "", stdout);
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
		printf("history: %lld directories; index: %lld repositories, %lld folders\n",
		       visits, repos, dirs);
		ret = EXIT_OK;
	} else if (fix) {
		ret = repair(path.data);
	} else {
		error("the database is damaged: run 'mcd doctor --repair' to salvage its history");
	}
out:
	buf_release(&path);
	buf_release(&report);
	return ret;
}
