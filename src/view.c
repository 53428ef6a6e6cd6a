/* view.c - what a query reads of mcd.db, in a file of its own (see view.h):
 * the file checked, read and its deltas merged (view_write.c writes it) */
#include "view.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "db.h"
#include "prefilter.h"
#include "util.h"
#include "view_file.h"

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

void view_stamps_of(const char *dbpath, struct stamp *db, struct stamp *wal)
{
	struct buf w = BUF_INIT;

	stamp_of(dbpath, db);
	buf_adds(&w, dbpath);
	buf_adds(&w, "-wal");
	stamp_of(w.data, wal);
	buf_release(&w);
}

static uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ull;
	return h ^ h >> 29;
}

void view_sum_init(struct sum *s)
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

void view_sum_add(struct sum *s, const void *data, size_t size)
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

uint64_t view_sum_end(struct sum *s)
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

void view_sum_head(struct sum *s, const void *h)
{
	struct head copy;

	memcpy(&copy, h, sizeof(copy));
	copy.sum = 0;
	view_sum_add(s, &copy, sizeof(copy));
}

/* The sum of the body of SIZE bytes at DATA: head, rows and strings. */
static uint64_t file_sum(const char *data, size_t size)
{
	struct sum s;

	view_sum_init(&s);
	view_sum_head(&s, data);
	view_sum_add(&s, data + sizeof(struct head), size - sizeof(struct head));
	return view_sum_end(&s);
}

uint64_t view_delta_sum(const char *d, size_t size, uint64_t prev)
{
	struct delta copy;
	struct sum s;

	memcpy(&copy, d, sizeof(copy));
	copy.sum = 0;
	view_sum_init(&s);
	view_sum_add(&s, &prev, sizeof(prev));
	view_sum_add(&s, &copy, sizeof(copy));
	view_sum_add(&s, d + sizeof(copy), size - sizeof(copy));
	return view_sum_end(&s);
}

void view_read_tail(const char *data, size_t size, size_t end, const struct head *h, struct tail *t)
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
		    view_delta_sum(data + at, (size_t)d.size, t->sum) != d.sum)
			break;
		at += (size_t)d.size;
		t->n++;
		t->end = end + at;
		t->sum = d.sum;
		t->db = d.db;
		t->wal = d.wal;
	}
}

int view_blob_cmp(const char *a, size_t alen, const char *b, size_t blen)
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

size_t view_body_end(const char *data, size_t size, struct head *h)
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

	if (!(*end = view_body_end(v->data, v->size, h)) || file_sum(v->data, *end) != h->sum)
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
	int c = view_blob_cmp(x->path, (size_t)x->r.len, y->path, (size_t)y->r.len);

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
		if (i + 1 == nrow || view_blob_cmp(w[i].path, (size_t)w[i].r.len, w[i + 1].path,
		                                   (size_t)w[i + 1].r.len))
			w[m++] = w[i];
	out = xmalloc((v->nvisit + m + 1) * sizeof(*out));
	for (i = 0, j = 0, k = 0; i < v->nvisit || j < m;) {
		struct rec r;
		int c = 1;
		if (i < v->nvisit) {
			rec_at(v->visits, i, &r);
			c = j == m ? -1
			           : view_blob_cmp(v->strings + r.off, (size_t)r.len, w[j].path,
			                           (size_t)w[j].r.len);
		}
		if (c < 0) {
			out[k++] = r;
			i++;
			continue;
		}
		/* a known path keeps its string in the body, which a fold keeps */
		out[k++] = (struct rec){c == 0 ? r.off : (uint64_t)(w[j].path - v->strings),
		                        w[j].r.len,
		                        w[j].r.rank,
		                        w[j].r.last,
		                        w[j].r.seq,
		                        w[j].r.mask};
		i += c == 0;
		j++;
	}
	free(w);
	v->merged = (char *)out;
	v->visits = v->merged;
	v->nvisit = k;
	v->ndelta = n;
}

int view_open_file(const char *dbpath, struct stat *st)
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

int view_current(const char *dbpath, const struct tail *t)
{
	struct stamp db, wal;

	view_stamps_of(dbpath, &db, &wal);
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
	if ((fd = view_open_file(dbpath, &st)) < 0)
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
	view_read_tail(v->data + end, v->size - end, end, &h, &t);
	/* after reading it: a write since then shows in the stamps */
	if ((ok = view_current(dbpath, &t)) && t.n)
		merge_deltas(v, end, t.n);
out:
	close(fd);
	if (!ok)
		view_close(v);
	return ok;
}

uint64_t view_rec_mask(const char *path, size_t len)
{
	const char *slash = len ? memrchr(path, '/', len) : NULL;
	const char *comp = slash ? slash + 1 : path;

	return prefilter_mask(comp, len - (size_t)(comp - path), 0);
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
	out->mask = r.mask;
}

static size_t lower(const struct view *v, const char *base, size_t n, const char *key, size_t len)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct rec r;
		rec_at(base, mid, &r);
		if (view_blob_cmp(v->strings + r.off, (size_t)r.len, key, len) < 0)
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
