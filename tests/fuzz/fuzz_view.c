/* fuzz_view.c - libFuzzer target: the view file (src/view.c) with sound sums
 * and stamps but any rows, strings and deltas
 *
 *   make build/fuzz/fuzz_view && build/fuzz/fuzz_view -max_total_time=60
 *
 * A view that fails its sums is only read as "no view", so random bytes
 * would never get past them: the input is a recipe instead. It gives the
 * counts, the rows and the strings of a body and a run of deltas, and the
 * target writes them as a view with the right head, sums and stamps (those
 * of a file standing in for the database), bending one field now and then
 * (a row's string out of its body, a delta's size or row count wrong), as
 * a damaged file or a wrong writer would. view_open() must never read
 * outside the file, and whatever it takes must hold: every path inside the
 * mapping or the merged rows, the lookups inside the counts.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "util.h"
#include "view.h"
#include "view_file.h"

static char dbpath[64];
static char viewpath[80];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char dir[] = "/tmp/mcd-fuzz-view.XXXXXX";
	int fd;

	(void)argc;
	(void)argv;
	if (!mkdtemp(dir))
		abort();
	snprintf(dbpath, sizeof(dbpath), "%s/mcd.db", dir);
	snprintf(viewpath, sizeof(viewpath), "%s%s", dbpath, VIEW_SUFFIX);
	fd = open(dbpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, "stands in for mcd.db", 20) != 20)
		abort();
	close(fd);
	return 0;
}

/* The recipe, read front to back; past its end, zeros. */
struct recipe {
	const uint8_t *p;
	size_t n, at;
};

static uint8_t take8(struct recipe *r)
{
	return r->at < r->n ? r->p[r->at++] : 0;
}

static uint64_t take64(struct recipe *r)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v |= (uint64_t)take8(r) << (8 * i);
	return v;
}

/* A number: most often small, sometimes any 64 bits. */
static uint64_t take_n(struct recipe *r)
{
	uint8_t b = take8(r);

	return b == 0xff ? take64(r) : b;
}

/* A mask: most often one byte's bits spread, sometimes any 64 bits. */
static uint64_t take_mask(struct recipe *r)
{
	uint8_t b = take8(r);

	return b == 0xff ? take64(r) : b * 0x0101010101010101ull;
}

/* A delta of NROW rows after the file so far in OUT, its sum following PREV. */
static uint64_t add_delta(struct recipe *r, struct buf *out, uint64_t prev, const struct stamp *db,
                          const struct stamp *wal)
{
	struct delta d;
	struct drow row;
	size_t start = out->len, paths = 0, i;
	uint8_t bend = take8(r);

	memset(&d, 0, sizeof(d));
	d.magic = DELTA_MAGIC;
	d.nrow = take8(r) % (DELTA_ROWS_MAX + 2);
	d.db = *db;
	d.wal = *wal;
	buf_add(out, &d, sizeof(d));
	for (i = 0; i < d.nrow; i++) {
		row.len = take_n(r);
		row.rank = (int64_t)take_n(r);
		row.last = (int64_t)take_n(r);
		row.seq = (int64_t)take_n(r);
		row.mask = take_mask(r);
		if (bend != 1) /* the paths as long as it says */
			row.len %= 48;
		paths += (size_t)(row.len % 48);
		buf_add(out, &row, sizeof(row));
	}
	for (i = 0; i < paths; i++)
		buf_addch(out, (char)(take8(r) % 4 ? 'a' + take8(r) % 26 : '/'));
	while ((out->len - start) % 8)
		buf_addch(out, 0);
	d.size = out->len - start;
	if (bend == 2)
		d.size = take64(r) % (d.size + 64);
	if (bend == 3)
		d.nrow = take8(r);
	memcpy(out->data + start, &d, sizeof(d));
	if (d.size % 8 || d.size < sizeof(d) || d.size > out->len - start)
		return prev; /* cannot be summed as it says: the reader stops here */
	d.sum = view_delta_sum(out->data + start, (size_t)d.size, prev);
	memcpy(out->data + start, &d, sizeof(d));
	return d.sum;
}

static void build(struct recipe *r, struct buf *out)
{
	struct head h;
	struct rec row;
	struct stamp db, wal;
	struct sum s;
	size_t i, nrow;
	uint8_t bend = take8(r);
	uint64_t sum;

	view_stamps_of(dbpath, &db, &wal);
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, VIEW_MAGIC, sizeof(h.magic));
	h.format = VIEW_FORMAT;
	h.schema = (uint32_t)db_schema_version();
	h.db = db;
	h.wal = wal;
	h.nrepo = take8(r) % 4;
	h.nvisit = take8(r) % 32;
	h.nstrings = take8(r);
	buf_add(out, &h, sizeof(h));
	nrow = (size_t)(h.nrepo + h.nvisit);
	for (i = 0; i < nrow; i++) {
		row.off = take_n(r);
		row.len = take_n(r);
		row.a = (int64_t)take_n(r);
		row.b = (int64_t)take_n(r);
		row.c = (int64_t)take_n(r);
		row.mask = take_mask(r);
		if (bend != 1) { /* inside the strings, as a writer puts it */
			row.off %= h.nstrings + 1;
			row.len %= h.nstrings - row.off + 1;
		}
		buf_add(out, &row, sizeof(row));
	}
	for (i = 0; i < h.nstrings; i++)
		buf_addch(out, (char)(take8(r) % 4 ? 'a' + take8(r) % 26 : '/'));
	if (bend == 2)
		h.nvisit = take64(r);
	memcpy(out->data, &h, sizeof(h));
	view_sum_init(&s);
	view_sum_head(&s, out->data);
	view_sum_add(&s, out->data + sizeof(h), out->len - sizeof(h));
	h.sum = sum = view_sum_end(&s);
	memcpy(out->data, &h, sizeof(h));
	while (r->at < r->n && out->len < (1u << 20))
		sum = add_delta(r, out, sum, &db, &wal);
}

/* Is [P, P + LEN) inside [BASE, BASE + SIZE)? */
static int inside(const char *p, size_t len, const char *base, size_t size)
{
	return p >= base && len <= size && (size_t)(p - base) <= size - len;
}

static void check(const struct view *v)
{
	struct view_repo repo;
	struct view_visit visit;
	size_t i;

	for (i = 0; i < v->nrepo; i++) {
		view_repo_at(v, i, &repo);
		if (!inside(repo.path, repo.len, v->data, v->size))
			abort();
		if (view_repo_find(v, repo.path, repo.len) < -1)
			abort();
	}
	for (i = 0; i < v->nvisit; i++) {
		view_visit_at(v, i, &visit);
		if (!inside(visit.path, visit.len, v->data, v->size))
			abort();
		if (view_visit_lower(v, visit.path, visit.len) > v->nvisit)
			abort();
	}
	if (view_visit_lower(v, "", 0) > v->nvisit || view_visit_lower(v, "\xff", 1) > v->nvisit)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct recipe r = {data, size, 0};
	struct buf file = BUF_INIT;
	struct view v;
	int fd;

	build(&r, &file);
	fd = open(viewpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, file.data, file.len) != (ssize_t)file.len)
		abort();
	close(fd);
	if (view_open(&v, dbpath)) {
		check(&v);
		view_close(&v);
	}
	buf_release(&file);
	return 0;
}
