/* fuzz_import.c - libFuzzer target: every history format over arbitrary bytes
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
 *       tests/fuzz/fuzz_import.c src/import.c src/util.c -o /tmp/fuzz_import
 *   /tmp/fuzz_import -max_total_time=60
 *
 * The bytes are handed over in a block of exactly their size, so reading
 * past the end is caught. Every entry must obey the contract, and every
 * entry must survive the trip through the export format and back.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"

#define NOW ((int64_t)1700000000)

static void check_entry(const struct import_entry *e)
{
	size_t len = strlen(e->path);

	if (!len || e->path[0] != '/' || len > IMPORT_MAX_LINE)
		abort();
	if (!isfinite(e->rank) || e->rank < 0 || e->last < 0)
		abort();
}

/* Export every entry of L and read it back: the same paths, ranks and times. */
static void round_trip(const struct import_list *l)
{
	struct import_list back = IMPORT_LIST_INIT;
	struct buf out = BUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		import_format_export_nul(&out, l->v[i].path, l->v[i].rank, l->v[i].last);
	if (import_parse(IMPORT_MCD_NUL, out.data, out.len, 0, &back) < 0)
		abort();
	if (back.n != l->n || back.skipped)
		abort();
	for (i = 0; i < l->n; i++)
		if (strcmp(back.v[i].path, l->v[i].path) || back.v[i].rank != l->v[i].rank ||
		    back.v[i].last != l->v[i].last)
			abort();
	import_list_release(&back);

	/* the line format takes every path without a CR or newline */
	buf_setlen(&out, 0);
	for (i = 0; i < l->n; i++)
		n += import_format_export(&out, l->v[i].path, l->v[i].rank, l->v[i].last) == 0;
	if (import_parse(IMPORT_MCD, out.data, out.len, 0, &back) < 0)
		abort();
	if (back.n != n || back.skipped)
		abort();
	import_list_release(&back);
	buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fmt;

	for (fmt = 0; fmt < IMPORT__COUNT; fmt++) {
		struct import_list l = IMPORT_LIST_INIT;
		size_t i;

		if (import_parse(fmt, (const char *)data, size, NOW, &l) < 0)
			abort();
		for (i = 0; i < l.n; i++)
			check_entry(&l.v[i]);
		round_trip(&l);
		import_list_release(&l);
	}
	return 0;
}
