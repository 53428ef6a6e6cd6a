/* db.h - the SQLite database: schema, migrations and every statement
 *
 * One file, mcd.db, in the data folder holds history (precious) and the
 * list of indexed repositories; the index of each is its snapshot file
 * (snapshot.h, rebuildable). WAL journal, a busy timeout set
 * before anything else, writes in BEGIN IMMEDIATE transactions. Paths are
 * stored as BLOBs: they are bytes, not text.
 *
 * db.c holds the connection (opening, the schema, the journal, statements,
 * transactions); dbfile.c the file and its folder (where it lives, who may
 * own it, whether it is sound, moving it aside), declared last.
 */
#ifndef MCD_DB_H
#define MCD_DB_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "view.h"

struct sqlite3;
struct sqlite3_stmt;

#define MCD_APPLICATION_ID 0x6d636430 /* "mcd0": marks our files as ours */
#define MCD_BUSY_TIMEOUT_MS 10000     /* many shells write at once: wait, never fail */
/* Every cd commits a visit. Closing does not checkpoint (that costs four
 * fsyncs); the WAL is copied back and emptied by the writer that leaves it
 * at least this many pages, or by one that indexed (db_fold_on_close()),
 * and every process start replays the WAL, so it stays small. */
#define MCD_WAL_CHECKPOINT_PAGES 64

enum db_stmt {
	STMT_VISIT_ADD,
	STMT_VISIT_TOTAL,
	STMT_VISIT_AGE,
	STMT_VISIT_PRUNE,
	STMT_VISIT_RETOTAL,
	STMT_VISIT_REMOVE,
	STMT_VISIT_UNDER,
	STMT_VISIT_ALL,
	STMT_REPO_GET,
	STMT_REPO_PUT,
	STMT_REPO_BY_INODE,
	STMT__COUNT
};

struct db {
	struct sqlite3 *conn; /* NULL while a view stands in for it: db_open_view() */
	char *path;
	struct sqlite3_stmt *stmt[STMT__COUNT];
	int wal_pages;            /* pages in the WAL after this connection's last commit */
	int fold;                 /* fold the WAL into the file when closing: db_fold_on_close() */
	int rollback;             /* the rollback journal, not WAL */
	int committed;            /* a write was committed: db_close() writes the view */
	int reviewed;             /* the view was stale: db_close() writes it anew */
	int commits;              /* writes this connection committed */
	struct view_patch *patch; /* view_patch_begin() */
	struct view view;         /* what is read while there is no connection */
	int lazy;                 /* connect on first use, db_open_data(lazy_flags) */
	unsigned lazy_flags;
};

#define DB_UNUSABLE (-2) /* corrupt or foreign */
#define DB_NEWER (-3)    /* from a newer mcd: refused, never moved aside */

/* Open (creating when missing) the database at PATH, or ":memory:", and
 * bring its schema to the current version. Returns 0; DB_UNUSABLE when the
 * file is corrupt or another program's, DB_NEWER when it is from a newer
 * mcd, both without a message and without writing to it; or -1 with a
 * message for other errors (permissions, I/O, a lock held too long). On
 * success the caller releases DB with db_close(); on failure DB holds
 * nothing to release. */
int db_open(struct db *db, const char *path);

/* The journal of a database file: WAL, except on a network filesystem,
 * where WAL is unsafe (it needs memory shared between the processes). */
enum db_journal {
	DB_WAL,
	DB_ROLLBACK,
	/* WAL, the file held alone while it is open, when no other connection
	   has it open (SQLite's exclusive locking mode: the WAL's index kept
	   in this process's memory, no shared-memory file to truncate, grow,
	   map and lock); else, without waiting, DB_WAL. For a brief write,
	   a visit: another process that opens the file meanwhile waits for
	   it as for any writer (the busy timeout). */
	DB_WAL_ALONE,
};

/* db_open() with the journal JOURNAL, which the file is switched to when it
 * has the other one. db_open(DB, PATH) is db_open_journal(DB, PATH, DB_WAL). */
int db_open_journal(struct db *db, const char *path, enum db_journal journal);

/* When DB is closed, fold the WAL back into the file and empty it, unless
 * a reader or writer is busy with it (nobody waits): for what indexed, a
 * slow command, most often the refresh in the background. Each process
 * that opens the database next reads the whole WAL again (60 visits in it
 * cost a query a third more instructions), so every minute of use leaves
 * it empty instead of up to MCD_WAL_CHECKPOINT_PAGES pages. */
void db_fold_on_close(struct db *db);

/* Copy the WAL into the database file and empty it, waiting for readers
 * as any write does: afterwards mcd.db alone holds everything. Returns 0,
 * or -1 with a message. */
int db_checkpoint(struct db *db);

/* Connect DB, opened by db_open_view() on its view, to its database
 * (db_open_data() with the flags given there), dropping the view: from
 * then on everything reads the database. A no-op on a connected DB.
 * Returns 0, or -1 with a message (DB then holds nothing). db_stmt(),
 * db_begin() and db_exec() connect on their own. */
int db_connect(struct db *db);

/* The view standing in for DB's connection, or NULL when there is none
 * (DB is connected): what a query reads instead of the database. */
const struct view *db_view(const struct db *db);

/* Finalize every statement and close, after writing the view when this
 * connection committed a write or found the view stale (view.h). Safe on
 * a zeroed or failed db. */
void db_close(struct db *db);

/* The statement for ID, prepared on first use and reset for reuse.
 * Returns NULL (with a message) if it cannot be prepared. DB owns the
 * statement: it stays valid until db_close(), which finalizes it. */
struct sqlite3_stmt *db_stmt(struct db *db, enum db_stmt id);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Return 0 or -1 with a message. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);

/* Execute SQL with no result rows. Returns 0 or -1 with a message. */
int db_exec(struct db *db, const char *sql);

/* Report the connection's last error as "mcd: WHAT: <sqlite message>" and
 * return -1. */
int db_error(struct db *db, const char *what);

/* The schema version this binary writes. */
int db_schema_version(void);

/* The file and its folder (dbfile.c) */

/* Resolve the data folder into OUT: $MCD_DATA_DIR, else $XDG_DATA_HOME/mcd,
 * else $HOME/.local/share/mcd. Relative values are refused. Returns 0 or -1
 * (with a message). */
int db_data_dir(struct buf *out);

/* The path of the data folder's database into OUT; 0 or -1 (message). */
int db_default_path(struct buf *out);

/* Open the database of the data folder (db_data_dir() + "/mcd.db"),
 * creating the folder (0700) and the file (0600). Refuses a data folder or
 * file that is a symlink, owned by another user or writable by others. An
 * unusable file is moved aside (with its -wal and -shm) to
 * mcd.db.corrupt-<time>, reported in one line saying why, and a new one
 * created; one from a newer mcd is left alone, with a message saying so.
 * On a network filesystem the rollback journal is used instead of WAL.
 * Returns 0 or -1 with a message; as after db_open(), the caller releases
 * DB with db_close() on success, and on failure it holds nothing. */
int db_open_default(struct db *db);

/* db_open_default(), with DB_DATA_EXISTING: only the database that is
 * there, as it is: no folder or file is created, an unusable one is not
 * moved aside (-1, or DB_UNUSABLE / DB_NEWER without a message; no file:
 * -1 without a message). */
#define DB_DATA_EXISTING 1u
/* With DB_DATA_ALONE: for a brief write (a visit), DB_WAL_ALONE instead
 * of DB_WAL. */
#define DB_DATA_ALONE 2u
int db_open_data(struct db *db, unsigned flags);

/* db_open_data(DB, FLAGS) for what only reads (a query, TAB): when the
 * database's view is sound and current (view.h), DB holds the view and no
 * connection, and connects on the first statement; otherwise DB is
 * connected, and db_close() writes the view anew. Returns as
 * db_open_data() does. */
int db_open_view(struct db *db, unsigned flags);

/* Is a statfs() f_type a network filesystem (NFS, SMB/CIFS, AFS, 9P...)? */
int db_is_network_fs(long type);

/* Move the file at PATH and its -wal, -shm and -view aside to
 * PATH.corrupt-<NOW>[.N], never overwriting anything. Writes the new name
 * of PATH into MOVED. Returns 0 or -1 with a message. */
int db_move_aside(const char *path, int64_t now, struct buf *moved);

#endif
