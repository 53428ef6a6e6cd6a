/* view.c - what a query reads of mcd.db, in a file of its own (see view.h) */
#include "view.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "db.h"
#include "util.h"

#define VIEW_MAGIC "mcdview1"
#define VIEW_FORMAT 2u        /* 2: the sum in four lanes */
#define VIEW_MAX (256u << 20) /* a history this large is not one person's */

/* What a file was when the view was made: a later write changes its
 * size or its time (or, replaced, its inode). All zero: no such file. */
struct stamp {
	int64_t dev, ino, size, sec, nsec;
};

struct head {
	char magic[8];
	uint32_t format, schema;
	struct stamp db, wal;
	uint64_t nrepo, nvisit, nstrings;
	uint64_t sum; /* of the whole file, with this field zero */
};

/* One row: a path in the strings, three numbers (the repository's id,
 * device and inode; the visit's rank, as the bits of a double, last and
 * seq). */
struct rec {
	uint64_t off, len;
	int64_t a, b, c;
};

static void stamp_of(const char *path, struct stamp *s)
{
	struct stat st;

	memset(s, 0, sizeof(*s));
	if (stat(path, &st) < 0)
		return;
	s->dev = (int64_t)st.st_dev;
	s->ino = (int64_t)st.st_ino;
	s->size = (int64_t)st.st_size;
	s->sec = (int64_t)st.st_mtim.tv_sec;
	s->nsec = (int64_t)st.st_mtim.tv_nsec;
}

/* The stamps of the database DBPATH and its WAL, now. */
static void stamps_of(const char *dbpath, struct stamp *db, struct stamp *wal)
{
	struct buf w = BUF_INIT;

	stamp_of(dbpath, db);
	buf_adds(&w, dbpath);
	buf_adds(&w, "-wal");
	stamp_of(w.data, wal);
	buf_release(&w);
}

/* A checksum for a torn or damaged file, not for an adversary: the file
 * is the user's own, 0600. Four lanes of eight bytes, each a chain of its
 * own, so the multiplies overlap: every query with a history sums its view
 * (240 KB for 2,000 visits), and one lane took 57 us of it. */
static uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ull;
	return h ^ h >> 29;
}

static uint64_t sum_of(const char *data, size_t size)
{
	const unsigned char *p = (const unsigned char *)data;
	uint64_t h = 0x6d63647669657721ull, h1 = 1, h2 = 2, h3 = 3, w, w1, w2, w3;

	/* four scalars, not an array: GCC makes an array two vector lanes
	   that go through memory, half as fast (17 us against 32 for 240 KB) */
	for (; size >= 32; p += 32, size -= 32) {
		memcpy(&w, p, 8);
		memcpy(&w1, p + 8, 8);
		memcpy(&w2, p + 16, 8);
		memcpy(&w3, p + 24, 8);
		h = mix(h, w);
		h1 = mix(h1, w1);
		h2 = mix(h2, w2);
		h3 = mix(h3, w3);
	}
	h = mix(mix(mix(h, h1), h2), h3);
	for (; size >= 8; p += 8, size -= 8) {
		memcpy(&w, p, 8);
		h = mix(h, w);
	}
	while (size--)
		h = (h ^ *p++) * 0x100000001b3ull;
	return h;
}

static uint64_t file_sum(const char *data, size_t size)
{
	struct head h;

	memcpy(&h, data, sizeof(h));
	h.sum = 0;
	return sum_of((const char *)&h, sizeof(h)) ^ sum_of(data + sizeof(h), size - sizeof(h));
}

static void rec_at(const char *base, size_t i, struct rec *r)
{
	memcpy(r, base + i * sizeof(*r), sizeof(*r));
}

/* Is the file in V whole, of this format, and every row inside it? */
static int sound(struct view *v, struct head *h)
{
	size_t i, rows;

	if (v->size < sizeof(*h))
		return 0;
	memcpy(h, v->data, sizeof(*h));
	if (memcmp(h->magic, VIEW_MAGIC, sizeof(h->magic)) != 0 || h->format != VIEW_FORMAT ||
	    h->schema != (uint32_t)db_schema_version())
		return 0;
	rows = (v->size - sizeof(*h)) / sizeof(struct rec);
	if (h->nrepo > rows || h->nvisit > rows - h->nrepo ||
	    h->nstrings != v->size - sizeof(*h) - (h->nrepo + h->nvisit) * sizeof(struct rec))
		return 0;
	if (file_sum(v->data, v->size) != h->sum)
		return 0;
	v->nrepo = (size_t)h->nrepo;
	v->nvisit = (size_t)h->nvisit;
	v->repos = v->data + sizeof(*h);
	v->visits = v->repos + v->nrepo * sizeof(struct rec);
	v->strings = v->visits + v->nvisit * sizeof(struct rec);
	for (i = 0; i < v->nrepo + v->nvisit; i++) {
		struct rec r;
		rec_at(v->repos, i, &r);
		if (r.off > h->nstrings || r.len > h->nstrings - r.off)
			return 0;
	}
	return 1;
}

int view_open(struct view *v, const char *dbpath)
{
	struct buf path = BUF_INIT;
	struct stamp db, wal;
	struct statfs fs;
	struct stat st;
	struct head h;
	int fd, ok = 0;

	memset(v, 0, sizeof(*v));
	buf_adds(&path, dbpath);
	buf_adds(&path, VIEW_SUFFIX);
	fd = open(path.data, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	buf_release(&path);
	if (fd < 0)
		return 0;
	/* the user's own, as mcd.db must be (dbfile.c); on a network
	   filesystem file times are cached: no stamp can be trusted */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 022) || st.st_size < (off_t)sizeof(h) || st.st_size > (off_t)VIEW_MAX ||
	    (fstatfs(fd, &fs) == 0 && db_is_network_fs((long)fs.f_type)))
		goto out;
	v->size = (size_t)st.st_size;
	/* mapped, not read: the file is never written in place (a writer
	   makes a new one and renames it in), and reading the history of a
	   heavy user into fresh memory cost a query more than scanning it
	   (a page fault for each of its pages); the checksum touches every
	   page anyway, so they are mapped in one go */
	v->data = mmap(NULL, v->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (v->data == MAP_FAILED) {
		v->data = NULL;
		goto out;
	}
	if (!sound(v, &h))
		goto out;
	/* after reading it: a write since then shows in the stamps */
	stamps_of(dbpath, &db, &wal);
	ok = !memcmp(&db, &h.db, sizeof(db)) && !memcmp(&wal, &h.wal, sizeof(wal)) && db.ino;
out:
	close(fd);
	if (!ok)
		view_close(v);
	return ok;
}

void view_close(struct view *v)
{
	if (v->data)
		munmap(v->data, v->size);
	memset(v, 0, sizeof(*v));
}

void view_repo_at(const struct view *v, size_t i, struct view_repo *out)
{
	struct rec r;

	rec_at(v->repos, i, &r);
	out->path = v->strings + r.off;
	out->len = (size_t)r.len;
	out->id = r.a;
	out->dev = r.b;
	out->ino = r.c;
}

void view_visit_at(const struct view *v, size_t i, struct view_visit *out)
{
	struct rec r;

	rec_at(v->visits, i, &r);
	out->path = v->strings + r.off;
	out->len = (size_t)r.len;
	memcpy(&out->rank, &r.a, sizeof(out->rank));
	out->last = r.b;
	out->seq = r.c;
}

/* SQLite's order of BLOBs: the bytes, then the shorter first. */
static int blob_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int r = memcmp(a, b, alen < blen ? alen : blen);

	if (r)
		return r;
	return alen < blen ? -1 : alen > blen;
}

static size_t lower(const struct view *v, const char *base, size_t n, const char *key, size_t len)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct rec r;
		rec_at(base, mid, &r);
		if (blob_cmp(v->strings + r.off, (size_t)r.len, key, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long view_repo_find(const struct view *v, const char *path, size_t len)
{
	size_t i = lower(v, v->repos, v->nrepo, path, len);
	struct view_repo r;

	if (i == v->nrepo)
		return -1;
	view_repo_at(v, i, &r);
	return r.len == len && !memcmp(r.path, path, len) ? (long)i : -1;
}

size_t view_visit_lower(const struct view *v, const char *key, size_t len)
{
	return lower(v, v->visits, v->nvisit, key, len);
}

/* ---- writing it ------------------------------------------------------------ */

/* Append a row: PATH (LEN bytes) to STRINGS, its record with the three
 * numbers to RECS. */
static void add_rec(struct buf *recs, struct buf *strings, const char *path, size_t len, int64_t a,
                    int64_t b, int64_t c)
{
	struct rec r = {strings->len, len, a, b, c};

	if (len)
		buf_add(strings, path, len);
	buf_add(recs, &r, sizeof(r));
}

/* Append the rows of SQL (a path, then three numbers; the second column
 * a double when RANK) to RECS and their paths to STRINGS; the number of
 * rows, or -1. */
static long add_rows(struct db *db, const char *sql, int rank, struct buf *recs,
                     struct buf *strings)
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
		add_rec(recs, strings, path, len, a, sqlite3_column_int64(st, 2),
		        sqlite3_column_int64(st, 3));
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
	stamps_of(db->path, &h->db, &h->wal);
}

/* The file of a view into OUT: head H with its counts and checksum, the
 * NREPO + NVISIT rows RECS, their STRINGS. */
static void assemble(struct head *h, size_t nrepo, size_t nvisit, const struct buf *recs,
                     const struct buf *strings, struct buf *out)
{
	h->nrepo = nrepo;
	h->nvisit = nvisit;
	h->nstrings = strings->len;
	buf_setlen(out, 0);
	buf_add(out, h, sizeof(*h));
	buf_add(out, recs->data, recs->len);
	buf_add(out, strings->data, strings->len);
	h->sum = file_sum(out->data, out->len);
	memcpy(out->data + offsetof(struct head, sum), &h->sum, sizeof(h->sum));
}

/* The view of DB into OUT: the stamps first, then the rows in one read
 * transaction, so the rows are those the stamps saw or newer (a newer
 * write changed the stamps: a reader then reads the database). */
static int make(struct db *db, struct buf *out)
{
	struct buf recs = BUF_INIT, strings = BUF_INIT;
	struct head h;
	long nrepo = -1, nvisit = -1;

	head_now(db, &h);
	if (sqlite3_exec(db->conn, "BEGIN", NULL, NULL, NULL) == SQLITE_OK) {
		nrepo = add_rows(db, "SELECT path, id, dev, ino FROM repo ORDER BY path", 0, &recs,
		                 &strings);
		if (nrepo >= 0)
			nvisit =
			    add_rows(db, "SELECT path, rank, last, seq FROM visit ORDER BY path", 1,
			             &recs, &strings);
		sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
	}
	if (nvisit >= 0)
		assemble(&h, (size_t)nrepo, (size_t)nvisit, &recs, &strings, out);
	buf_release(&recs);
	buf_release(&strings);
	return nvisit >= 0 ? 0 : -1;
}

/* ---- patching it --------------------------------------------------------- */

struct view_patch {
	struct view base;     /* the view as the write began */
	int64_t data_version; /* of the database then */
	int commits;          /* the connection's commits then */
	struct buf paths;     /* the paths written, each with its NUL */
	size_t n;
};

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

	view_patch_drop(db);
	if (!db->conn || db->rollback || !db->path || !strcmp(db->path, ":memory:") ||
	    sqlite3_get_autocommit(db->conn))
		return;
	p = xcalloc(1, sizeof(*p));
	/* the write lock is held: nobody writes until the commit, so a view
	   that matches the files now says what the write starts from */
	if (view_open(&p->base, db->path) != 1 || data_version(db, &p->data_version) < 0) {
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
	return blob_cmp(x->path, x->len, y->path, y->len);
}

/* make() from the view the patch kept and the rows of the paths it names,
 * read again: when this connection committed one write since the patch
 * began, and nobody else wrote (the data version is the same). -1: make
 * it whole. */
static int make_patched(struct db *db, struct buf *out)
{
	struct view_patch *p = db->patch;
	const struct view *v = &p->base;
	struct buf recs = BUF_INIT, strings = BUF_INIT;
	struct named *w = NULL;
	struct view_visit old = {NULL, 0, 0, 0, 0};
	sqlite3_stmt *st = NULL;
	struct head h;
	int64_t dv;
	size_t i, j, n = 0, nvisit = 0;
	const char *s;
	int ok = 0, rc;

	if (db->commits != p->commits + 1 || !p->n)
		return -1;
	head_now(db, &h);
	w = xcalloc(p->n, sizeof(*w));
	for (s = p->paths.data, i = 0; i < p->n; s += strlen(s) + 1, i++)
		w[i] = (struct named){s, strlen(s)};
	qsort(w, p->n, sizeof(*w), by_blob);
	for (i = 0; i < p->n; i++) /* each once */
		if (!n || by_blob(&w[n - 1], &w[i]))
			w[n++] = w[i];
	if (sqlite3_exec(db->conn, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		goto out;
	if (data_version(db, &dv) < 0 || dv != p->data_version ||
	    sqlite3_prepare_v2(db->conn, "SELECT rank, last, seq FROM visit WHERE path = ?1", -1,
	                       &st, NULL) != SQLITE_OK)
		goto done;
	for (i = 0; i < v->nrepo; i++) {
		struct view_repo r;
		view_repo_at(v, i, &r);
		add_rec(&recs, &strings, r.path, r.len, r.id, r.dev, r.ino);
	}
	/* the old rows in order, the written ones in their place */
	for (i = 0, j = 0; i < v->nvisit || j < n;) {
		int c;
		if (i < v->nvisit)
			view_visit_at(v, i, &old);
		c = i == v->nvisit ? 1
		    : j == n       ? -1
		                   : blob_cmp(old.path, old.len, w[j].path, w[j].len);
		if (c < 0) {
			int64_t rank;
			memcpy(&rank, &old.rank, sizeof(rank));
			add_rec(&recs, &strings, old.path, old.len, rank, old.last, old.seq);
			nvisit++;
			i++;
			continue;
		}
		sqlite3_bind_blob(st, 1, w[j].path, (int)w[j].len, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			double d = sqlite3_column_double(st, 0);
			int64_t rank;
			memcpy(&rank, &d, sizeof(rank));
			add_rec(&recs, &strings, w[j].path, w[j].len, rank,
			        sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2));
			nvisit++;
		} else if (rc != SQLITE_DONE) {
			goto done;
		}
		sqlite3_reset(st);
		i += c == 0;
		j++;
	}
	assemble(&h, v->nrepo, nvisit, &recs, &strings, out);
	ok = 1;
done:
	sqlite3_finalize(st);
	sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
out:
	free(w);
	buf_release(&recs);
	buf_release(&strings);
	return ok ? 0 : -1;
}

static int write_whole(int fd, const char *data, size_t size)
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
	struct buf path = BUF_INIT, tmp = BUF_INIT, data = BUF_INIT;
	int fd = -1, lock = -1, ret = -1;

	if (!db->conn || !db->path || !strcmp(db->path, ":memory:"))
		return 0;
	buf_adds(&path, db->path);
	buf_adds(&path, VIEW_SUFFIX);
	if (db->rollback) {
		ret = unlink(path.data) < 0 && errno != ENOENT ? -1 : 0;
		goto out;
	}
	if (!sqlite3_get_autocommit(db->conn) || (lock = lock_folder(db->path)) < 0 ||
	    ((!db->patch || make_patched(db, &data) < 0) && make(db, &data) < 0))
		goto out;
	/* one name, as only the holder of the lock writes: what a writer
	   killed half way left is the next one's, never one file more a kill */
	buf_addf(&tmp, "%s" VIEW_TMP_SUFFIX, path.data);
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		goto out;
	if (write_whole(fd, data.data, data.len) == 0 && close(fd) == 0) {
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
	buf_release(&data);
	return ret;
}
