/* test_snapshot.c - the flat index file: written, checked, read (src/snapshot.c) */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "snapbuild.h"
#include "snapshot.h"
#include "util.h"

#include "snaputil.h"

static const char *const mono[] = {
    "", "libs", "libs/ui", "services", "services/billing", "services/billing/api", NULL};

static void should_read_back_what_was_written(void **state)
{
	struct fixture *f = *state;
	struct snap_builder b;
	struct snapshot s;
	struct stat st;
	const struct snap_entry *e;

	snap_builder_init(&b);
	assert_int_equal(snap_builder_add(&b, "", 0, NULL, 0, 0), 0);
	assert_int_equal(snap_builder_add(&b, "new\nline", 8, NULL, 0, SNAP_GITIGNORE), 0);
	assert_int_equal(snap_builder_add(&b, "ui\xff", 3, "@acme/ui", 8, SNAP_PROJECT), 0);
	assert_int_equal(snap_builder_write(&b, ROOT, f->file, NOW, SNAP_HAD_GLOBAL), 0);
	snap_builder_release(&b);

	assert_int_equal(stat(f->file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(snapshot_open(&s, ROOT, f->file), 1);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.indexed_at, NOW);
	assert_int_equal(s.flags, SNAP_HAD_GLOBAL);
	e = &s.v[1];
	assert_int_equal(e->pathlen, 8);
	assert_memory_equal(snap_path(&s, e), "new\nline", 9); /* with its NUL */
	assert_int_equal(e->flags, SNAP_GITIGNORE);
	assert_int_equal(e->namelen, 0);
	e = &s.v[2];
	assert_memory_equal(snap_path(&s, e), "ui\xff", 4);
	assert_memory_equal(snap_name(&s, e), "@acme/ui", 9);
	assert_int_equal(e->flags, SNAP_PROJECT);
	assert_int_equal(e->depth, 1);
	assert_int_equal(snapshot_find(&s, "ui\xff", 3), 2);
	assert_int_equal(snapshot_find(&s, "", 0), 0);
	assert_int_equal(snapshot_find(&s, "ui", 2), SNAP_NONE);
	snapshot_close(&s);
}

static void should_write_to_the_data_folder_by_root(void **state)
{
	struct snap_builder b;
	struct snapshot s;
	struct buf file = BUF_INIT;
	struct stat st;
	int64_t at = 0;

	(void)state;
	snap_builder_init(&b);
	assert_int_equal(snap_builder_add(&b, "", 0, NULL, 0, 0), 0);
	assert_int_equal(snap_builder_write(&b, ROOT, NULL, NOW, 0), 0);
	snap_builder_release(&b);
	assert_int_equal(snapshot_file(ROOT, &file), 0);
	assert_non_null(strstr(file.data, "/index/"));
	assert_int_equal(strlen(strrchr(file.data, '/') + 1), 16 + 4);
	assert_int_equal(stat(file.data, &st), 0);
	*strrchr(file.data, '/') = '\0';
	assert_int_equal(stat(file.data, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(snapshot_open(&s, ROOT, NULL), 1);
	snapshot_close(&s);
	assert_int_equal(snapshot_peek(ROOT, &at), 1);
	assert_int_equal(at, NOW);
	assert_int_equal(snapshot_peek("/r/other", NULL), 0);
	assert_int_equal(snapshot_remove(ROOT), 0);
	assert_int_equal(snapshot_peek(ROOT, NULL), 0);
	assert_int_equal(snapshot_remove(ROOT), 0);
	buf_release(&file);
}

static void should_refuse_truncated_garbage_and_foreign_files(void **state)
{
	struct fixture *f = *state;
	struct snapshot s;
	struct stat st;
	off_t size, cut;
	int fd;

	write_paths(f, ROOT, mono);
	assert_int_equal(snapshot_open(&s, "/r/other", f->file), 0); /* another root's */
	assert_null(s.map);
	assert_int_equal(snapshot_open(&s, "/r/acm", f->file), 0);
	assert_int_equal(stat(f->file, &st), 0);
	size = st.st_size;
	/* every truncation is refused, never read past */
	for (cut = 0; cut < size; cut += 7) {
		write_paths(f, ROOT, mono);
		assert_int_equal(truncate(f->file, cut), 0);
		assert_int_equal(snapshot_open(&s, ROOT, f->file), 0);
	}
	/* a flipped byte anywhere: refused, or read within bounds */
	for (cut = 0; cut < size; cut++) {
		unsigned char c;
		write_paths(f, ROOT, mono);
		fd = open(f->file, O_RDWR);
		assert_true(fd >= 0);
		assert_int_equal(pread(fd, &c, 1, cut), 1);
		c ^= 0xa5;
		assert_int_equal(pwrite(fd, &c, 1, cut), 1);
		close(fd);
		if (snapshot_open(&s, ROOT, f->file) == 1) {
			const char *comp, *name;
			size_t i, complen, namelen;
			for (i = 0; i < s.n; i++) {
				assert_true(strlen(snap_path(&s, &s.v[i])) <= s.v[i].pathlen);
				if (!snapshot_keys(&s, i, &comp, &complen, &name, &namelen))
					continue;
				/* keys read back lie inside the file, NUL-terminated */
				assert_true(comp >= s.keys && name + namelen < s.keys + s.keyslen);
				assert_int_equal(strlen(comp), complen);
				assert_int_equal(strlen(name), namelen);
			}
			snapshot_close(&s);
		}
	}
	/* not a snapshot at all */
	fd = open(f->file, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd,
	                       "SQLite format 3\0garbage garbage garbage garbage garbage garbage "
	                       "garbage garbage garbage garbage garbage",
	                       100),
	                 100);
	close(fd);
	assert_int_equal(snapshot_open(&s, ROOT, f->file), 0);
	assert_int_equal(unlink(f->file), 0);
	assert_int_equal(snapshot_open(&s, ROOT, f->file), 0); /* missing */
}

/* Snapshot order, a byte at a time. */
static int reference_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;

	for (i = 0; i < alen && i < blen; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x != y)
			return x == '/' ? -1 : y == '/' ? 1 : x < y ? -1 : 1;
	}
	return alen < blen ? -1 : alen > blen;
}

static void should_sort_a_folder_before_its_siblings_with_lower_bytes(void **state)
{
	(void)state;
	/* '/' first: a folder's subtree right after it, before "a-b" and "a.b" */
	assert_true(snapshot_cmp("a/b", 3, "a-b", 3) < 0);
	assert_true(snapshot_cmp("a/b", 3, "a.b", 3) < 0);
	assert_true(snapshot_cmp("a", 1, "a/b", 3) < 0);
	assert_true(snapshot_cmp("a-b", 3, "a0", 2) < 0);
	assert_true(snapshot_cmp("ab", 2, "ab", 2) == 0);
	assert_true(snapshot_cmp("a\xff", 2, "a/", 2) > 0);
}

/* The order holds past the first words of a long shared prefix, whatever
 * the offset of the first difference. */
static void should_order_long_shared_prefixes_as_byte_by_byte(void **state)
{
	(void)state;
	{
		static const char alphabet[] = "a/-.z\xff"
		                               "0";
		uint32_t seed = 99;
		char x[40], y[40];
		size_t round, i, xl, yl;

		for (round = 0; round < 20000; round++) {
			seed = seed * 1103515245u + 12345u;
			xl = 1 + (seed >> 16) % 39;
			for (i = 0; i < xl; i++) {
				seed = seed * 1103515245u + 12345u;
				x[i] = alphabet[(seed >> 16) % 7];
			}
			memcpy(y, x, xl);
			seed = seed * 1103515245u + 12345u;
			yl = 1 + (seed >> 16) % 39;
			for (i = (seed >> 8) % xl; i < yl; i++) {
				seed = seed * 1103515245u + 12345u;
				y[i] = alphabet[(seed >> 16) % 7];
			}
			assert_int_equal(snapshot_cmp(x, xl, y, yl), reference_cmp(x, xl, y, yl));
			assert_int_equal(snapshot_cmp(y, yl, x, xl), reference_cmp(y, yl, x, xl));
		}
	}
}

static int by_snapshot_order(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	return snapshot_cmp(x, strlen(x), y, strlen(y));
}

/* The history's order: SQLite's of BLOBs, bytes then length. */
static int by_byte_order(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	return strcmp(x, y);
}

/* Looked up many at once, in whatever order (the snapshot's, the
 * history's byte order, reversed, shuffled) and however many (a group of
 * searches and one more, one, none), every path is found where a search
 * of its own finds it, and a missing one, between two that are there or
 * past the last, is not found. */
static void should_find_many_at_once_what_each_search_finds(void **state)
{
	static const char *const names[] = {"a", "a-b", "a.b", "a b", "ab", "b", "zz"};
	struct fixture *f = *state;
	struct snap_builder b;
	struct snapshot s;
	struct buf p = BUF_INIT;
#define NPATHS (1 + 7 + 49 + 343)
	char *all[NPATHS], *keys[2 * NPATHS];
	const char *rel[2 * NPATHS];
	size_t len[2 * NPATHS], counts[] = {0, 1, 2, 3, 15, 16, 17, 33, 0};
	uint32_t out[2 * NPATHS], seed = 11;
	size_t i, j, k, n = 0, nk, order, c;

	all[n++] = xstrdup("");
	for (i = 0; i < 7; i++) {
		all[n++] = xstrdup(names[i]);
		for (j = 0; j < 7; j++) {
			buf_setlen(&p, 0);
			buf_addf(&p, "%s/%s", names[i], names[j]);
			all[n++] = xstrdup(p.data);
			for (k = 0; k < 7; k++) {
				buf_setlen(&p, 0);
				buf_addf(&p, "%s/%s/%s", names[i], names[j], names[k]);
				all[n++] = xstrdup(p.data);
			}
		}
	}
	assert_int_equal(n, NPATHS);
	qsort(all, n, sizeof(*all), by_snapshot_order);
	snap_builder_init(&b);
	for (i = 0; i < n; i++)
		assert_int_equal(snap_builder_add(&b, all[i], strlen(all[i]), NULL, 0, 0), 0);
	assert_int_equal(snap_builder_write(&b, ROOT, f->file, NOW, 0), 0);
	snap_builder_release(&b);
	assert_int_equal(snapshot_open(&s, ROOT, f->file), 1);
	/* each path, and after it one that is not there */
	for (i = 0, nk = 0; i < n; i++) {
		keys[nk++] = xstrdup(all[i]);
		buf_setlen(&p, 0);
		buf_addf(&p, "%s!", all[i]);
		keys[nk++] = xstrdup(p.data);
	}
	counts[sizeof(counts) / sizeof(counts[0]) - 1] = nk;
	for (order = 0; order < 4; order++) {
		if (order == 1) /* the history's: bytes, then length */
			qsort(keys, nk, sizeof(*keys), by_byte_order);
		if (order == 2)
			for (i = 0; i < nk / 2; i++) {
				char *t = keys[i];
				keys[i] = keys[nk - 1 - i];
				keys[nk - 1 - i] = t;
			}
		if (order == 3)
			for (i = nk - 1; i > 0; i--) {
				char *t;
				seed = seed * 1103515245u + 12345u;
				j = (seed >> 8) % (i + 1);
				t = keys[i];
				keys[i] = keys[j];
				keys[j] = t;
			}
		for (c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
			for (i = 0; i < counts[c]; i++) {
				rel[i] = keys[i];
				len[i] = strlen(keys[i]);
				out[i] = 12345;
			}
			snapshot_find_many(&s, rel, len, counts[c], out);
			for (i = 0; i < counts[c]; i++)
				assert_int_equal(out[i], snapshot_find(&s, rel[i], len[i]));
		}
	}
	for (i = 0; i < nk; i++)
		free(keys[i]);
	for (i = 0; i < n; i++)
		free(all[i]);
	snapshot_close(&s);
	buf_release(&p);
#undef NPATHS
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(should_read_back_what_was_written),
	    T(should_order_long_shared_prefixes_as_byte_by_byte),
	    T(should_write_to_the_data_folder_by_root),
	    T(should_refuse_truncated_garbage_and_foreign_files),
	    T(should_sort_a_folder_before_its_siblings_with_lower_bytes),
	    T(should_find_many_at_once_what_each_search_finds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
