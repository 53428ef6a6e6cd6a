/* db.c - open, migrate and talk to the SQLite database */
#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

static char unusable_reason[256];

/* Record why a file is unusable and say so to the caller, who moves it
 * aside: a refused file is never written to. */
static int unusable(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(unusable_reason, sizeof(unusable_reason), fmt, ap);
	va_end(ap);
	return DB_UNUSABLE;
}

/* A newer mcd's file is history all the same: refuse it, never move it
 * (an older binary left in PATH would bury the history at every cd). */
static int newer(int version)
{
	snprintf(unusable_reason, sizeof(unusable_reason),
		 "it is from a newer mcd, schema version %d; this mcd knows %d", version,
		 db_schema_version());
	return DB_NEWER;
}

/* An SQLite result that means the file itself is bad, not that it is busy. */
static int is_bad_file(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT;
}

/* Each migration takes the schema from version i to i + 1, in one transaction. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE visit("
	"  path BLOB PRIMARY KEY,"
	"  rank REAL NOT NULL,"
	"  last INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL DEFAULT 0" /* order of visits, immune to clock skew */
	") WITHOUT ROWID;"
	"CREATE INDEX visit_seq ON visit(seq);"
	"CREATE TABLE repo("
	"  id INTEGER PRIMARY KEY,"
	"  path BLOB NOT NULL UNIQUE,"
	"  indexed_at INTEGER NOT NULL,"
	"  ndirs INTEGER NOT NULL"
	");", /* the folders of each repository live in its snapshot (snapshot.h) */
	/* 1 -> 2: the sum of the ranks, so that the aging check on every
	   visit reads one row, not the history. It holds as of a point in
	   the order of visits, SEQ: each visit adds one to a rank and takes
	   the next seq, so the sum now is TOTAL plus the seqs taken since,
	   and a visit writes neither this row nor a trigger's (schema 1
	   files may have had those triggers, or no table at all) */
	"CREATE TABLE IF NOT EXISTS visit_total("
	"  one INTEGER PRIMARY KEY CHECK (one = 1),"
	"  total REAL NOT NULL"
	");"
	"DROP TRIGGER IF EXISTS visit_total_insert;"
	"DROP TRIGGER IF EXISTS visit_total_update;"
	"DROP TRIGGER IF EXISTS visit_total_delete;"
	"ALTER TABLE visit_total ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;"
	"INSERT OR REPLACE INTO visit_total(one, total, seq) VALUES(1,"
	"  (SELECT total(rank) FROM visit), (SELECT coalesce(max(seq), 0) FROM visit));",
};

static const char *const sql[STMT__COUNT] = {
	[STMT_VISIT_ADD] = "INSERT INTO visit(path, rank, last, seq)"
			   " VALUES(?1, 1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM visit))"
			   " ON CONFLICT(path) DO UPDATE SET rank = rank + 1, last = max(last, ?2),"
			   " seq = excluded.seq",
	[STMT_VISIT_TOTAL] = "SELECT total + (SELECT coalesce(max(seq), 0) FROM visit) - seq FROM visit_total",
	[STMT_VISIT_AGE] = "UPDATE visit SET rank = rank * ?1",
	[STMT_VISIT_PRUNE] = "DELETE FROM visit WHERE rank < ?1",
	/* after any write but a visit: the sum again, as of the last seq */
	[STMT_VISIT_RETOTAL] = "UPDATE visit_total SET total = (SELECT total(rank) FROM visit),"
			       " seq = (SELECT coalesce(max(seq), 0) FROM visit)",
	[STMT_VISIT_REMOVE] = "DELETE FROM visit WHERE path = ?1",
	/* everything strictly below ?1, which ends in '/'; ?2 is ?1 with the
	   '/' replaced by '0', the next byte */
	[STMT_VISIT_UNDER] = "SELECT path, rank, last, seq FROM visit WHERE path >= ?1 AND path < ?2",
	[STMT_VISIT_ALL] = "SELECT path, rank, last, seq FROM visit ORDER BY path",
	[STMT_REPO_GET] = "SELECT id, indexed_at, ndirs FROM repo WHERE path = ?1",
	[STMT_REPO_PUT] = "INSERT INTO repo(path, indexed_at, ndirs) VALUES(?1, ?2, ?3)"
			  " ON CONFLICT(path) DO UPDATE SET indexed_at = ?2, ndirs = ?3 RETURNING id",
};

int db_schema_version(void)
{
	return (int)MCD_ARRAY_SIZE(migrations);
}

int db_error(struct db *db, const char *what)
{
	if (db->conn && is_bad_file(sqlite3_extended_errcode(db->conn)))
		return error("%s: %s; run 'mcd doctor --repair' to salvage the history", what,
			     sqlite3_errmsg(db->conn));
	return error("%s: %s", what, db->conn ? sqlite3_errmsg(db->conn) : "no database");
}

int db_exec(struct db *db, const char *text)
{
	char *msg = NULL;
	if (sqlite3_exec(db->conn, text, NULL, NULL, &msg) != SQLITE_OK) {
		error("database '%s': %s", quote_for_humans(db->path), msg ? msg : "error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int db_begin(struct db *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

int db_commit(struct db *db)
{
	return db_exec(db, "COMMIT");
}

void db_rollback(struct db *db)
{
	if (db->conn && !sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
}

static int pragma_int(struct db *db, const char *pragma, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->conn, pragma, -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
		sqlite3_finalize(st);
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			return 0;
	}
	if (is_bad_file(rc))
		return unusable("%s", sqlite3_errstr(rc));
	return db_error(db, "cannot read database");
}

/* Refuse a file that is not ours or is newer than us, before anything
 * writes to it. */
static int check_owner(struct db *db, int version, int app)
{
	int tables, r;

	if (version > 0 && app != MCD_APPLICATION_ID)
		return unusable("another program's database, application_id %d", app);
	if (version > db_schema_version())
		return newer(version);
	if (version == 0) {
		/* an unversioned file with tables belongs to another program */
		if ((r = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &tables)) < 0)
			return r;
		if (tables > 0)
			return unusable("another program's database");
	}
	return 0;
}

/* A file shorter than its header says has lost pages: SQLite would only
 * notice when it reads them. The size in the header counts only when it
 * is valid (its version-valid-for number matches the change counter). */
static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Does PATH-wal exist and hold something? Then the main file may
 * legitimately be shorter than its header says, and its header stale. */
static int has_wal(const char *path)
{
	struct buf wal = BUF_INIT;
	struct stat st;
	int yes;

	buf_addf(&wal, "%s-wal", path);
	yes = lstat(wal.data, &st) == 0 && st.st_size > 0;
	buf_release(&wal);
	return yes;
}

/* Is page 1 (the database header and the schema's root) from another
 * program: versioned but not ours, or unversioned with tables? */
static int foreign_page1(const unsigned char *p, size_t len)
{
	uint32_t version, app;
	unsigned type, cells;

	if (len < 108)
		return 0;
	version = be32(p + 60);
	app = be32(p + 68);
	if (app == MCD_APPLICATION_ID)
		return 0;
	type = p[100];                          /* b-tree page header after the file header */
	cells = (unsigned)p[103] << 8 | p[104]; /* schema entries on a leaf */
	return version > 0 || type == 0x05 || (type == 0x0d && cells > 0);
}

/* Reading the WAL beside a database ourselves, before SQLite touches it:
 * its header, then the frames of its current generation. */
struct wal_frames {
	int fd;
	uint32_t page_size, salt1, salt2;
	off_t off; /* of the next frame */
};

/* Open the WAL beside PATH; 1 when it is one, 0 when missing or not a WAL
 * (SQLite ignores those). */
static int wal_open(const char *path, struct wal_frames *w)
{
	struct buf name = BUF_INIT;
	unsigned char hdr[32];

	buf_addf(&name, "%s-wal", path);
	w->fd = open(name.data, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	buf_release(&name);
	if (w->fd < 0)
		return 0;
	w->page_size = 0;
	if (pread(w->fd, hdr, sizeof(hdr), 0) == (ssize_t)sizeof(hdr) &&
	    (be32(hdr) & 0xfffffffe) == 0x377f0682) {
		w->page_size = be32(hdr + 8);
		w->salt1 = be32(hdr + 16);
		w->salt2 = be32(hdr + 20);
	}
	if (w->page_size < 512 || w->page_size > 65536 || (w->page_size & (w->page_size - 1))) {
		close(w->fd);
		return 0;
	}
	w->off = 32;
	return 1;
}

/* The next frame's 24-byte header (page number, database size after a
 * commit or 0, salts) into FH, and its page's offset into *PAGE_AT; 0 at
 * the end of the current generation. */
static int wal_next(struct wal_frames *w, unsigned char fh[24], off_t *page_at)
{
	if (pread(w->fd, fh, 24, w->off) != 24 || be32(fh + 8) != w->salt1 || be32(fh + 12) != w->salt2)
		return 0;
	*page_at = w->off + 24;
	w->off += 24 + (off_t)w->page_size;
	return 1;
}

/* The header is stale while a WAL holds newer pages, and opening the file,
 * even read-only, would touch the WAL or its index. Read the newest
 * committed image of page 1 from the WAL itself instead: a foreign
 * database stays byte for byte as it was until it is moved aside. */
static int check_wal(const char *path)
{
	struct buf seen = BUF_INIT, page = BUF_INIT;
	struct wal_frames w;
	unsigned char fh[24];
	off_t at;
	int found = 0, ret = 0;

	if (!wal_open(path, &w))
		return 0;
	buf_grow(&page, w.page_size);
	buf_grow(&seen, w.page_size);
	/* the last committed frame of page 1 wins */
	while (wal_next(&w, fh, &at)) {
		if (be32(fh) == 1) {
			if (pread(w.fd, seen.data, w.page_size, at) != (ssize_t)w.page_size)
				break;
			found = 2; /* seen, not yet committed */
		}
		if (be32(fh + 4) != 0 && found == 2) { /* a commit frame */
			memcpy(page.data, seen.data, w.page_size);
			found = 1;
		}
	}
	if (found == 1 && foreign_page1((const unsigned char *)page.data, w.page_size))
		ret = unusable("another program's database");
	close(w.fd);
	buf_release(&seen);
	buf_release(&page);
	return ret;
}

/* Does the WAL beside PATH hold, committed, every page from FIRST to LAST
 * (1-based) of a database with pages of PAGE_SIZE bytes? A checkpoint
 * that was cut short may leave the file shorter than its own header says,
 * but then the pages it lacks are all in the WAL, which SQLite replays;
 * a file that was truncated has no such excuse. */
static int wal_holds(const char *path, uint32_t page_size, uint32_t first, uint32_t last)
{
	struct wal_frames w;
	unsigned char fh[24], *held;
	uint32_t n = last - first + 1, i;
	off_t at, committed = 0;
	int ok = 1;

	if (last < first || n > (1u << 24))
		return n > (1u << 24); /* too big to tell: let SQLite judge */
	if (!wal_open(path, &w))
		return 0;
	if (w.page_size != page_size) {
		close(w.fd);
		return 0;
	}
	/* what the last commit covers, then the pages of those frames */
	while (wal_next(&w, fh, &at))
		if (be32(fh + 4) != 0)
			committed = w.off;
	held = xcalloc(n, 1);
	w.off = 32;
	while (w.off < committed && wal_next(&w, fh, &at))
		if (be32(fh) >= first && be32(fh) <= last)
			held[be32(fh) - first] = 1;
	for (i = 0; i < n && ok; i++)
		ok = held[i];
	free(held);
	close(w.fd);
	return ok;
}

/* Checks on the file's first 100 bytes, before SQLite opens it: opening
 * would replay and delete another program's WAL, which must be moved
 * aside untouched. Returns 1 when the file is in WAL mode already, 0
 * when it may not be, or DB_UNUSABLE. */
static int check_header(const char *path)
{
	unsigned char h[100];
	struct stat st;
	uint32_t pages, counter, valid_for, version, app;
	unsigned page_size;
	ssize_t n;
	int is_wal, wal, fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return 0; /* missing: SQLite creates it; other errors: SQLite reports them */
	if (fstat(fd, &st) < 0 || st.st_size == 0) {
		close(fd);
		return 0;
	}
	n = pread(fd, h, sizeof(h), 0);
	close(fd);
	if (n < (ssize_t)sizeof(h))
		return unusable("truncated to %lld bytes", (long long)st.st_size);
	if (memcmp(h, "SQLite format 3", 16) != 0)
		return unusable("not an SQLite database");
	version = be32(h + 60);
	app = be32(h + 68);
	if (version > 0 && app != MCD_APPLICATION_ID)
		return unusable("another program's database, application_id %d", (int)app);
	if (app == MCD_APPLICATION_ID && version > (uint32_t)db_schema_version())
		return newer((int)version);
	is_wal = h[18] == 2 && h[19] == 2;
	wal = has_wal(path);
	if (wal && app != MCD_APPLICATION_ID)
		return check_wal(path);
	page_size = (unsigned)h[16] << 8 | h[17];
	if (page_size == 1)
		page_size = 65536;
	pages = be32(h + 28);
	counter = be32(h + 24);
	valid_for = be32(h + 92);
	if (pages && counter == valid_for && (uint64_t)pages * page_size > (uint64_t)st.st_size &&
	    !(wal && wal_holds(path, page_size, (uint32_t)((uint64_t)st.st_size / page_size) + 1, pages)))
		return unusable("truncated to %lld of %llu bytes", (long long)st.st_size,
				(unsigned long long)pages * page_size);
	return is_wal;
}

/* Bring the schema from VERSION to the current one; concurrent processes
 * serialise on BEGIN IMMEDIATE and re-read the version inside the
 * transaction. */
static int migrate(struct db *db, int network, int version)
{
	int app, r;
	char text[128];

	if (version == db_schema_version())
		return 0;
	if (db_begin(db) < 0)
		return -1;
	if ((r = pragma_int(db, "PRAGMA user_version", &version)) < 0 ||
	    (r = pragma_int(db, "PRAGMA application_id", &app)) < 0 ||
	    (r = check_owner(db, version, app)) < 0)
		goto fail;
	r = -1;
	for (; version < db_schema_version(); version++)
		if (db_exec(db, migrations[version]) < 0)
			goto fail;
	/* PRAGMA arguments cannot be bound: format them into the text */
	snprintf(text, sizeof(text), "PRAGMA application_id = %d; PRAGMA user_version = %d",
		 MCD_APPLICATION_ID, version);
	if (db_exec(db, text) < 0 || db_commit(db) < 0)
		goto fail;
	/* write the new header into the file itself: with the WAL kept
	   between runs, later opens read ownership from it, not the WAL */
	if (!network && strcmp(db->path, ":memory:") != 0)
		sqlite3_exec(db->conn, "PRAGMA wal_checkpoint(PASSIVE)", NULL, NULL, NULL);
	return 0;
fail:
	db_rollback(db);
	return r;
}

/* The journal mode stored in the file: 1 it is WANT, 0 not, -1 with a
 * message (DB_UNUSABLE for a bad file). */
static int journal_is(struct db *db, const char *want)
{
	sqlite3_stmt *st;
	int rc, same = 0;

	rc = sqlite3_prepare_v2(db->conn, "PRAGMA journal_mode", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		same = strcmp((const char *)sqlite3_column_text(st, 0), want) == 0;
	sqlite3_finalize(st);
	if (is_bad_file(rc))
		return unusable("%s", sqlite3_errstr(rc));
	if (rc != SQLITE_ROW && rc != SQLITE_OK)
		return db_error(db, "cannot read database");
	return same;
}

/* WAL needs shared memory between processes, which network filesystems do
 * not give: there the rollback journal is used. */
static int set_journal(struct db *db, int network, int is_wal)
{
	const char *want = network ? "delete" : "wal";
	const char *to = network ? "PRAGMA journal_mode = DELETE" : "PRAGMA journal_mode = WAL";
	struct timespec pause = {0, 2 * 1000 * 1000};
	int rc, same, waited;

	if (strcmp(db->path, ":memory:") == 0)
		return 0;
	/* the header said so: spare the query, every cd opens the file */
	if (is_wal && !network)
		return db_exec(db, "PRAGMA synchronous = NORMAL");
	/* journal_mode is stored in the file: only the first opener switches.
	   Switching needs the file alone, and first runs racing each other
	   get SQLITE_BUSY at once, without the busy handler: wait as it
	   would, until one of them has switched it */
	if ((same = journal_is(db, want)) < 0)
		return same;
	for (waited = 0; !same; waited += 2) {
		rc = sqlite3_exec(db->conn, to, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			break;
		if ((rc & 0xff) != SQLITE_BUSY || waited >= MCD_BUSY_TIMEOUT_MS)
			return db_error(db, "cannot set the journal mode");
		nanosleep(&pause, NULL);
		if ((same = journal_is(db, want)) < 0)
			return same;
	}
	return db_exec(db, network ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
}

static int wal_committed(void *arg, struct sqlite3 *conn, const char *name, int pages)
{
	struct db *db = arg;
	db->wal_pages = pages;
	return SQLITE_OK;
}

/* Before SQLite starts: no memory statistics (a mutex on every
 * allocation), and no mutex per connection, which mcd never shares
 * between threads. */
static void configure_sqlite(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
}

int db_open_journal(struct db *db, const char *path, enum db_journal journal)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW;
	int version, app, r, is_wal = 0, network = journal == DB_ROLLBACK;

	memset(db, 0, sizeof(*db));
	unusable_reason[0] = '\0';
	if (strcmp(path, ":memory:") != 0 && (is_wal = r = check_header(path)) < 0)
		return r;
	db->path = xstrdup(path);
	configure_sqlite();
	if (sqlite3_open_v2(path, &db->conn, flags, NULL) != SQLITE_OK) {
		error("cannot open database '%s': %s", quote_for_humans(path),
		      db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
		r = -1;
		goto fail;
	}
	/* before anything else touches the file */
	sqlite3_busy_timeout(db->conn, MCD_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db->conn, 1);
	if (!network && strcmp(path, ":memory:") != 0) {
		/* the WAL and its index stay between runs, even when the file
		   is then refused; db_close() decides when to checkpoint (the
		   hook replaces SQLite's autocheckpoint) */
		sqlite3_db_config(db->conn, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
		sqlite3_wal_hook(db->conn, wal_committed, db);
	}
	/* read-only checks first: a refused file is never written */
	if ((r = pragma_int(db, "PRAGMA user_version", &version)) < 0 ||
	    (r = pragma_int(db, "PRAGMA application_id", &app)) < 0 ||
	    (r = check_owner(db, version, app)) < 0)
		goto fail;
	if ((r = set_journal(db, network, is_wal)) < 0 || (r = migrate(db, network, version)) < 0)
		goto fail;
	return 0;
fail:
	db_close(db);
	return r;
}

int db_open(struct db *db, const char *path)
{
	return db_open_journal(db, path, DB_WAL);
}

/* mkdir -p with mode 0700 for the folders we create */
static int make_dirs(char *path)
{
	struct stat st;
	char *p;

	/* every cd runs mcd add: one stat when the folder is there */
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			int e = errno;
			*p = '/';
			return error("cannot create '%s': %s", quote_for_humans(path), strerror(e));
		}
		*p = '/';
	}
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return error("cannot create '%s': %s", quote_for_humans(path), strerror(errno));
	return 0;
}

int db_data_dir(struct buf *out)
{
	const char *v;

	buf_setlen(out, 0);
	if ((v = getenv("MCD_DATA_DIR")) && *v) {
		if (*v != '/')
			return error("MCD_DATA_DIR must be an absolute path: '%s'", quote_for_humans(v));
		buf_adds(out, v);
	} else if ((v = getenv("XDG_DATA_HOME")) && *v == '/') {
		/* a relative XDG_DATA_HOME is invalid per the spec: ignore it */
		buf_adds(out, v);
		buf_adds(out, "/mcd");
	} else if ((v = getenv("HOME")) && *v == '/') {
		buf_adds(out, v);
		buf_adds(out, "/.local/share/mcd");
	} else {
		return error("cannot find a data folder: set HOME or MCD_DATA_DIR");
	}
	while (out->len > 1 && out->data[out->len - 1] == '/')
		buf_setlen(out, out->len - 1);
	return 0;
}

int db_default_path(struct buf *out)
{
	if (db_data_dir(out) < 0)
		return -1;
	buf_adds(out, "/mcd.db");
	return 0;
}

/* Refuse what another user could swap or write: the data folder and the
 * database must be the user's own and not writable by others; the database
 * must not be a symlink. */
static int check_private(const char *path, int is_dir)
{
	struct stat st;

	if ((is_dir ? stat(path, &st) : lstat(path, &st)) < 0) {
		if (errno == ENOENT && !is_dir)
			return 0;
		return error("cannot use '%s': %s", quote_for_humans(path), strerror(errno));
	}
	if (S_ISLNK(st.st_mode))
		return error("refusing '%s': it is a symbolic link", quote_for_humans(path));
	if (is_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
		return error("refusing '%s': not a %s", quote_for_humans(path),
			     is_dir ? "folder" : "regular file");
	if (st.st_uid != geteuid())
		return error("refusing '%s': owned by another user", quote_for_humans(path));
	if (st.st_mode & 022)
		return error("refusing '%s': writable by others (chmod go-w)", quote_for_humans(path));
	return 0;
}

int db_is_network_fs(long type)
{
	switch ((unsigned long)type & 0xffffffffUL) {
	case 0x6969UL:     /* NFS */
	case 0x517bUL:     /* SMB */
	case 0xff534d42UL: /* CIFS */
	case 0xfe534d42UL: /* SMB2 */
	case 0x5346414fUL: /* AFS */
	case 0x73757245UL: /* CODA */
	case 0x564cUL:     /* NCP */
	case 0x01021997UL: /* 9P */
		return 1;
	}
	return 0;
}

int db_move_aside(const char *path, int64_t now, struct buf *moved)
{
	static const char *const suffix[] = {"", "-wal", "-shm"};
	struct buf to = BUF_INIT, from = BUF_INIT;
	struct stat st;
	size_t i, base;
	int n, ret = -1;

	/* a name nothing has: never overwrite an earlier casualty */
	for (n = 0;; n++) {
		buf_setlen(&to, 0);
		buf_addf(&to, "%s.corrupt-%lld", path, (long long)now);
		if (n)
			buf_addf(&to, ".%d", n);
		if (lstat(to.data, &st) < 0 && errno == ENOENT)
			break;
		if (n > 1000) {
			error("cannot move '%s' aside: too many earlier copies", quote_for_humans(path));
			goto out;
		}
	}
	buf_setlen(moved, 0);
	buf_add(moved, to.data, to.len);
	base = to.len;
	for (i = 0; i < MCD_ARRAY_SIZE(suffix); i++) {
		buf_setlen(&from, 0);
		buf_addf(&from, "%s%s", path, suffix[i]);
		buf_setlen(&to, base);
		buf_adds(&to, suffix[i]);
		/* link + unlink: fails rather than replace anything */
		if (link(from.data, to.data) < 0) {
			if (errno == ENOENT)
				continue;
			error("cannot move '%s' aside: %s", quote_for_humans(from.data), strerror(errno));
			goto out;
		}
		if (unlink(from.data) < 0) {
			error("cannot move '%s' aside: %s", quote_for_humans(from.data), strerror(errno));
			goto out;
		}
	}
	ret = 0;
out:
	buf_release(&to);
	buf_release(&from);
	return ret;
}

/* Move an unusable database aside, once: under a lock, and only if the
 * file is still unusable (another process may have done it already). */
static int replace_unusable(struct db *db, const char *dir, const char *file,
                            enum db_journal journal)
{
	struct buf lock = BUF_INIT, moved = BUF_INIT;
	int fd, r;

	buf_addf(&lock, "%s/mcd.lock", dir);
	fd = open(lock.data, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	buf_release(&lock);
	if (fd < 0)
		return error("cannot lock '%s': %s", quote_for_humans(dir), strerror(errno));
	while (flock(fd, LOCK_EX) < 0 && errno == EINTR)
		;
	r = db_open_journal(db, file, journal);
	if (r == DB_UNUSABLE) {
		char reason[sizeof(unusable_reason)];
		memcpy(reason, unusable_reason, sizeof(reason));
		if (db_move_aside(file, (int64_t)time(NULL), &moved) < 0) {
			r = -1;
		} else {
			error("'%s' was unusable (%s); moved it to '%s' and started a new one",
			      quote_for_humans(file), reason, quote_for_humans(moved.data));
			r = db_open_journal(db, file, journal);
			if (r == DB_UNUSABLE)
				r = error("'%s' is unusable: %s", quote_for_humans(file), unusable_reason);
		}
	}
	close(fd); /* releases the lock */
	buf_release(&moved);
	return r;
}

int db_open_default(struct db *db)
{
	struct buf dir = BUF_INIT;
	struct statfs fs;
	char *file = NULL, *real;
	enum db_journal journal;
	int ret = -1;

	memset(db, 0, sizeof(*db));
	if (db_data_dir(&dir) < 0 || make_dirs(dir.data) < 0 || check_private(dir.data, 1) < 0)
		goto out;
	/* SQLite refuses a symlink anywhere in the path: resolve the folder
	   (a HOME reached through a link is fine); the file itself must not
	   be one */
	real = realpath(dir.data, NULL);
	if (!real) {
		error("cannot use '%s': %s", quote_for_humans(dir.data), strerror(errno));
		goto out;
	}
	buf_setlen(&dir, 0);
	buf_adds(&dir, real);
	free(real);
	file = path_join(dir.data, "mcd.db");
	if (check_private(file, 0) < 0)
		goto out;
	journal = DB_WAL;
	if (statfs(dir.data, &fs) == 0 && db_is_network_fs((long)fs.f_type))
		journal = DB_ROLLBACK;
	ret = db_open_journal(db, file, journal);
	if (ret == DB_UNUSABLE)
		ret = replace_unusable(db, dir.data, file, journal);
	if (ret == DB_NEWER)
		error("cannot use '%s': %s; nothing was changed (upgrade this mcd)",
		      quote_for_humans(file), unusable_reason);
out:
	free(file);
	buf_release(&dir);
	return ret < 0 ? -1 : 0;
}

void db_close(struct db *db)
{
	size_t i;
	for (i = 0; i < STMT__COUNT; i++)
		sqlite3_finalize(db->stmt[i]);
	if (db->conn && db->wal_pages >= MCD_WAL_CHECKPOINT_PAGES) {
		/* copy the WAL back and empty it, unless a reader or writer is
		   busy with it: then a later writer does it, nobody waits; but
		   past four times the size, this one waits as any write would,
		   so unsynced visits stay few however busy the readers are */
		sqlite3_busy_timeout(db->conn, db->wal_pages >= 4 * MCD_WAL_CHECKPOINT_PAGES
						       ? MCD_BUSY_TIMEOUT_MS
						       : 0);
		sqlite3_wal_checkpoint_v2(db->conn, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	}
	if (db->conn)
		sqlite3_close(db->conn);
	free(db->path);
	memset(db, 0, sizeof(*db));
}

int db_checkpoint(struct db *db)
{
	int rc = sqlite3_wal_checkpoint_v2(db->conn, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_error(db, "cannot fold the write-ahead log into the database");
	db->wal_pages = 0;
	return 0;
}

struct sqlite3_stmt *db_stmt(struct db *db, enum db_stmt id)
{
	if (!db->stmt[id]) {
		if (sqlite3_prepare_v3(db->conn, sql[id], -1, SQLITE_PREPARE_PERSISTENT, &db->stmt[id],
				       NULL) != SQLITE_OK) {
			db_error(db, "cannot prepare statement");
			return NULL;
		}
	} else {
		sqlite3_reset(db->stmt[id]);
		sqlite3_clear_bindings(db->stmt[id]);
	}
	return db->stmt[id];
}
