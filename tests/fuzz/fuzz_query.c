/* fuzz_query.c - libFuzzer target: keyword parsing, matching and ranking
 *
 * The input is split at NULs into keywords (the query a user might type,
 * any bytes) and matched against a fixed set of candidates with hostile
 * names and declared names; the ranked order must be a valid permutation.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rank.h"

static const char *const paths[] = {
    "",
    "services/billing",
    "services/billing/migrations",
    "test/fixtures/billing",
    "libs/ui",
    "with space/and\ttab",
    "-rf",
    "$(touch x)",
    "\xff\xfe/inv\xc3",
    "a/b/c/d/e/f/g",
    "packages/babel-core",
    "go/svc/v2",
    "x/:api:all",
    "ünïcödé/名前",
};
static const char *const names[] = {
    NULL,          "@acme/billing",
    NULL,          NULL,
    "@acme/ui",    NULL,
    NULL,          NULL,
    NULL,          NULL,
    "@babel/core", "example.com/acme/svc/v2",
    NULL,          "名前",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cand_set set;
	struct rank_query q;
	char *copy, *kw[40];
	size_t i, n = 0, start = 0, matched;

	if (size > 4096)
		return 0;
	copy = xmemdup(data, size);
	for (i = 0; i <= size && n < 40; i++) {
		if (i == size || copy[i] == '\0') {
			copy[i] = '\0';
			kw[n++] = copy + start;
			start = i + 1;
		}
	}
	cand_set_init(&set, "/r/acme");
	for (i = 0; i < MCD_ARRAY_SIZE(paths); i++) {
		size_t k = cand_set_add(&set, paths[i], strlen(paths[i]), names[i],
		                        names[i] ? strlen(names[i]) : 0,
		                        names[i] ? CAND_PROJECT : 0, (double)(i % 3));
		set.v[k].recent = (int64_t)(i % 4 == 0 ? i : 0);
	}
	rank_query_init(&q, kw, n);
	matched = rank_run(&q, &set);
	if (matched > set.n)
		abort();
	for (i = 1; i < matched; i++)
		if (rank_compare(&set, &set.v[i - 1], &set.v[i]) > 0)
			abort();
	rank_query_release(&q);
	cand_set_release(&set);
	free(copy);
	return 0;
}
