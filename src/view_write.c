/* view_write.c - the view written: whole from the database, a visit's
 * delta appended, or its deltas folded into a new file (see view.h) */
#include "view.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "db.h"
#include "util.h"
#include "view_file.h"

/* ---- writing it ------------------------------------------------------------ */

/* A view being made: its head, its rows, and its strings, which start
 * with BASELEN bytes at BASE (a patched view keeps the strings of the
 * view it patches as they are) and go on with STRINGS. Written as it is,
 * in pieces, never copied into one. */
struct file {
	struct head h;
	struct buf recs, strings;
	const char *base;
	size_t baselen, nrepo, nvisit;
};

static void file_release(struct file *f)
{
	buf_release(&f->recs);
	buf_release(&f->strings);
}

/* Append a row: PATH (LEN bytes) to F's strings, its record with the
 * three numbers to its rows. */
static void add_rec(struct file *f, const char *path, size_t len, int64_t a, int64_t b, int64_t c)
{
	struct rec r = {f->baselen + f->strings.len, len, a, b, c, view_rec_mask(path, len)};

	if (len)
		buf_add(&f->strings, path, len);
	buf_add(&f->recs, &r, sizeof(r));
}

/* Append a row whose path is in F's base already, at OFF. */
static void add_kept(struct file *f, size_t off, size_t len, int64_t a, int64_t b, int64_t c)
{
	struct rec r = {off, len, a, b, c, view_rec_mask(f->base + off, len)};

	buf_add(&f->recs, &r, sizeof(r));
}

/* Append the rows of SQL (a path, then three numbers; the second column
 * a double when RANK) to F; the number of rows, or -1. */
static long add_rows(struct db *db, const char *sql, int rank, struct file *f)
{
	sqlite3_stmt *st;
	long n = 0;
	int rc;

	if (sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = sqlite3_column_blob(st, 0); /* then its size */
		size_t len = (size_t)sqlite3_column_bytes(st, 0);
		int64_t a = sqlite3_column_int64(st, 1);
		if (rank) {
			double d = sqlite3_column_double(st, 1);
			memcpy(&a, &d, sizeof(d));
		}
		add_rec(f, path, len, a, sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3));
		n++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? n : -1;
}

/* The head of a view of DB made now: its format and the stamps, taken
 * before the rows are read. */
static void head_now(struct db *db, struct head *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, VIEW_MAGIC, sizeof(h->magic));
	h->format = VIEW_FORMAT;
	h->schema = (uint32_t)db_schema_version();
	view_stamps_of(db->path, &h->db, &h->wal);
}

/* F emptied, for a view of DB made now. */
static void file_start(struct db *db, struct file *f)
{
	file_release(f);
	memset(f, 0, sizeof(*f));
	head_now(db, &f->h);
}

/* F's head with its counts and checksum, once its rows are all in. */
static void finish(struct file *f)
{
	struct sum s;

	f->h.nrepo = f->nrepo;
	f->h.nvisit = f->nvisit;
	f->h.nstrings = f->baselen + f->strings.len;
	view_sum_init(&s);
	view_sum_head(&s, &f->h);
	view_sum_add(&s, f->recs.data, f->recs.len);
	view_sum_add(&s, f->base, f->baselen);
	view_sum_add(&s, f->strings.data, f->strings.len);
	f->h.sum = view_sum_end(&s);
}

/* The view of DB into F: the stamps first, then the rows in one read
 * transaction, so the rows are those the stamps saw or newer (a newer
 * write changed the stamps: a reader then reads the database). */
static int make(struct db *db, struct file *f)
{
	long nrepo = -1, nvisit = -1;

	file_start(db, f);
	if (sqlite3_exec(db->conn, "BEGIN", NULL, NULL, NULL) == SQLITE_OK) {
		nrepo = add_rows(db, "SELECT path, id, dev, ino FROM repo ORDER BY path", 0, f);
		if (nrepo >= 0)
			nvisit = add_rows(
			    db, "SELECT path, rank, last, seq FROM visit ORDER BY path", 1, f);
		sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
	}
	if (nvisit < 0)
		return -1;
	f->nrepo = (size_t)nrepo;
	f->nvisit = (size_t)nvisit;
	finish(f);
	return 0;
}

/* ---- patching it --------------------------------------------------------- */

struct view_patch {
	struct view base; /* the whole view as the write began, when FOLD */
	int fold;         /* it has VIEW_DELTAS_MAX deltas: the write folds them */
	int64_t dev, ino; /* else the file then, its size and its last sum, */
	size_t size;      /* which the write's delta is appended to */
	uint64_t sum;
	int64_t data_version; /* of the database then */
	int commits;          /* the connection's commits then */
	struct buf paths;     /* the paths written, each with its NUL */
	size_t n;
};

/* All SIZE bytes at offset OFF of FD into BUF: 0, or -1. */
static int read_at(int fd, void *buf, size_t size, off_t off)
{
	char *p = buf;

	while (size) {
		ssize_t n = pread(fd, p, size, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		off += n;
		size -= (size_t)n;
	}
	return 0;
}

/* Is the view of DBPATH current, read as far as appending a delta needs:
 * its head and its deltas, not its body (a damaged body fails every
 * reader's sum, and the fold after VIEW_DELTAS_MAX deltas writes it anew)?
 * Into P the file, its size and its last sum; its deltas into *NDELTA.
 * Returns 1 or 0. */
static int peek(const char *dbpath, struct view_patch *p, size_t *ndelta)
{
	char head[sizeof(struct head)];
	struct buf tail = BUF_INIT;
	struct stat st;
	struct head h;
	struct tail t;
	size_t end, size;
	int fd, ok = 0;

	if ((fd = view_open_file(dbpath, &st)) < 0)
		return 0;
	size = (size_t)st.st_size;
	if (read_at(fd, head, sizeof(head), 0) < 0 || !(end = view_body_end(head, size, &h)) ||
	    size - end > TAIL_MAX)
		goto out;
	buf_grow(&tail, size - end);
	if (read_at(fd, tail.data, size - end, (off_t)end) < 0)
		goto out;
	view_read_tail(tail.data, size - end, end, &h, &t);
	if (t.end != size || !view_current(dbpath, &t))
		goto out; /* a torn delta at its end, or the database written since */
	p->dev = (int64_t)st.st_dev;
	p->ino = (int64_t)st.st_ino;
	p->size = size;
	p->sum = t.sum;
	*ndelta = t.n;
	ok = 1;
out:
	close(fd);
	buf_release(&tail);
	return ok;
}

static int data_version(struct db *db, int64_t *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->conn, "PRAGMA data_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

void view_patch_begin(struct db *db)
{
	struct view_patch *p;
	size_t ndelta;

	view_patch_drop(db);
	if (!db->conn || db->rollback || !db->path || !strcmp(db->path, ":memory:") ||
	    sqlite3_get_autocommit(db->conn))
		return;
	p = xcalloc(1, sizeof(*p));
	/* the write lock is held: nobody writes until the commit, so a view
	   that matches the files now says what the write starts from */
	if (!peek(db->path, p, &ndelta) ||
	    (ndelta >= VIEW_DELTAS_MAX && !(p->fold = view_open(&p->base, db->path))) ||
	    data_version(db, &p->data_version) < 0) {
		view_close(&p->base);
		free(p);
		return;
	}
	p->commits = db->commits;
	db->patch = p;
}

void view_patch_path(struct db *db, const char *path, size_t len)
{
	if (!db->patch)
		return;
	buf_add(&db->patch->paths, path, len);
	buf_addch(&db->patch->paths, '\0');
	db->patch->n++;
}

void view_patch_drop(struct db *db)
{
	if (!db->patch)
		return;
	view_close(&db->patch->base);
	buf_release(&db->patch->paths);
	free(db->patch);
	db->patch = NULL;
}

struct named {
	const char *path;
	size_t len;
};

static int by_blob(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	return view_blob_cmp(x->path, x->len, y->path, y->len);
}

/* The paths the patch P names, in SQLite's order, each once, into *OUT
 * (malloc'ed, pointing into P); their number. */
static size_t patch_paths(const struct view_patch *p, struct named **out)
{
	struct named *w = xcalloc(p->n + 1, sizeof(*w));
	const char *s;
	size_t i, n = 0;

	for (s = p->paths.data, i = 0; i < p->n; s += strlen(s) + 1, i++)
		w[i] = (struct named){s, strlen(s)};
	qsort(w, p->n, sizeof(*w), by_blob);
	for (i = 0; i < p->n; i++)
		if (!n || by_blob(&w[n - 1], &w[i]))
			w[n++] = w[i];
	*out = w;
	return n;
}

/* Append a row of the view V whose path is PATH (LEN bytes): its string
 * kept where it is in V's body, or copied from the delta it came in,
 * which the new file leaves behind. */
static void keep_row(struct file *f, const struct view *v, const char *path, size_t len, int64_t a,
                     int64_t b, int64_t c)
{
	size_t off = (size_t)(path - v->strings);

	if (path >= v->strings && off <= v->nstrings && len <= v->nstrings - off)
		add_kept(f, off, len, a, b, c);
	else
		add_rec(f, path, len, a, b, c);
}

/* A read transaction on DB, begun, and in *ST the statement that reads a
 * path's visit back (read_back()), when nobody else wrote since the patch
 * P began (the data version is the same). Returns 1 then; 0 when it began
 * but that is not so (*ST is NULL); -1 when it could not begin. What
 * began ends with read_back_end(). */
static int read_back_begin(struct db *db, const struct view_patch *p, sqlite3_stmt **st)
{
	int64_t dv;

	*st = NULL;
	if (sqlite3_exec(db->conn, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	if (data_version(db, &dv) < 0 || dv != p->data_version ||
	    sqlite3_prepare_v2(db->conn, "SELECT rank, last, seq FROM visit WHERE path = ?1", -1,
	                       st, NULL) != SQLITE_OK)
		return 0;
	return 1;
}

static void read_back_end(struct db *db, sqlite3_stmt *st)
{
	sqlite3_finalize(st);
	sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
}

/* The visit of the path W as the database holds it, through ST: into *R
 * (the rank as the bits of its double). SQLITE_ROW, SQLITE_DONE (no such
 * visit) or an error. */
static int read_back(sqlite3_stmt *st, const struct named *w, struct drow *r)
{
	double rank;
	int rc;

	sqlite3_bind_blob(st, 1, w->path, (int)w->len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		rank = sqlite3_column_double(st, 0);
		r->len = w->len;
		memcpy(&r->rank, &rank, sizeof(rank));
		r->last = sqlite3_column_int64(st, 1);
		r->seq = sqlite3_column_int64(st, 2);
		r->mask = view_rec_mask(w->path, w->len);
	}
	sqlite3_reset(st);
	return rc;
}

/* make() from the view the patch kept, its deltas folded in, and the rows
 * of the paths it names, read again: when this connection committed one
 * write since the patch began, and nobody else wrote (the data version is
 * the same). The kept rows keep their strings where they are, in the old
 * view's body, which the new one starts with; a new path's goes after
 * them. -1: make it whole. */
static int make_patched(struct db *db, struct file *f)
{
	struct view_patch *p = db->patch;
	const struct view *v = &p->base;
	struct named *w = NULL;
	struct view_visit old = {NULL, 0, 0, 0, 0, 0};
	sqlite3_stmt *st = NULL;
	struct drow r;
	size_t i, j, n;
	int ok = 0, rc;

	if (db->commits != p->commits + 1 || !p->n)
		return -1;
	file_start(db, f);
	f->base = v->strings;
	f->baselen = v->nstrings;
	n = patch_paths(p, &w);
	buf_grow(&f->recs, (v->nrepo + v->nvisit + n) * sizeof(struct rec));
	if ((rc = read_back_begin(db, p, &st)) < 0)
		goto out;
	if (!rc)
		goto done;
	for (i = 0; i < v->nrepo; i++) {
		struct view_repo repo;
		view_repo_at(v, i, &repo);
		add_kept(f, (size_t)(repo.path - v->strings), repo.len, repo.id, repo.dev,
		         repo.ino);
	}
	f->nrepo = v->nrepo;
	/* the old rows in order, the written ones in their place */
	for (i = 0, j = 0; i < v->nvisit || j < n;) {
		int c;
		if (i < v->nvisit)
			view_visit_at(v, i, &old);
		c = i == v->nvisit ? 1
		    : j == n       ? -1
		                   : view_blob_cmp(old.path, old.len, w[j].path, w[j].len);
		if (c < 0) {
			int64_t rank;
			memcpy(&rank, &old.rank, sizeof(rank));
			keep_row(f, v, old.path, old.len, rank, old.last, old.seq);
			f->nvisit++;
			i++;
			continue;
		}
		rc = read_back(st, &w[j], &r);
		if (rc == SQLITE_ROW) {
			if (c == 0) /* the same path: its string is there */
				keep_row(f, v, old.path, old.len, r.rank, r.last, r.seq);
			else
				add_rec(f, w[j].path, w[j].len, r.rank, r.last, r.seq);
			f->nvisit++;
		} else if (rc != SQLITE_DONE) {
			goto done;
		}
		i += c == 0;
		j++;
	}
	finish(f);
	ok = 1;
done:
	read_back_end(db, st);
out:
	free(w);
	return ok ? 0 : -1;
}

/* All SIZE bytes at DATA to FD: 0, or -1. */
static int write_all(int fd, const char *data, size_t size)
{
	while (size) {
		ssize_t n = write(fd, data, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		size -= (size_t)n;
	}
	return 0;
}

/* The delta of the one write this connection committed since the patch
 * began, when nobody else wrote, into OUT: the rows of the paths it names
 * as the database holds them now, the stamps taken before they are read
 * (a later write changes the stamps), summed after the view's last sum.
 * Returns 0, or -1 (a path's row gone, more written than the paths). */
static int make_delta(struct db *db, struct buf *out)
{
	struct view_patch *p = db->patch;
	struct named *w = NULL;
	struct delta d;
	sqlite3_stmt *st = NULL;
	size_t i, n;
	int began, ok = 0;

	if (db->commits != p->commits + 1 || !p->n || p->n > DELTA_ROWS_MAX)
		return -1;
	n = patch_paths(p, &w);
	memset(&d, 0, sizeof(d));
	d.magic = DELTA_MAGIC;
	d.nrow = n;
	view_stamps_of(db->path, &d.db, &d.wal);
	buf_setlen(out, 0);
	buf_add(out, &d, sizeof(d));
	if ((began = read_back_begin(db, p, &st)) < 0)
		goto out;
	for (i = 0; began && i < n; i++) {
		struct drow r;
		if (read_back(st, &w[i], &r) != SQLITE_ROW)
			break;
		buf_add(out, &r, sizeof(r));
	}
	ok = began && i == n;
	read_back_end(db, st);
out:
	if (ok) {
		for (i = 0; i < n; i++)
			buf_add(out, w[i].path, w[i].len);
		while (out->len % 8)
			buf_addch(out, '\0');
		d.size = out->len;
		memcpy(out->data, &d, sizeof(d));
		d.sum = view_delta_sum(out->data, out->len, p->sum);
		memcpy(out->data, &d, sizeof(d));
	}
	free(w);
	return ok ? 0 : -1;
}

/* Append the delta of DB's write to the view at VPATH, when that is still
 * the file the patch read, as it was: 0, or -1 (write it anew; a delta cut
 * short only makes readers miss, as the stamps then do). */
static int append_delta(struct db *db, const char *vpath)
{
	struct view_patch *p = db->patch;
	struct buf out = BUF_INIT;
	struct stat st;
	int fd = -1, ret = -1;

	if (make_delta(db, &out) < 0 || out.len > VIEW_MAX - p->size)
		goto out;
	fd = open(vpath, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || (int64_t)st.st_dev != p->dev ||
	    (int64_t)st.st_ino != p->ino || st.st_size != (off_t)p->size)
		goto out;
	if (write_all(fd, out.data, out.len) == 0)
		ret = 0;
out:
	if (fd >= 0 && close(fd) < 0)
		ret = -1;
	buf_release(&out);
	return ret;
}

/* All of F into FD: head, rows, the base of its strings, the rest. */
static int write_file(int fd, const struct file *f)
{
	struct iovec iov[4] = {
	    {(void *)&f->h, sizeof(f->h)},
	    {f->recs.data, f->recs.len},
	    {(void *)f->base, f->baselen},
	    {f->strings.data, f->strings.len},
	};
	struct iovec *at = iov;
	int left = 4;

	while (left) {
		ssize_t n;
		if (!at->iov_len) {
			at++, left--;
			continue;
		}
		n = writev(fd, at, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		while (left && (size_t)n >= at->iov_len) {
			n -= (ssize_t)at->iov_len;
			at++, left--;
		}
		if (left) {
			at->iov_base = (char *)at->iov_base + n;
			at->iov_len -= (size_t)n;
		}
	}
	return 0;
}

/* A lock on the folder of the database, held while a view is made and
 * renamed in: the last to take it saw the last write. The database file
 * itself is never opened a second time (closing that would drop SQLite's
 * own locks on it). Returns the descriptor, or -1. */
static int lock_folder(const char *dbpath)
{
	const char *slash = strrchr(dbpath, '/');
	char *dir =
	    slash ? xmemdup(dbpath, slash == dbpath ? 1 : (size_t)(slash - dbpath)) : xstrdup(".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	free(dir);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

int view_write(struct db *db)
{
	struct buf path = BUF_INIT, tmp = BUF_INIT;
	struct file f;
	int fd = -1, lock = -1, ret = -1;

	memset(&f, 0, sizeof(f));

	if (!db->conn || !db->path || !strcmp(db->path, ":memory:"))
		return 0;
	buf_adds(&path, db->path);
	buf_adds(&path, VIEW_SUFFIX);
	if (db->rollback) {
		ret = unlink(path.data) < 0 && errno != ENOENT ? -1 : 0;
		goto out;
	}
	if (!sqlite3_get_autocommit(db->conn) || (lock = lock_folder(db->path)) < 0)
		goto out;
	if (db->patch && !db->patch->fold && append_delta(db, path.data) == 0) {
		ret = 0;
		goto out;
	}
	if ((!db->patch || !db->patch->fold || make_patched(db, &f) < 0) && make(db, &f) < 0)
		goto out;
	/* one name, as only the holder of the lock writes: what a writer
	   killed half way left is the next one's, never one file more a kill */
	buf_addf(&tmp, "%s" VIEW_TMP_SUFFIX, path.data);
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		goto out;
	if (write_file(fd, &f) == 0 && close(fd) == 0) {
		fd = -1;
		/* into a free name: ext4 flushes a file renamed over another
		   first (auto_da_alloc), which cost every visit 0.2 ms; a query
		   in between finds no view and reads the database */
		if ((unlink(path.data) == 0 || errno == ENOENT) && rename(tmp.data, path.data) == 0)
			ret = 0;
	}
	if (ret < 0)
		unlink(tmp.data);
out:
	if (fd >= 0)
		close(fd);
	if (lock >= 0)
		close(lock);
	buf_release(&path);
	buf_release(&tmp);
	file_release(&f);
	return ret;
}
