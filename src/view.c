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
#include <sys/uio.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "db.h"
#include "util.h"

#define VIEW_MAGIC "mcdview1"
#define VIEW_FORMAT 3u                    /* 2: the sum in four lanes; 3: deltas after the body */
#define VIEW_MAX (256u << 20)             /* a history this large is not one person's */
#define DELTA_MAGIC 0x61746c6564646d63ull /* "mcddelta", little-endian */
#define DELTA_ROWS_MAX 64                 /* a visit of more paths writes the view anew */
#define TAIL_MAX (1u << 20)               /* deltas a writer reads back, at most */

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

/* A delta, after the body or the delta before it: this head, NROW rows,
 * their paths one after another, zeros up to a multiple of 8 bytes. */
struct delta {
	uint64_t magic, size, nrow; /* SIZE: all of it, head to padding */
	struct stamp db, wal;       /* the files after the write it says */
	uint64_t sum;               /* of it with this field zero, from the sum before */
};

struct drow {
	uint64_t len;
	int64_t rank, last, seq; /* as in a visit's rec */
};

/* What the deltas after a body say: how many are whole and chained, where
 * the last ends, its sum and its stamps (the head's when there is none). */
struct tail {
	size_t n, end;
	uint64_t sum;
	struct stamp db, wal;
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
 * (240 KB for 2,000 visits), and one lane took 57 us of it. Fed in pieces
 * (a patched view is written from several), as if in one. */
struct sum {
	uint64_t h[4];
	unsigned char tail[32];
	size_t ntail;
};

static uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ull;
	return h ^ h >> 29;
}

static void sum_init(struct sum *s)
{
	s->h[0] = 0x6d63647669657721ull;
	s->h[1] = 1;
	s->h[2] = 2;
	s->h[3] = 3;
	s->ntail = 0;
}

/* The whole blocks of 32 bytes at P (N of them) into the four lanes, held
 * in scalars for the loop: lanes read and written through S at every
 * block, or kept in an array, which GCC makes two vector lanes through
 * memory, took 40 and 32 us for 240 KB instead of 17. */
static void sum_blocks(struct sum *s, const unsigned char *p, size_t n)
{
	uint64_t h0 = s->h[0], h1 = s->h[1], h2 = s->h[2], h3 = s->h[3], w0, w1, w2, w3;

	for (; n; n--, p += 32) {
		memcpy(&w0, p, 8);
		memcpy(&w1, p + 8, 8);
		memcpy(&w2, p + 16, 8);
		memcpy(&w3, p + 24, 8);
		h0 = mix(h0, w0);
		h1 = mix(h1, w1);
		h2 = mix(h2, w2);
		h3 = mix(h3, w3);
	}
	s->h[0] = h0;
	s->h[1] = h1;
	s->h[2] = h2;
	s->h[3] = h3;
}

static void sum_add(struct sum *s, const void *data, size_t size)
{
	const unsigned char *p = data;

	if (!size)
		return; /* DATA may be NULL */
	if (s->ntail) {
		size_t take = sizeof(s->tail) - s->ntail < size ? sizeof(s->tail) - s->ntail : size;
		memcpy(s->tail + s->ntail, p, take);
		s->ntail += take;
		p += take;
		size -= take;
		if (s->ntail < sizeof(s->tail))
			return;
		sum_blocks(s, s->tail, 1);
		s->ntail = 0;
	}
	sum_blocks(s, p, size / 32);
	p += size / 32 * 32;
	size %= 32;
	memcpy(s->tail, p, size);
	s->ntail = size;
}

static uint64_t sum_end(struct sum *s)
{
	uint64_t h = mix(mix(mix(s->h[0], s->h[1]), s->h[2]), s->h[3]), w;
	const unsigned char *p = s->tail;
	size_t size = s->ntail;

	for (; size >= 8; p += 8, size -= 8) {
		memcpy(&w, p, 8);
		h = mix(h, w);
	}
	while (size--)
		h = (h ^ *p++) * 0x100000001b3ull;
	return h;
}

/* The head at H into S, its own sum taken as zero. */
static void sum_head(struct sum *s, const void *h)
{
	struct head copy;

	memcpy(&copy, h, sizeof(copy));
	copy.sum = 0;
	sum_add(s, &copy, sizeof(copy));
}

/* The sum of the body of SIZE bytes at DATA: head, rows and strings. */
static uint64_t file_sum(const char *data, size_t size)
{
	struct sum s;

	sum_init(&s);
	sum_head(&s, data);
	sum_add(&s, data + sizeof(struct head), size - sizeof(struct head));
	return sum_end(&s);
}

/* The sum of the delta D (its SIZE bytes at D), following the sum PREV. */
static uint64_t delta_sum(const char *d, size_t size, uint64_t prev)
{
	struct delta copy;
	struct sum s;

	memcpy(&copy, d, sizeof(copy));
	copy.sum = 0;
	sum_init(&s);
	sum_add(&s, &prev, sizeof(prev));
	sum_add(&s, &copy, sizeof(copy));
	sum_add(&s, d + sizeof(copy), size - sizeof(copy));
	return sum_end(&s);
}

/* The deltas in the SIZE bytes at DATA, which follow a body ending at
 * offset END of the file with the head H: into T, those that are whole,
 * each with its rows and paths inside it and the sum that follows the one
 * before. The first that is not ends them (a writer killed half way). */
static void read_tail(const char *data, size_t size, size_t end, const struct head *h,
                      struct tail *t)
{
	size_t at = 0;

	memset(t, 0, sizeof(*t));
	t->end = end;
	t->sum = h->sum;
	t->db = h->db;
	t->wal = h->wal;
	while (size - at >= sizeof(struct delta)) {
		struct delta d;
		size_t rows, paths = 0, i;

		memcpy(&d, data + at, sizeof(d));
		if (d.magic != DELTA_MAGIC || d.size % 8 || d.size > size - at ||
		    d.size < sizeof(d) || d.nrow > DELTA_ROWS_MAX)
			break;
		rows = sizeof(d) + (size_t)d.nrow * sizeof(struct drow);
		if (rows > d.size)
			break;
		for (i = 0; i < d.nrow && paths <= d.size - rows; i++) {
			struct drow r;
			memcpy(&r, data + at + sizeof(d) + i * sizeof(r), sizeof(r));
			paths += r.len > d.size ? d.size : (size_t)r.len;
		}
		if (paths > d.size - rows || d.size - rows - paths >= 8 ||
		    delta_sum(data + at, (size_t)d.size, t->sum) != d.sum)
			break;
		at += (size_t)d.size;
		t->n++;
		t->end = end + at;
		t->sum = d.sum;
		t->db = d.db;
		t->wal = d.wal;
	}
}

/* SQLite's order of BLOBs: the bytes, then the shorter first. */
static int blob_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int r = memcmp(a, b, alen < blen ? alen : blen);

	if (r)
		return r;
	return alen < blen ? -1 : alen > blen;
}

static void rec_at(const char *base, size_t i, struct rec *r)
{
	memcpy(r, base + i * sizeof(*r), sizeof(*r));
}

/* Where the body of a file of SIZE bytes with the head at DATA (into H)
 * ends, when the head is of this format and its counts fit; else 0. */
static size_t body_end(const char *data, size_t size, struct head *h)
{
	size_t rows;

	if (size < sizeof(*h))
		return 0;
	memcpy(h, data, sizeof(*h));
	if (memcmp(h->magic, VIEW_MAGIC, sizeof(h->magic)) != 0 || h->format != VIEW_FORMAT ||
	    h->schema != (uint32_t)db_schema_version())
		return 0;
	rows = (size - sizeof(*h)) / sizeof(struct rec);
	if (h->nrepo > rows || h->nvisit > rows - h->nrepo ||
	    h->nstrings > size - sizeof(*h) - (h->nrepo + h->nvisit) * sizeof(struct rec))
		return 0;
	return sizeof(*h) + (size_t)(h->nrepo + h->nvisit) * sizeof(struct rec) +
	       (size_t)h->nstrings;
}

/* Is the body of the file in V whole, of this format, and every row inside
 * it? Its end into *END. */
static int sound(struct view *v, struct head *h, size_t *end)
{
	size_t i;

	if (!(*end = body_end(v->data, v->size, h)) || file_sum(v->data, *end) != h->sum)
		return 0;
	v->nrepo = (size_t)h->nrepo;
	v->nvisit = (size_t)h->nvisit;
	v->nstrings = (size_t)h->nstrings;
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

/* A delta's row with where its path is. */
struct drow_at {
	struct drow r;
	const char *path;
	size_t order; /* later deltas say what is now */
};

static int by_path_then_order(const void *a, const void *b)
{
	const struct drow_at *x = a, *y = b;
	int c = blob_cmp(x->path, (size_t)x->r.len, y->path, (size_t)y->r.len);

	return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* The visits of V with the rows of its N deltas, which start at offset
 * FROM of the file, put in: a path's last row replaces its old one or
 * goes into its place, into V->merged, which V->visits then points at. */
static void merge_deltas(struct view *v, size_t from, size_t n)
{
	struct drow_at *w;
	struct rec *out;
	size_t nrow = 0, k, i, j, m = 0, at = from;

	for (k = 0; k < n; k++) {
		struct delta d;
		memcpy(&d, v->data + at, sizeof(d));
		nrow += (size_t)d.nrow;
		at += (size_t)d.size;
	}
	w = xcalloc(nrow + 1, sizeof(*w));
	for (k = 0, at = from, nrow = 0; k < n; k++) {
		struct delta d;
		const char *path;
		memcpy(&d, v->data + at, sizeof(d));
		path = v->data + at + sizeof(d) + (size_t)d.nrow * sizeof(struct drow);
		for (i = 0; i < d.nrow; i++, nrow++) {
			memcpy(&w[nrow].r, v->data + at + sizeof(d) + i * sizeof(struct drow),
			       sizeof(struct drow));
			w[nrow].path = path;
			w[nrow].order = nrow;
			path += w[nrow].r.len;
		}
		at += (size_t)d.size;
	}
	qsort(w, nrow, sizeof(*w), by_path_then_order);
	for (i = 0; i < nrow; i++) /* each path once, as its last delta says */
		if (i + 1 == nrow ||
		    blob_cmp(w[i].path, (size_t)w[i].r.len, w[i + 1].path, (size_t)w[i + 1].r.len))
			w[m++] = w[i];
	out = xmalloc((v->nvisit + m + 1) * sizeof(*out));
	for (i = 0, j = 0, k = 0; i < v->nvisit || j < m;) {
		struct rec r;
		int c = 1;
		if (i < v->nvisit) {
			rec_at(v->visits, i, &r);
			c = j == m ? -1
			           : blob_cmp(v->strings + r.off, (size_t)r.len, w[j].path,
			                      (size_t)w[j].r.len);
		}
		if (c < 0) {
			out[k++] = r;
			i++;
			continue;
		}
		/* a known path keeps its string in the body, which a fold keeps */
		out[k++] = (struct rec){c == 0 ? r.off : (uint64_t)(w[j].path - v->strings),
		                        w[j].r.len, w[j].r.rank, w[j].r.last, w[j].r.seq};
		i += c == 0;
		j++;
	}
	free(w);
	v->merged = (char *)out;
	v->visits = v->merged;
	v->nvisit = k;
	v->ndelta = n;
}

/* The view of the database DBPATH opened for reading, when it is the
 * user's own regular file of a size a view can have, on a filesystem whose
 * file times can be trusted (on a network one they are cached); its
 * status into *ST. Returns the descriptor, or -1. */
static int open_view_file(const char *dbpath, struct stat *st)
{
	struct buf path = BUF_INIT;
	struct statfs fs;
	int fd;

	buf_adds(&path, dbpath);
	buf_adds(&path, VIEW_SUFFIX);
	fd = open(path.data, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	buf_release(&path);
	if (fd < 0)
		return -1;
	/* the user's own, as mcd.db must be (dbfile.c) */
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode) || st->st_uid != geteuid() ||
	    (st->st_mode & 022) || st->st_size < (off_t)sizeof(struct head) ||
	    st->st_size > (off_t)VIEW_MAX ||
	    (fstatfs(fd, &fs) == 0 && db_is_network_fs((long)fs.f_type))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Do the stamps T ends with say what the files of DBPATH are now? */
static int current(const char *dbpath, const struct tail *t)
{
	struct stamp db, wal;

	stamps_of(dbpath, &db, &wal);
	return !memcmp(&db, &t->db, sizeof(db)) && !memcmp(&wal, &t->wal, sizeof(wal)) && db.ino;
}

int view_open(struct view *v, const char *dbpath)
{
	struct stat st;
	struct head h;
	struct tail t;
	size_t end;
	int fd, ok = 0;

	memset(v, 0, sizeof(*v));
	if ((fd = open_view_file(dbpath, &st)) < 0)
		return 0;
	v->size = (size_t)st.st_size;
	/* mapped, not read: the file is never written in place (a writer
	   makes a new one and renames it in, or appends), and reading the
	   history of a heavy user into fresh memory cost a query more than
	   scanning it (a page fault for each of its pages); the checksum
	   touches every page anyway, so they are mapped in one go */
	v->data = mmap(NULL, v->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (v->data == MAP_FAILED) {
		v->data = NULL;
		goto out;
	}
	if (!sound(v, &h, &end))
		goto out;
	read_tail(v->data + end, v->size - end, end, &h, &t);
	/* after reading it: a write since then shows in the stamps */
	if ((ok = current(dbpath, &t)) && t.n)
		merge_deltas(v, end, t.n);
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
	free(v->merged);
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
	struct rec r = {f->baselen + f->strings.len, len, a, b, c};

	if (len)
		buf_add(&f->strings, path, len);
	buf_add(&f->recs, &r, sizeof(r));
}

/* Append a row whose path is in F's base already, at OFF. */
static void add_kept(struct file *f, size_t off, size_t len, int64_t a, int64_t b, int64_t c)
{
	struct rec r = {off, len, a, b, c};

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
	stamps_of(db->path, &h->db, &h->wal);
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
	sum_init(&s);
	sum_head(&s, &f->h);
	sum_add(&s, f->recs.data, f->recs.len);
	sum_add(&s, f->base, f->baselen);
	sum_add(&s, f->strings.data, f->strings.len);
	f->h.sum = sum_end(&s);
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

	if ((fd = open_view_file(dbpath, &st)) < 0)
		return 0;
	size = (size_t)st.st_size;
	if (read_at(fd, head, sizeof(head), 0) < 0 || !(end = body_end(head, size, &h)) ||
	    size - end > TAIL_MAX)
		goto out;
	buf_grow(&tail, size - end);
	if (read_at(fd, tail.data, size - end, (off_t)end) < 0)
		goto out;
	read_tail(tail.data, size - end, end, &h, &t);
	if (t.end != size || !current(dbpath, &t))
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
	return blob_cmp(x->path, x->len, y->path, y->len);
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
	struct view_visit old = {NULL, 0, 0, 0, 0};
	sqlite3_stmt *st = NULL;
	int64_t dv;
	size_t i, j, n;
	int ok = 0, rc;

	if (db->commits != p->commits + 1 || !p->n)
		return -1;
	file_start(db, f);
	f->base = v->strings;
	f->baselen = v->nstrings;
	n = patch_paths(p, &w);
	buf_grow(&f->recs, (v->nrepo + v->nvisit + n) * sizeof(struct rec));
	if (sqlite3_exec(db->conn, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		goto out;
	if (data_version(db, &dv) < 0 || dv != p->data_version ||
	    sqlite3_prepare_v2(db->conn, "SELECT rank, last, seq FROM visit WHERE path = ?1", -1,
	                       &st, NULL) != SQLITE_OK)
		goto done;
	for (i = 0; i < v->nrepo; i++) {
		struct view_repo r;
		view_repo_at(v, i, &r);
		add_kept(f, (size_t)(r.path - v->strings), r.len, r.id, r.dev, r.ino);
	}
	f->nrepo = v->nrepo;
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
			keep_row(f, v, old.path, old.len, rank, old.last, old.seq);
			f->nvisit++;
			i++;
			continue;
		}
		sqlite3_bind_blob(st, 1, w[j].path, (int)w[j].len, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			double d = sqlite3_column_double(st, 0);
			int64_t rank, last = sqlite3_column_int64(st, 1),
			              seq = sqlite3_column_int64(st, 2);
			memcpy(&rank, &d, sizeof(rank));
			if (c == 0) /* the same path: its string is there */
				keep_row(f, v, old.path, old.len, rank, last, seq);
			else
				add_rec(f, w[j].path, w[j].len, rank, last, seq);
			f->nvisit++;
		} else if (rc != SQLITE_DONE) {
			goto done;
		}
		sqlite3_reset(st);
		i += c == 0;
		j++;
	}
	finish(f);
	ok = 1;
done:
	sqlite3_finalize(st);
	sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
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
	int64_t dv;
	size_t i, n;
	int ok = 0;

	if (db->commits != p->commits + 1 || !p->n || p->n > DELTA_ROWS_MAX)
		return -1;
	n = patch_paths(p, &w);
	memset(&d, 0, sizeof(d));
	d.magic = DELTA_MAGIC;
	d.nrow = n;
	stamps_of(db->path, &d.db, &d.wal);
	buf_setlen(out, 0);
	buf_add(out, &d, sizeof(d));
	if (sqlite3_exec(db->conn, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		goto out;
	if (data_version(db, &dv) < 0 || dv != p->data_version ||
	    sqlite3_prepare_v2(db->conn, "SELECT rank, last, seq FROM visit WHERE path = ?1", -1,
	                       &st, NULL) != SQLITE_OK)
		goto done;
	for (i = 0; i < n; i++) {
		struct drow r = {w[i].len, 0, 0, 0};
		double rank;
		sqlite3_bind_blob(st, 1, w[i].path, (int)w[i].len, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW)
			goto done;
		rank = sqlite3_column_double(st, 0);
		memcpy(&r.rank, &rank, sizeof(rank));
		r.last = sqlite3_column_int64(st, 1);
		r.seq = sqlite3_column_int64(st, 2);
		buf_add(out, &r, sizeof(r));
		sqlite3_reset(st);
	}
	ok = 1;
done:
	sqlite3_finalize(st);
	sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
out:
	if (ok) {
		for (i = 0; i < n; i++)
			buf_add(out, w[i].path, w[i].len);
		while (out->len % 8)
			buf_addch(out, '\0');
		d.size = out->len;
		memcpy(out->data, &d, sizeof(d));
		d.sum = delta_sum(out->data, out->len, p->sum);
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
