/* test_snapbuild.c - building a snapshot: parents, depths, test marks,
 * masks, pairs and slices, one by one and on threads (src/snapbuild.c,
 * src/snapwrite.c) */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "prefilter.h"
#include "snapbuild.h"
#include "snapshot.h"
#include "util.h"

#include "snaputil.h"

static int cmp_item(const void *a, const void *b)
{
	const struct snap_item *x = a, *y = b;
	return snapshot_cmp(x->rel, x->len, y->rel, y->len);
}

/* A random tree in snapshot order, into ITEMS (room for MAX); names and
 * test folders here and there, some folders left out (as ignored ones
 * leave a gap between a folder and its nearest indexed ancestor), some
 * listed twice (as a refresh may). Strings live in ARENA. */
static size_t random_tree(struct snap_item *items, size_t max, struct buf *arena, uint32_t seed)
{
	static const char *const parts[] = {"src", "test", "a",       "a-b", "a.b",  "tests",
	                                    "ui",  "Ab",   "lib\xff", "x y", "spec", "b"};
	size_t *off = xcalloc(max, sizeof(*off)), n = 0, i, depth;
	char path[256];

	buf_setlen(arena, 0);
	for (i = 0; i < max; i++) {
		size_t len = 0;
		seed = seed * 1103515245u + 12345u;
		for (depth = i ? 1 + (seed >> 8) % 6 : 0; depth; depth--) {
			const char *p;
			seed = seed * 1103515245u + 12345u;
			p = parts[(seed >> 16) % (sizeof(parts) / sizeof(parts[0]))];
			len += (size_t)snprintf(path + len, sizeof(path) - len, "%s%s",
			                        len ? "/" : "", p);
		}
		items[i].len = len;
		off[i] = arena->len;
		buf_add(arena, path, len + 1);
		items[i].namelen = (seed >> 4) % 5 == 0 ? 6 + (seed >> 20) % 3 : 0;
		items[i].flags =
		    (uint32_t)(seed >> 12) & (SNAP_PROJECT | SNAP_GITIGNORE | SNAP_TEST);
	}
	for (i = 0; i < max; i++) {
		items[i].rel = arena->data + off[i];
		items[i].name = "@acme/billing";
	}
	qsort(items, max, sizeof(*items), cmp_item);
	/* left out: one in five, not the root */
	for (i = 0; i < max; i++) {
		seed = seed * 1103515245u + 12345u;
		if (i == 0 || (seed >> 16) % 5)
			items[n++] = items[i];
	}
	free(off);
	return n;
}

/* The snapshot S, written from items, holds B's entries byte for byte:
 * entries, pool, keys, and the slices of their masks, pairs and starts. */
static void assert_same_entries(const struct snap_builder *b, const struct snapshot *s)
{
	size_t words = (b->n + 63) / 64, i, k;
	uint64_t *rows = xcalloc(SNAP_SLICES * words + 1, sizeof(*rows));

	assert_int_equal(b->n, s->n);
	assert_int_equal(s->words, words);
	for (i = 0; i < b->n; i++) {
		assert_int_equal(b->v[i].mask, s->v[i].mask);
		assert_int_equal(b->v[i].path, s->v[i].path);
		assert_int_equal(b->v[i].pathlen, s->v[i].pathlen);
		assert_int_equal(b->v[i].name, s->v[i].name);
		assert_int_equal(b->v[i].namelen, s->v[i].namelen);
		assert_int_equal(b->v[i].depth, s->v[i].depth);
		assert_int_equal(b->v[i].flags, s->v[i].flags);
		assert_int_equal(b->v[i].parent, s->v[i].parent);
		assert_int_equal(b->keyoff[i], s->keyoff[i]);
		for (k = 0; k < 64; k++) {
			uint64_t bit = 1ull << (i % 64);
			if (b->v[i].mask >> k & 1)
				rows[k * words + i / 64] |= bit;
			if (b->bits[i].pairs >> k & 1)
				rows[(SNAP_SLICE_PAIRS + k) * words + i / 64] |= bit;
			if (b->bits[i].starts >> k & 1)
				rows[(SNAP_SLICE_STARTS + k) * words + i / 64] |= bit;
			if (b->bits[i].bigrams >> k & 1)
				rows[(SNAP_SLICE_BIGRAMS + k) * words + i / 64] |= bit;
		}
	}
	for (k = 0; k < SNAP_SLICES; k++) {
		uint32_t ones = 0;
		for (i = 0; i < words; i++)
			ones += (uint32_t)__builtin_popcountll(rows[k * words + i]);
		assert_memory_equal(snap_slice(s, (unsigned)k), rows + k * words,
		                    words * sizeof(*rows));
		assert_int_equal(s->ones[k], ones);
	}
	assert_int_equal(b->pool.len, s->poollen);
	assert_memory_equal(b->pool.data, s->pool, b->pool.len);
	assert_int_equal(b->keys.len, s->keyslen);
	assert_memory_equal(b->keys.data, s->keys, b->keys.len);
	free(rows);
}

/* ITEMS[0..N) into B with snap_builder_add(), each once. */
static size_t add_one_by_one(struct snap_builder *b, const struct snap_item *items, size_t n)
{
	size_t i, dups = 0;

	for (i = 0; i < n; i++) {
		if (i && snapshot_cmp(items[i - 1].rel, items[i - 1].len, items[i].rel,
		                      items[i].len) == 0) {
			dups++;
			continue;
		}
		assert_int_equal(snap_builder_add(b, items[i].rel, items[i].len, items[i].name,
		                                  items[i].namelen, items[i].flags),
		                 0);
	}
	return dups;
}

static void should_link_each_entry_to_its_parent(void **state)
{
	static const char *const paths[] = {"",    "a",     "a/b", "a/b/c", "a/d",
	                                    "a-b", "a-b/x", "a.b", "z",     NULL};
	static const uint32_t parent[] = {SNAP_NONE, 0, 1, 2, 1, 0, 5, 0, 0};
	struct fixture *f = *state;
	struct snapshot s;
	size_t i;

	write_paths(f, ROOT, paths);
	assert_int_equal(snapshot_open(&s, ROOT, f->file), 1);
	assert_int_equal(s.n, 9);
	for (i = 0; i < s.n; i++) {
		assert_int_equal(s.v[i].parent, parent[i]);
		assert_int_equal(snapshot_find(&s, paths[i], strlen(paths[i])), i);
	}
	assert_int_equal(s.v[3].depth, 3);
	snapshot_close(&s);
}

static void should_refuse_entries_out_of_order(void **state)
{
	struct snap_builder b;

	(void)state;
	snap_builder_init(&b);
	assert_int_equal(snap_builder_add(&b, "", 0, NULL, 0, 0), 0);
	assert_int_equal(snap_builder_add(&b, "b", 1, NULL, 0, 0), 0);
	assert_int_equal(snap_builder_add(&b, "a", 1, NULL, 0, 0), -1);
	assert_int_equal(snap_builder_add(&b, "b", 1, NULL, 0, 0), -1);
	assert_int_equal(snap_builder_add(&b, "c\0d", 3, NULL, 0, 0), -1);
	assert_int_equal(b.n, 2);
	snap_builder_release(&b);
}

/* However many threads share the writing, and wherever one's items start
 * (below a folder another thread writes, below a gap), the file holds
 * the entries of snap_builder_add() one by one. */
static void should_write_on_threads_what_one_by_one_builds(void **state)
{
	enum { MAX = 6000 };
	static const int threads[] = {1, 2, 3, 5, 8};
	struct fixture *f = *state;
	struct snap_item *items = xcalloc(MAX, sizeof(*items));
	struct buf arena = BUF_INIT;
	size_t t, n, round, dups = 0;

	for (round = 0; round < 3; round++) {
		n = random_tree(items, MAX, &arena, 7 + (uint32_t)round);
		for (t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
			struct snap_items all = snap_items_array(items, n);
			struct snap_builder one;
			struct snapshot s;
			snap_builder_init(&one);
			dups += add_one_by_one(&one, items, n);
			assert_int_equal(
			    snap_write_items(&all, ROOT, f->file, threads[t], NOW, 0, 0), 0);
			assert_int_equal(snapshot_open(&s, ROOT, f->file), 1);
			assert_same_entries(&one, &s);
			snapshot_close(&s);
			snap_builder_release(&one);
		}
	}
	assert_true(dups > 0); /* there were duplicates to leave out */
	buf_release(&arena);
	free(items);
}

/* More folders than a thread writes in one block (32768): the blocks
 * after the first go where they belong, on one thread and on several, and
 * the file, over 2 MiB, is copied out whole in its stretches, the last one
 * short. */
static void should_write_many_blocks_where_they_belong(void **state)
{
	enum { N = 100000 };
	static const char *const names[] = {"src", "test", "ui-kit", "Billing", "x"};
	struct fixture *f = *state;
	struct snap_item *items = xcalloc(N, sizeof(*items));
	char *arena = xmalloc((size_t)N * 24);
	struct snap_builder one;
	size_t i, at = 0;
	int t;

	snap_builder_init(&one);
	items[0] = (struct snap_item){"", NULL, 0, 0, 0};
	for (i = 1; i < N; i++) {
		/* d00000 .. d09999, most with children (d00000 is the root) */
		int len =
		    i % 10 ? snprintf(arena + at, 24, "d%05zu/%s%zu", i / 10, names[i % 5], i % 10)
		           : snprintf(arena + at, 24, "d%05zu", i / 10);
		items[i] = (struct snap_item){arena + at, i % 7 ? NULL : "@acme/pkg", (size_t)len,
		                              i % 7 ? 0 : 9, SNAP_PROJECT};
		at += (size_t)len + 1;
	}
	qsort(items, N, sizeof(*items), cmp_item);
	add_one_by_one(&one, items, N);
	for (t = 1; t <= 3; t++) {
		struct snap_items all = snap_items_array(items, N);
		struct snapshot s;
		assert_int_equal(snap_write_items(&all, ROOT, f->file, t, NOW, 0, 0), 0);
		assert_int_equal(snapshot_open(&s, ROOT, f->file), 1);
		assert_same_entries(&one, &s);
		snapshot_close(&s);
	}
	snap_builder_release(&one);
	free(arena);
	free(items);
}

/* A deep test subtree the threads split: the entries past the split have
 * their parents and test marks from the items before it. */
static void should_find_parents_across_the_threads_split(void **state)
{
	enum { N = 300 };
	static const char *const held[] = {"", "a", "a/b", "a/b/test"};
	struct fixture *f = *state;
	struct snap_item items[N + 7];
	char names[N][16];
	struct snapshot s;
	size_t i;
	int t;

	for (i = 0; i < 4; i++)
		items[i] = (struct snap_item){held[i], NULL, strlen(held[i]), 0, 0};
	for (i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "a/b/test/c%03zu", i);
		items[4 + i] = (struct snap_item){names[i], NULL, strlen(names[i]), 0, 0};
	}
	items[N + 4] = (struct snap_item){"a/b/test/c299/d", NULL, 15, 0, 0};
	items[N + 5] = (struct snap_item){"a/x", NULL, 3, 0, 0};
	items[N + 6] = (struct snap_item){"b", NULL, 1, 0, 0};
	for (t = 1; t <= 7; t += 2) {
		struct snap_items all = snap_items_array(items, N + 7);
		assert_int_equal(snap_write_items(&all, ROOT, f->file, t, NOW, 0, 0), 0);
		assert_int_equal(snapshot_open(&s, ROOT, f->file), 1);
		assert_int_equal(s.n, N + 7);
		for (i = 4; i < N + 4; i++) {
			assert_int_equal(s.v[i].parent, 3); /* a/b/test */
			assert_true(s.v[i].flags & SNAP_TEST);
		}
		assert_int_equal(s.v[N + 4].parent, N + 3);
		assert_true(s.v[N + 4].flags & SNAP_TEST);
		assert_int_equal(s.v[N + 5].parent, 1); /* a/x */
		assert_false(s.v[N + 5].flags & SNAP_TEST);
		assert_int_equal(s.v[N + 6].parent, 0);
		snapshot_close(&s);
	}
}

static void should_refuse_to_write_what_it_refuses_one_by_one(void **state)
{
	static const char *const paths[] = {"", "a", "a/b", "b", "c", "d", "e", "f"};
	struct fixture *f = *state;
	struct snap_item items[8] = {{NULL, NULL, 0, 0, 0}};
	struct snap_items all = snap_items_array(items, 8);
	char *longname = xcalloc(UINT16_MAX + 2, 1);
	struct snapshot s;
	size_t i;
	int t;

	memset(longname, 'n', UINT16_MAX + 1);
	for (t = 1; t <= 4; t++) {
		for (i = 0; i < 8; i++)
			items[i] = (struct snap_item){paths[i], NULL, strlen(paths[i]), 0, 0};
		items[6] = (struct snap_item){"a/c", NULL, 3, 0, 0}; /* out of order, late */
		assert_int_equal(snap_write_items(&all, ROOT, f->file, t, NOW, 0, 0),
		                 SNAP_WRITE_BAD);
		items[6] = (struct snap_item){"e\0", NULL, 2, 0, 0}; /* a NUL */
		assert_int_equal(snap_write_items(&all, ROOT, f->file, t, NOW, 0, 0),
		                 SNAP_WRITE_BAD);
		items[6] = (struct snap_item){"e", longname, 1, UINT16_MAX + 1, 0};
		assert_int_equal(snap_write_items(&all, ROOT, f->file, t, NOW, 0, 0),
		                 SNAP_WRITE_BAD);
		/* nothing written */
		assert_int_equal(snapshot_open(&s, ROOT, f->file), 0);
	}
	items[6] = (struct snap_item){"e", NULL, 1, 0, 0};
	assert_int_equal(snap_write_items(&all, ROOT, f->file, 2, NOW, 0, 0), 0);
	assert_int_equal(snapshot_open(&s, ROOT, f->file), 1);
	assert_int_equal(s.n, 8);
	snapshot_close(&s);
	free(longname);
}

static void should_mask_path_and_name_characters(void **state)
{
	struct fixture *f = *state;
	struct snap_builder b;
	struct snapshot s;

	snap_builder_init(&b);
	assert_int_equal(snap_builder_add(&b, "", 0, NULL, 0, 0), 0);
	assert_int_equal(snap_builder_add(&b, "libs/ui", 7, "@acme/Widgets", 13, SNAP_PROJECT), 0);
	assert_int_equal(snap_builder_write(&b, ROOT, f->file, NOW, 0), 0);
	snap_builder_release(&b);
	assert_int_equal(snapshot_open(&s, ROOT, f->file), 1);
	assert_int_equal(s.v[0].mask, 0);
	/* the last component and the declared name, not the parents */
	assert_true(s.v[1].mask == prefilter_mask("ui@acme/widgets", 15, 0));
	assert_false(s.v[1].mask & prefilter_char_bit('l'));
	assert_true(s.v[1].mask & prefilter_char_bit('w'));
	assert_false(s.v[1].mask & prefilter_char_bit('q'));
	/* the keys: the last component and the declared name, as they are */
	{
		const char *comp, *name;
		size_t complen, namelen;
		assert_int_equal(snapshot_keys(&s, 1, &comp, &complen, &name, &namelen), 1);
		assert_int_equal(complen, 2);
		assert_memory_equal(comp, "ui", 2);
		assert_int_equal(namelen, 13);
		assert_memory_equal(name, "@acme/Widgets", 13);
		assert_int_equal(snapshot_keys(&s, 0, &comp, &complen, &name, &namelen), 1);
		assert_int_equal(complen + namelen, 0);
	}
	snapshot_close(&s);
}

/* Row B of the slices holds bit B of every entry's mask, bit B - 64 of
 * its pairs or bit B - 128 of its word starts, and nothing past the last
 * entry; ONES counts them. */
static void should_slice_every_mask_pair_start_and_bigram_bit(void **state)
{
	static const char *const words[] = {"billing", "ui", "Cart_Service", "x",
	                                    "web.app", "",   "q9z"};
	enum { N = 203 }; /* more than three words of 64, and not a multiple */
	struct fixture *f = *state;
	char path[64], name[64];
	uint64_t pairs[N], starts[N], bigrams[N], bit;
	uint32_t ones[SNAP_SLICES] = {0};
	struct snap_builder b;
	struct snapshot s;
	size_t i, w;
	unsigned k;

	snap_builder_init(&b);
	for (i = 0; i < N; i++) {
		const char *comp = words[i % 7], *decl = words[(i / 7) % 7];
		int len = i ? snprintf(path, sizeof(path), "d%03zu/%s", i, comp) : 0;
		snprintf(name, sizeof(name), "%s", i % 3 ? "" : decl);
		assert_int_equal(snap_builder_add(&b, path, (size_t)len, name, strlen(name), 0), 0);
		if (!i)
			comp = ""; /* the root */
		pairs[i] =
		    prefilter_pairs(name, strlen(name), prefilter_pairs(comp, strlen(comp), 0));
		starts[i] =
		    match_word_starts(name, strlen(name), match_word_starts(comp, strlen(comp), 0));
		bigrams[i] =
		    prefilter_bigrams(name, strlen(name), prefilter_bigrams(comp, strlen(comp), 0));
	}
	assert_int_equal(snap_builder_write(&b, ROOT, f->file, NOW, 0), 0);
	snap_builder_release(&b);
	assert_int_equal(snapshot_open(&s, ROOT, f->file), 1);
	assert_int_equal(s.n, N);
	assert_int_equal(s.words, (N + 63) / 64);
	for (k = 0; k < SNAP_SLICES; k++) {
		for (i = 0; i < N; i++) {
			bit = snap_slice(&s, k)[i / 64] >> (i % 64) & 1;
			assert_int_equal(bit, (k < SNAP_SLICE_PAIRS     ? s.v[i].mask
			                       : k < SNAP_SLICE_STARTS  ? pairs[i]
			                       : k < SNAP_SLICE_BIGRAMS ? starts[i]
			                                                : bigrams[i]) >>
			                              (k % 64) &
			                          1);
			ones[k] += (uint32_t)bit;
		}
		for (w = N; w < s.words * 64; w++)
			assert_int_equal(snap_slice(&s, k)[w / 64] >> (w % 64) & 1, 0);
		assert_int_equal(s.ones[k], ones[k]);
	}
	/* rare letters are rare */
	assert_true(s.ones[__builtin_ctzll(prefilter_char_bit('q'))] <
	            s.ones[__builtin_ctzll(prefilter_char_bit('i'))]);
	snapshot_close(&s);
}

/* Test code is marked once, at index time: a folder whose name or a
 * parent's says so (tests, __tests__, a word Tests, spec, e2e...). */
static void should_mark_test_code_and_what_is_below_it(void **state)
{
	static const char *const paths[] = {"",
	                                    "a",
	                                    "a/tests/x", /* a/tests left out of the index */
	                                    "core",
	                                    "core/tests",
	                                    "core/tests/unit",
	                                    "java",
	                                    "java/src",
	                                    "java/src/test",
	                                    "java/src/test/java",
	                                    "latest",
	                                    "lib",
	                                    "lib/fooTest",
	                                    "lib/spec",
	                                    "lib/specs",
	                                    "lib/testdata",
	                                    "node",
	                                    "node/__fixtures__",
	                                    "node/__mocks__",
	                                    "node/fixtures",
	                                    "pkg",
	                                    "pkg/__tests__",
	                                    "pkg/src",
	                                    "sdk",
	                                    "sdk/testing",
	                                    "src",
	                                    "src/Basket.API",
	                                    "src/Basket.UnitTests",
	                                    "web",
	                                    "web/e2e",
	                                    NULL};
	static const int test[] = {0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1,
	                           1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1};
	struct fixture *f = *state;
	struct snapshot s;
	size_t i;

	write_paths(f, ROOT, paths);
	assert_int_equal(snapshot_open(&s, ROOT, f->file), 1);
	for (i = 0; paths[i]; i++)
		if (!(s.v[i].flags & SNAP_TEST) != !test[i])
			fail_msg("'%s': SNAP_TEST %s", paths[i], test[i] ? "missing" : "set");
	snapshot_close(&s);
	/* a flag passed in is not taken for it */
	{
		struct snap_builder b;
		snap_builder_init(&b);
		assert_int_equal(snap_builder_add(&b, "", 0, NULL, 0, SNAP_TEST), 0);
		assert_int_equal(snap_builder_add(&b, "src", 3, NULL, 0, SNAP_TEST), 0);
		assert_int_equal(snap_builder_write(&b, ROOT, f->file, NOW, 0), 0);
		snap_builder_release(&b);
		assert_int_equal(snapshot_open(&s, ROOT, f->file), 1);
		assert_false(s.v[1].flags & SNAP_TEST);
		snapshot_close(&s);
	}
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(should_link_each_entry_to_its_parent),
	    T(should_refuse_entries_out_of_order),
	    T(should_write_on_threads_what_one_by_one_builds),
	    T(should_write_many_blocks_where_they_belong),
	    T(should_find_parents_across_the_threads_split),
	    T(should_refuse_to_write_what_it_refuses_one_by_one),
	    T(should_mask_path_and_name_characters),
	    T(should_slice_every_mask_pair_start_and_bigram_bit),
	    T(should_mark_test_code_and_what_is_below_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
