/* dbfile.c - the database file and its folder: where it lives, who may own
 * it, whether it is ours and sound before SQLite opens it, network
 * filesystems, and moving an unusable file aside */
#include "db.h"
#include "dbfile.h"

#include <errno.h>
#include <fcntl.h>
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
int dbfile_unusable(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(unusable_reason, sizeof(unusable_reason), fmt, ap);
	va_end(ap);
	return DB_UNUSABLE;
}

/* A newer mcd's file is history all the same: refuse it, never move it
 * (an older binary left in PATH would bury the history at every cd). */
int dbfile_newer(int version)
{
	snprintf(unusable_reason, sizeof(unusable_reason),
	         "it is from a newer mcd, schema version %d; this mcd knows %d", version,
	         db_schema_version());
	return DB_NEWER;
}

void dbfile_clear_reason(void)
{
	unusable_reason[0] = '\0';
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
	if (pread(w->fd, fh, 24, w->off) != 24 || be32(fh + 8) != w->salt1 ||
	    be32(fh + 12) != w->salt2)
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
		ret = dbfile_unusable("another program's database");
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
 * aside untouched. */
int dbfile_check_header(const char *path)
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
		return dbfile_unusable("truncated to %lld bytes", (long long)st.st_size);
	if (memcmp(h, "SQLite format 3", 16) != 0)
		return dbfile_unusable("not an SQLite database");
	version = be32(h + 60);
	app = be32(h + 68);
	if (version > 0 && app != MCD_APPLICATION_ID)
		return dbfile_unusable("another program's database, application_id %d", (int)app);
	if (app == MCD_APPLICATION_ID && version > (uint32_t)db_schema_version())
		return dbfile_newer((int)version);
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
	    !(wal &&
	      wal_holds(path, page_size, (uint32_t)((uint64_t)st.st_size / page_size) + 1, pages)))
		return dbfile_unusable("truncated to %lld of %llu bytes", (long long)st.st_size,
		                       (unsigned long long)pages * page_size);
	return is_wal;
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
			return error("MCD_DATA_DIR must be an absolute path: '%s'",
			             quote_for_humans(v));
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
		return error("refusing '%s': writable by others (chmod go-w)",
		             quote_for_humans(path));
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
	static const char *const suffix[] = {"", "-wal", "-shm", VIEW_SUFFIX};
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
			error("cannot move '%s' aside: too many earlier copies",
			      quote_for_humans(path));
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
			error("cannot move '%s' aside: %s", quote_for_humans(from.data),
			      strerror(errno));
			goto out;
		}
		if (unlink(from.data) < 0) {
			error("cannot move '%s' aside: %s", quote_for_humans(from.data),
			      strerror(errno));
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
				r = error("'%s' is unusable: %s", quote_for_humans(file),
				          unusable_reason);
		}
	}
	close(fd); /* releases the lock */
	buf_release(&moved);
	return r;
}

int db_open_default(struct db *db)
{
	return db_open_data(db, 0);
}

int db_open_view(struct db *db, unsigned flags)
{
	struct buf path = BUF_INIT;
	int r;

	memset(db, 0, sizeof(*db));
	if (db_default_path(&path) < 0)
		return -1;
	if (view_open(&db->view, path.data)) {
		db->path = xstrdup(path.data);
		db->lazy = 1;
		db->lazy_flags = flags;
		buf_release(&path);
		return 0;
	}
	buf_release(&path);
	r = db_open_data(db, flags);
	if (r == 0)
		db->reviewed = 1;
	return r;
}

int db_open_data(struct db *db, unsigned flags)
{
	struct buf dir = BUF_INIT;
	struct statfs fs;
	struct stat st;
	char *file = NULL, *real;
	enum db_journal journal;
	int existing = (flags & DB_DATA_EXISTING) != 0, ret = -1;

	memset(db, 0, sizeof(*db));
	if (db_data_dir(&dir) < 0 || (!existing && make_dirs(dir.data) < 0) ||
	    check_private(dir.data, 1) < 0)
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
	if (check_private(file, 0) < 0 || (existing && lstat(file, &st) < 0))
		goto out;
	journal = flags & DB_DATA_ALONE ? DB_WAL_ALONE : DB_WAL;
	if (statfs(dir.data, &fs) == 0 && db_is_network_fs((long)fs.f_type))
		journal = DB_ROLLBACK;
	ret = db_open_journal(db, file, journal);
	if (ret == DB_UNUSABLE && !existing)
		ret = replace_unusable(db, dir.data, file, journal);
	if (ret == DB_NEWER)
		error("cannot use '%s': %s; nothing was changed (upgrade this mcd)",
		      quote_for_humans(file), unusable_reason);
out:
	free(file);
	buf_release(&dir);
	return ret < 0 ? -1 : 0;
}
