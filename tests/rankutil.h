/* rankutil.h - what the ranking and candidate tests share: building sets,
 * running keywords over them, asserting orders */
#ifndef MCD_RANKUTIL_H
#define MCD_RANKUTIL_H

#include <stdlib.h>
#include <string.h>

#include "rank.h"

static inline void add(struct cand_set *s, const char *path, double frecency)
{
	cand_set_add(s, path, strlen(path), NULL, 0, 0, frecency);
}

static inline void add_project(struct cand_set *s, const char *path, const char *name,
                               double frecency)
{
	cand_set_add(s, path, strlen(path), name, name ? strlen(name) : 0, CAND_PROJECT, frecency);
}

/* Run the space-separated KEYWORDS over S; returns how many matched. */
static inline size_t query(struct cand_set *s, const char *keywords)
{
	char *copy = xstrdup(keywords), *kw[16], *save = NULL, *t;
	struct rank_query q;
	size_t n = 0, matched;

	for (t = strtok_r(copy, " ", &save); t && n < 16; t = strtok_r(NULL, " ", &save))
		kw[n++] = t;
	rank_query_init(&q, kw, n);
	matched = rank_run(&q, s);
	rank_query_release(&q);
	free(copy);
	return matched;
}

/* The first N candidates of S are exactly WANT (NULL-terminated), in order. */
static inline void assert_order(const struct cand_set *s, size_t n, const char *const *want)
{
	size_t i;

	for (i = 0; want[i]; i++) {
		if (i >= n)
			fail_msg("only %zu matched, want '%s' at %zu", n, want[i], i);
		if (strcmp(cand_path(s, &s->v[i]), want[i]) != 0)
			fail_msg("at %zu: '%s', want '%s'", i, cand_path(s, &s->v[i]), want[i]);
	}
	if (i != n)
		fail_msg("%zu matched, want %zu (extra: '%s')", n, i, cand_path(s, &s->v[i]));
}

#define ORDER(s, n, ...) assert_order((s), (n), (const char *const[]){__VA_ARGS__, NULL})

/* The candidate of S with PATH, or a failure. */
static inline struct cand *find(struct cand_set *s, const char *path)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].len == strlen(path) &&
		    memcmp(cand_path(s, &s->v[i]), path, s->v[i].len) == 0)
			return &s->v[i];
	fail_msg("no candidate '%s'", path);
	return NULL;
}

static inline uint32_t lcg(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
}

#endif
