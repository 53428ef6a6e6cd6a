/* test_import.c - other jumpers' history and mcd's export (src/import.c) */
#include "testutil.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "import.h"

#define NOW ((int64_t)1700000000) /* injected: no test reads the clock */

/* Parse the C string TEXT in FMT into a fresh list L. */
static void parse(enum import_format fmt, const char *text, struct import_list *l)
{
	import_list_init(l);
	assert_int_equal(import_parse(fmt, text, strlen(text), NOW, l), 0);
}

static void assert_entry(const struct import_list *l, size_t i, const char *path, double rank,
                         int64_t last)
{
	assert_true(i < l->n);
	assert_string_equal(l->v[i].path, path);
	if (l->v[i].rank != rank)
		fail_msg("entry %zu: rank %.17g, want %.17g", i, l->v[i].rank, rank);
	assert_int_equal(l->v[i].last, last);
}

/* ---- zoxide -------------------------------------------------------------- */

static void should_parse_zoxide_scores_with_spaces_in_paths(void **state)
{
	struct import_list l;

	parse(IMPORT_ZOXIDE,
	      "  12.0 /home/u/src/acme\n"
	      "   4.5 /home/u/My Documents/with  two  spaces \n"
	      "   0.2 /tmp/a b|c\td\n"
	      "10234.5 /wide/score\n",
	      &l);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.skipped, 0);
	assert_entry(&l, 0, "/home/u/src/acme", 12.0 / FRECENCY_HOUR, NOW);
	assert_entry(&l, 1, "/home/u/My Documents/with  two  spaces ", 4.5 / FRECENCY_HOUR, NOW);
	assert_entry(&l, 2, "/tmp/a b|c\td", 0.2 / FRECENCY_HOUR, NOW);
	assert_entry(&l, 3, "/wide/score", 10234.5 / FRECENCY_HOUR, NOW);
	import_list_release(&l);
}

/* zoxide's score is its rank already weighted by recency, x4 within the
 * hour as mcd weighs it: two `zoxide add`s a moment ago list as 8.0 and
 * are two visits, dated now, whose frecency is then zoxide's 8. */
static void should_take_zoxide_scores_without_weighing_recent_visits_twice(void **state)
{
	struct import_list l;

	parse(IMPORT_ZOXIDE,
	      "     8.0 /two/adds/now\n"
	      "     1.0 /two/adds/days/ago\n",
	      &l);
	assert_int_equal(l.n, 2);
	assert_entry(&l, 0, "/two/adds/now", 2, NOW);
	assert_entry(&l, 1, "/two/adds/days/ago", 0.25, NOW);
	assert_true(history_frecency(l.v[0].rank, l.v[0].last, NOW) == 8.0);
	assert_true(history_frecency(l.v[1].rank, l.v[1].last, NOW) == 1.0);
	import_list_release(&l);
}

static void should_refuse_zoxide_lines_without_one_space_before_the_path(void **state)
{
	struct import_list l;

	parse(IMPORT_ZOXIDE,
	      "12.0  /two/spaces\n" /* the path would be " /two/spaces" */
	      "12.0\t/tab\n"
	      "12.0/glued\n"
	      "/no/score\n"
	      "  12.0 relative/path\n"
	      "  12.0 \n",
	      &l);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.skipped, 6);
	import_list_release(&l);
}

/* ---- z and fasd ---------------------------------------------------------- */

static void should_split_z_lines_on_last_two_bars(void **state)
{
	struct import_list l;

	parse(IMPORT_Z,
	      "/home/u/src|42|1699999000\n"
	      "/a|b||c|1.5|1600000000\n"
	      "/with space/and\ttab|3|0\n"
	      "/x|1.23457e+06|1699999999.75\n"
	      "/y|1.|2.\n",
	      &l);
	assert_int_equal(l.skipped, 0);
	assert_int_equal(l.n, 5);
	assert_entry(&l, 0, "/home/u/src", 42, 1699999000);
	assert_entry(&l, 1, "/a|b||c", 1.5, 1600000000);
	assert_entry(&l, 2, "/with space/and\ttab", 3, 0);
	assert_entry(&l, 3, "/x", 1.23457e+06, 1699999999); /* what awk prints */
	assert_entry(&l, 4, "/y", 1, 2);
	import_list_release(&l);
}

static void should_map_fasd_ranks_to_visits(void **state)
{
	struct import_list l;

	/* one visit is rank 1, two are rank 2 (1 + 1/1), three 2.5 */
	parse(IMPORT_FASD,
	      "/one|1|100\n"
	      "/two|2|200\n"
	      "/three|2.5|300\n"
	      "/aged|0.9|400\n"
	      "/many|20|500\n"
	      "/b|a|r|4|600\n",
	      &l);
	assert_int_equal(l.n, 6);
	assert_entry(&l, 0, "/one", 1, 100);
	assert_entry(&l, 1, "/two", 2, 200);
	assert_entry(&l, 2, "/three", 3.125, 300);
	assert_entry(&l, 3, "/aged", 0.9, 400);
	assert_entry(&l, 4, "/many", 200, 500);
	assert_entry(&l, 5, "/b|a|r", 8, 600);
	import_list_release(&l);
}

/* ---- autojump ------------------------------------------------------------ */

static void should_map_autojump_weights_to_visits_and_keep_tabs(void **state)
{
	struct import_list l;

	/* weight = 10 * sqrt(visits) */
	parse(IMPORT_AUTOJUMP,
	      "10.0\t/one\n"
	      "20\t/four\n"
	      "22.360679774997898\t/five\n"
	      "5\t/a\ttab/and a|bar\n",
	      &l);
	assert_int_equal(l.skipped, 0);
	assert_int_equal(l.n, 4);
	assert_entry(&l, 0, "/one", 1, NOW);
	assert_entry(&l, 1, "/four", 4, NOW);
	assert_entry(&l, 2, "/five", 5, NOW);
	assert_entry(&l, 3, "/a\ttab/and a|bar", 0.25, NOW);
	import_list_release(&l);
}

/* 10 * sqrt(3) and 10 * sqrt(11) as autojump writes them square to
 * 3.0000000000000004 and 11.000000000000002: whole numbers of visits, and
 * exported as such; a count that means a fraction keeps it. */
static void should_count_whole_visits_as_whole_numbers(void **state)
{
	struct import_list l;
	struct buf out = BUF_INIT;

	parse(IMPORT_AUTOJUMP,
	      "17.320508075688775\t/three\n"
	      "33.166247903554\t/eleven\n"
	      "15\t/two/and/a/quarter\n",
	      &l);
	assert_entry(&l, 0, "/three", 3, NOW);
	assert_entry(&l, 1, "/eleven", 11, NOW);
	assert_entry(&l, 2, "/two/and/a/quarter", 2.25, NOW);
	assert_int_equal(import_format_export(&out, l.v[0].path, l.v[0].rank, 1), 0);
	assert_int_equal(import_format_export(&out, l.v[1].path, l.v[1].rank, 1), 0);
	assert_string_equal(out.data, "3\t1\t/three\n11\t1\t/eleven\n");
	buf_release(&out);
	import_list_release(&l);

	parse(IMPORT_FASD, "/two|2.0000000000000004|1\n", &l);
	assert_entry(&l, 0, "/two", 2, 1);
	import_list_release(&l);
}

/* ---- malformed input ----------------------------------------------------- */

static void should_skip_malformed_lines_and_count_them(void **state)
{
	static const struct {
		enum import_format fmt;
		const char *line;
	} bad[] = {
	    {IMPORT_Z, "|1|2"},                      /* empty path */
	    {IMPORT_Z, "rel/path|1|2"},              /* relative */
	    {IMPORT_Z, "/p|x|2"},                    /* non-numeric rank */
	    {IMPORT_Z, "/p|-1|2"},                   /* negative */
	    {IMPORT_Z, "/p|nan|2"},                  /* not a number */
	    {IMPORT_Z, "/p|inf|2"},                  /* infinite */
	    {IMPORT_Z, "/p|1e999|2"},                /* overflows to infinity */
	    {IMPORT_Z, "/p|0x10|2"},                 /* hex */
	    {IMPORT_Z, "/p| 1|2"},                   /* blank */
	    {IMPORT_Z, "/p||2"},                     /* empty rank */
	    {IMPORT_Z, "/p|1|"},                     /* empty time */
	    {IMPORT_Z, "/p|1|-5"},                   /* negative time */
	    {IMPORT_Z, "/p|1|1e9"},                  /* time in exponent form */
	    {IMPORT_Z, "/p|1|99999999999999999999"}, /* time overflows */
	    {IMPORT_Z, "/p|1"},                      /* one bar */
	    {IMPORT_Z, "/p"},                        /* no bar */
	    {IMPORT_FASD, "/p|1e200|2"},             /* rank^2 overflows */
	    {IMPORT_AUTOJUMP, "/p\t10"},             /* fields swapped */
	    {IMPORT_AUTOJUMP, "10 /p"},              /* no tab */
	    {IMPORT_AUTOJUMP, "1e300\t/p"},          /* weight^2 overflows */
	    {IMPORT_AUTOJUMP, "+10\t/p"},            /* signed */
	    {IMPORT_ZOXIDE, "abc /p"},
	    {IMPORT_ZOXIDE, "1.2.3 /p"},
	    {IMPORT_ZOXIDE, ". /p"},
	    {IMPORT_ZOXIDE, "1e /p"},
	    {IMPORT_MCD, "1\t2"},    /* one tab */
	    {IMPORT_MCD, "1\t\t/p"}, /* empty time */
	    {IMPORT_MCD, "1\t2\t"},  /* empty path */
	    {IMPORT_MCD, "1\t2\tp"}, /* relative */
	};
	size_t i;

	for (i = 0; i < MCD_ARRAY_SIZE(bad); i++) {
		struct import_list l;

		parse(bad[i].fmt, bad[i].line, &l);
		if (l.n != 0 || l.skipped != 1)
			fail_msg("'%s' as %s: %zu entries, %zu skipped", bad[i].line,
			         import_format_name(bad[i].fmt), l.n, l.skipped);
		import_list_release(&l);
	}
}

static void should_count_bad_lines_between_good_ones(void **state)
{
	struct import_list l;

	parse(IMPORT_Z, "/a|1|1\ngarbage\n/b|2|2\n|1|1\n/c|3|3", &l);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.skipped, 2);
	assert_entry(&l, 0, "/a", 1, 1);
	assert_entry(&l, 1, "/b", 2, 2);
	assert_entry(&l, 2, "/c", 3, 3); /* no newline at the end */
	import_list_release(&l);
}

static void should_ignore_empty_lines_without_counting_them(void **state)
{
	struct import_list l;

	parse(IMPORT_AUTOJUMP, "\n\n10\t/a\n\r\n\n10\t/b\n\n", &l);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.skipped, 0);
	import_list_release(&l);
	parse(IMPORT_Z, "", &l);
	assert_int_equal(l.n + l.skipped, 0);
	assert_int_equal(import_parse(IMPORT_MCD, NULL, 0, NOW, &l), 0); /* an empty file */
	assert_int_equal(l.n + l.skipped + l.nblocks, 0);
	import_list_release(&l);
}

static void should_tolerate_crlf(void **state)
{
	struct import_list l;

	parse(IMPORT_Z, "/a b|1|100\r\n/c|2|200\r\n/d|3|300\r", &l);
	assert_int_equal(l.skipped, 0);
	assert_int_equal(l.n, 3);
	assert_entry(&l, 0, "/a b", 1, 100);
	assert_entry(&l, 1, "/c", 2, 200);
	assert_entry(&l, 2, "/d", 3, 300);
	import_list_release(&l);

	parse(IMPORT_ZOXIDE, "   4.0 /x y\r\n", &l);
	assert_int_equal(l.n, 1);
	assert_entry(&l, 0, "/x y", 1, NOW);
	import_list_release(&l);
}

static void should_skip_lines_with_a_lone_cr(void **state)
{
	struct import_list l;

	/* a CR-only file is one line full of CRs: skipped, not a strange path */
	parse(IMPORT_Z, "/a|1|1\r/b|2|2\r/c|3|3\r\n", &l);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.skipped, 1);
	import_list_release(&l);
}

static void should_skip_lines_with_a_nul(void **state)
{
	static const char text[] = "/a\0b|1|1\n/c|2|2\n";
	struct import_list l;

	import_list_init(&l);
	assert_int_equal(import_parse(IMPORT_Z, text, sizeof(text) - 1, NOW, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.skipped, 1);
	assert_entry(&l, 0, "/c", 2, 2);
	import_list_release(&l);
}

static void should_skip_lines_longer_than_the_limit(void **state)
{
	struct buf b = BUF_INIT;
	struct import_list l;
	size_t fill;

	/* a line of exactly IMPORT_MAX_LINE bytes is read, one more is not */
	buf_adds(&b, "1\t0\t/");
	fill = IMPORT_MAX_LINE - b.len;
	buf_grow(&b, fill);
	memset(b.data + b.len, 'a', fill);
	buf_setlen(&b, b.len + fill);
	buf_adds(&b, "\n1\t0\t/");
	buf_grow(&b, fill + 1);
	memset(b.data + b.len, 'b', fill + 1);
	buf_setlen(&b, b.len + fill + 1);
	buf_adds(&b, "\n1\t0\t/short\n");

	import_list_init(&l);
	assert_int_equal(import_parse(IMPORT_MCD, b.data, b.len, NOW, &l), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.skipped, 1);
	assert_int_equal(strlen(l.v[0].path), IMPORT_MAX_LINE - 4);
	assert_string_equal(l.v[1].path, "/short");
	import_list_release(&l);
	buf_release(&b);
}

static void should_skip_a_byte_order_mark(void **state)
{
	struct import_list l;

	parse(IMPORT_AUTOJUMP,
	      "\xef\xbb\xbf"
	      "10\t/a\n",
	      &l);
	assert_int_equal(l.n, 1);
	assert_entry(&l, 0, "/a", 1, NOW);
	import_list_release(&l);
}

static void should_read_numbers_the_same_in_any_locale(void **state)
{
	struct import_list l;
	struct buf b = BUF_INIT;

	if (!setlocale(LC_NUMERIC, "de_DE.UTF-8") && !setlocale(LC_NUMERIC, "fr_FR.UTF-8"))
		skip(); /* no locale with a decimal comma installed */
	parse(IMPORT_Z, "/a|2.5|1\n", &l);
	import_format_export(&b, "/a", 2.5, 1);
	setlocale(LC_NUMERIC, "C");
	assert_int_equal(l.n, 1);
	assert_entry(&l, 0, "/a", 2.5, 1);
	assert_string_equal(b.data, "2.5\t1\t/a\n");
	import_list_release(&l);
	buf_release(&b);
}

/* ---- the export format --------------------------------------------------- */

static void should_write_visits_in_the_fewest_digits(void **state)
{
	struct buf b = BUF_INIT;

	import_format_export(&b, "/a", 3, 1700000000);
	import_format_export(&b, "/b c", 2.5, 0);
	import_format_export(&b, "/d", 0.1, 5);
	import_format_export(&b, "/e", -1, -7);
	import_format_export(&b, "/f", NAN, 1);
	import_format_export(&b, "/g", INFINITY, 1);
	assert_string_equal(b.data, "3\t1700000000\t/a\n"
	                            "2.5\t0\t/b c\n"
	                            "0.1\t5\t/d\n"
	                            "0\t0\t/e\n"
	                            "0\t1\t/f\n"
	                            "0\t1\t/g\n");
	buf_release(&b);
}

static void should_round_trip_export_format(void **state)
{
	static const char *const paths[] = {
	    "/",
	    "/a",
	    "/with space",
	    "/with\ttab\tand|bar",
	    "/trailing space ",
	    "/caf\xc3\xa9",
	    "/bad\xff\xfeutf8",
	    "/-rf",
	    "/$(touch x)",
	    "/back\\slash",
	};
	const double visits[] = {
	    0, 1, 2.5, 0.1, 1.0 / 3, 1e-300, 12345.678, 9999.999999999, DBL_MAX, DBL_MIN, 4.9e-324};
	struct buf b = BUF_INIT;
	struct import_list l;
	size_t i, n = 0;

	for (i = 0; i < MCD_ARRAY_SIZE(paths); i++)
		assert_int_equal(import_format_export(&b, paths[i],
		                                      visits[i % MCD_ARRAY_SIZE(visits)],
		                                      (int64_t)i * 1000003),
		                 0);
	for (i = 0; i < MCD_ARRAY_SIZE(visits); i++)
		assert_int_equal(import_format_export(&b, "/v", visits[i], INT64_MAX), 0);
	import_list_init(&l);
	assert_int_equal(import_parse(IMPORT_MCD, b.data, b.len, NOW, &l), 0);
	assert_int_equal(l.skipped, 0);
	assert_int_equal(l.n, MCD_ARRAY_SIZE(paths) + MCD_ARRAY_SIZE(visits));
	for (i = 0; i < MCD_ARRAY_SIZE(paths); i++, n++)
		assert_entry(&l, n, paths[i], visits[i % MCD_ARRAY_SIZE(visits)],
		             (int64_t)i * 1000003);
	for (i = 0; i < MCD_ARRAY_SIZE(visits); i++, n++)
		assert_entry(&l, n, "/v", visits[i], INT64_MAX);
	import_list_release(&l);
	buf_release(&b);
}

static void should_round_trip_nul_export_with_newlines_in_paths(void **state)
{
	static const char *const paths[] = {"/new\nline", "/trailing\n", "/cr\r", "/\r\n",
	                                    "/plain"};
	struct buf b = BUF_INIT;
	struct import_list l;
	size_t i;

	for (i = 0; i < MCD_ARRAY_SIZE(paths); i++)
		import_format_export_nul(&b, paths[i], 1.5 * (double)i, (int64_t)i);
	import_list_init(&l);
	assert_int_equal(import_parse(IMPORT_MCD_NUL, b.data, b.len, NOW, &l), 0);
	assert_int_equal(l.skipped, 0);
	assert_int_equal(l.n, MCD_ARRAY_SIZE(paths));
	for (i = 0; i < MCD_ARRAY_SIZE(paths); i++)
		assert_entry(&l, i, paths[i], 1.5 * (double)i, (int64_t)i);
	import_list_release(&l);

	/* the newline format cannot hold them: refused, so an export never
	   reads back as other paths */
	buf_setlen(&b, 0);
	assert_int_equal(import_format_export(&b, "/new\nline", 1, 1), -1);
	assert_int_equal(import_format_export(&b, "/cr\r/x", 1, 1), -1);
	assert_int_equal(import_format_export(&b, "/trailing\n", 1, 1), -1);
	assert_int_equal(b.len, 0);
	buf_release(&b);

	/* and a CR inside a line of a hand-made file is skipped and counted */
	import_list_init(&l);
	assert_int_equal(import_parse(IMPORT_MCD, "1\t1\t/cr\r/x\n", 11, NOW, &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.skipped, 1);
	import_list_release(&l);
}

/* ---- the list, names and places ------------------------------------------ */

static void should_append_across_buffers(void **state)
{
	struct import_list l;
	static const char a[] = "10\t/a\nx\n", z[] = "/z|2|7\n|\n";

	import_list_init(&l);
	assert_int_equal(import_parse(IMPORT_AUTOJUMP, a, strlen(a), NOW, &l), 0);
	assert_int_equal(import_parse(IMPORT_Z, z, strlen(z), NOW, &l), 0);
	assert_int_equal(import_parse(IMPORT_Z, "junk", 4, NOW, &l), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.skipped, 3);
	assert_int_equal(l.nblocks, 2); /* a buffer without entries keeps no block */
	assert_entry(&l, 0, "/a", 1, NOW);
	assert_entry(&l, 1, "/z", 2, 7);
	import_list_release(&l);
	assert_int_equal(l.n + l.cap + l.nblocks + l.skipped, 0);
	import_list_release(&l); /* twice is harmless */
}

static void should_refuse_an_unknown_format(void **state)
{
	struct import_list l;

	import_list_init(&l);
	assert_int_equal(import_parse((enum import_format)IMPORT__COUNT, "10\t/a\n", 6, NOW, &l),
	                 -1);
	assert_int_equal(import_parse((enum import_format) - 1, "10\t/a\n", 6, NOW, &l), -1);
	assert_int_equal(l.n + l.skipped, 0);
	import_list_release(&l);
}

static void should_name_formats(void **state)
{
	int i;

	assert_int_equal(import_format_from_name("zoxide"), IMPORT_ZOXIDE);
	assert_int_equal(import_format_from_name("z"), IMPORT_Z);
	assert_int_equal(import_format_from_name("fasd"), IMPORT_FASD);
	assert_int_equal(import_format_from_name("autojump"), IMPORT_AUTOJUMP);
	assert_int_equal(import_format_from_name("mcd"), IMPORT_MCD);
	assert_int_equal(import_format_from_name("mcd0"), IMPORT_MCD_NUL);
	assert_int_equal(import_format_from_name("Z"), -1);
	assert_int_equal(import_format_from_name(""), -1);
	assert_int_equal(import_format_from_name("zo"), -1);
	for (i = 0; i < IMPORT__COUNT; i++)
		assert_int_equal(import_format_from_name(import_format_name(i)), i);
	assert_string_equal(import_format_name(IMPORT__COUNT), "?");
}

static void assert_default(enum import_format fmt, const char *want)
{
	char *got = import_default_path(fmt);

	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void should_find_default_paths(void **state)
{
	setenv("HOME", "/home/u", 1);
	unsetenv("_Z_DATA");
	unsetenv("_FASD_DATA");
	unsetenv("XDG_DATA_HOME");
	assert_default(IMPORT_Z, "/home/u/.z");
	assert_default(IMPORT_FASD, "/home/u/.fasd");
	assert_default(IMPORT_AUTOJUMP, "/home/u/.local/share/autojump/autojump.txt");
	assert_default(IMPORT_ZOXIDE, NULL);
	assert_default(IMPORT_MCD, NULL);

	setenv("_Z_DATA", "/data/z file", 1);
	setenv("_FASD_DATA", "/data/fasd", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	assert_default(IMPORT_Z, "/data/z file");
	assert_default(IMPORT_FASD, "/data/fasd");
	assert_default(IMPORT_AUTOJUMP, "/xdg/autojump/autojump.txt");

	/* relative values are ignored, as mcd ignores a relative XDG_DATA_HOME */
	setenv("_Z_DATA", "rel/z", 1);
	setenv("XDG_DATA_HOME", "rel", 1);
	assert_default(IMPORT_Z, "/home/u/.z");
	assert_default(IMPORT_AUTOJUMP, "/home/u/.local/share/autojump/autojump.txt");
	unsetenv("HOME");
	assert_default(IMPORT_Z, NULL);
	assert_default(IMPORT_FASD, "/data/fasd");
	unsetenv("_Z_DATA");
	unsetenv("_FASD_DATA");
	unsetenv("XDG_DATA_HOME");
}

/* ---- garbage ------------------------------------------------------------- */

/* xorshift64*: the same sequence on every run */
static uint64_t next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* Every entry obeys the contract. */
static void assert_sane(const struct import_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct import_entry *e = &l->v[i];
		if (e->path[0] != '/' || !isfinite(e->rank) || e->rank < 0 || e->last < 0 ||
		    strlen(e->path) > IMPORT_MAX_LINE)
			fail_msg("entry %zu breaks the contract: rank %g last %lld", i, e->rank,
			         (long long)e->last);
	}
}

static void should_survive_garbage(void **state)
{
	/* mostly the bytes the formats are made of, so lines get far */
	static const char alphabet[] = "/|\t\n\r 0123456789.eE+-abc\0\xff";
	uint64_t seed = 0x6d6364696d706f72ULL;
	struct buf b = BUF_INIT;
	int iter, fmt;

	for (iter = 0; iter < 4000; iter++) {
		size_t len = next(&seed) % 300, i;
		buf_setlen(&b, 0);
		buf_grow(&b, len);
		for (i = 0; i < len; i++) {
			uint64_t r = next(&seed);
			b.data[i] =
			    r % 8 ? alphabet[(r >> 8) % (sizeof(alphabet) - 1)] : (char)(r >> 16);
		}
		b.len = len;
		for (fmt = 0; fmt < IMPORT__COUNT; fmt++) {
			struct import_list l;
			/* a block of exactly LEN bytes: ASan sees any overread */
			char *exact = xmalloc(len ? len : 1);
			memcpy(exact, b.data, len);
			import_list_init(&l);
			assert_int_equal(import_parse(fmt, exact, len, NOW, &l), 0);
			assert_sane(&l);
			free(exact);
			import_list_release(&l);
		}
	}
	buf_release(&b);
}

int main(void)
{
#define T(f) cmocka_unit_test(f)
	const struct CMUnitTest tests[] = {
	    T(should_parse_zoxide_scores_with_spaces_in_paths),
	    T(should_take_zoxide_scores_without_weighing_recent_visits_twice),
	    T(should_refuse_zoxide_lines_without_one_space_before_the_path),
	    T(should_split_z_lines_on_last_two_bars),
	    T(should_map_fasd_ranks_to_visits),
	    T(should_map_autojump_weights_to_visits_and_keep_tabs),
	    T(should_count_whole_visits_as_whole_numbers),
	    T(should_skip_malformed_lines_and_count_them),
	    T(should_count_bad_lines_between_good_ones),
	    T(should_ignore_empty_lines_without_counting_them),
	    T(should_tolerate_crlf),
	    T(should_skip_lines_with_a_lone_cr),
	    T(should_skip_lines_with_a_nul),
	    T(should_skip_lines_longer_than_the_limit),
	    T(should_skip_a_byte_order_mark),
	    T(should_read_numbers_the_same_in_any_locale),
	    T(should_write_visits_in_the_fewest_digits),
	    T(should_round_trip_export_format),
	    T(should_round_trip_nul_export_with_newlines_in_paths),
	    T(should_append_across_buffers),
	    T(should_refuse_an_unknown_format),
	    T(should_name_formats),
	    T(should_find_default_paths),
	    T(should_survive_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
