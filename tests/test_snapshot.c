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

/* Looked up near a hint, in whatever order and from whatever hint, a path
 * is found where a search of the whole snapshot finds it, and a missing
 * one is not found: the history asks in byte order, which differs from
 * the snapshot's wherever a name holds a byte below '/'. */
static void should_find_near_a_hint_what_a_whole_search_finds(void **state)
{
	static const char *const names[] = {"a", "a-b", "a.b", "a b", "ab", "b"};
	struct fixture *f = *state;
	struct snap_builder b;
	struct snapshot s;
	struct buf p = BUF_INIT;
	char *all[1 + 6 + 36 + 6 * 36];
	size_t i, j, k, hint, n = 0;
	uint32_t seed = 7;

	/* "", six names, each with six below, each of those with six */
	all[n++] = xstrdup("");
	for (i = 0; i < 6; i++) {
		all[n++] = xstrdup(names[i]);
		for (j = 0; j < 6; j++) {
			buf_setlen(&p, 0);
			buf_addf(&p, "%s/%s", names[i], names[j]);
			all[n++] = xstrdup(p.data);
			for (k = 0; k < 6; k++) {
				buf_setlen(&p, 0);
				buf_addf(&p, "%s/%s/%s", names[i], names[j], names[k]);
				all[n++] = xstrdup(p.data);
			}
		}
	}
	qsort(all, n, sizeof(*all), by_snapshot_order);
	snap_builder_init(&b);
	for (i = 0; i < n; i++) {
		assert_int_equal(snap_builder_add(&b, all[i], strlen(all[i]), NULL, 0, 0), 0);
		free(all[i]);
	}
	assert_int_equal(snap_builder_write(&b, ROOT, f->file, NOW, 0), 0);
	snap_builder_release(&b);
	assert_int_equal(snapshot_open(&s, ROOT, f->file), 1);
	assert_int_equal(s.n, 1 + 6 + 36 + 6 * 36);
	for (i = 0; i < s.n; i++) {
		const struct snap_entry *e = &s.v[i];
		const char *path = snap_path(&s, e);
		/* from the start, the end, before, after and at random */
		size_t hints[] = {0, s.n, i, i + 1, i ? i - 1 : 0, s.n - 1, 0};
		seed = seed * 1103515245u + 12345u;
		hints[6] = (seed >> 8) % (s.n + 1);
		for (j = 0; j < sizeof(hints) / sizeof(hints[0]); j++) {
			hint = hints[j];
			assert_int_equal(snapshot_find_near(&s, path, e->pathlen, &hint), i);
			assert_int_equal(hint, i + 1);
			/* missing: a byte more, or one less */
			hint = hints[j];
			buf_setlen(&p, 0);
			buf_add(&p, path, e->pathlen);
			buf_addch(&p, '!');
			assert_int_equal(snapshot_find_near(&s, p.data, p.len, &hint), SNAP_NONE);
			assert_int_equal(snapshot_find(&s, p.data, p.len), SNAP_NONE);
			assert_true(hint <= s.n);
		}
	}
	/* every path in byte order, one hint carried along, as the history asks */
	n = 0;
	for (i = 0, hint = 0; i < 6; i++)
		for (j = 0; j < 6; j++) {
			buf_setlen(&p, 0);
			buf_addf(&p, "%s/%s", names[i], names[j]);
			assert_int_equal(snapshot_find_near(&s, p.data, p.len, &hint),
			                 snapshot_find(&s, p.data, p.len));
			assert_int_not_equal(snapshot_find(&s, p.data, p.len), SNAP_NONE);
			n++;
		}
	assert_int_equal(n, 36);
	snapshot_close(&s);
	buf_release(&p);
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
	    T(should_find_near_a_hint_what_a_whole_search_finds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
