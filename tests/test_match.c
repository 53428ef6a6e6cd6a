/* test_match.c - classes and scores of match.c, in terms of score.h */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "match.h"
#include "prefilter.h"
#include "score.h"

/* NEEDLE (already normalised) against NAME, both C strings. */
static struct match m(const char *needle, const char *name)
{
	struct match r;
	enum match_class cls = match_name(needle, strlen(needle), name, strlen(name), &r);

	assert_int_equal(cls, r.cls);
	return r;
}

static enum match_class cls(const char *needle, const char *name)
{
	return m(needle, name).cls;
}

static double score(const char *needle, const char *name)
{
	return m(needle, name).score;
}

/* Scores are sums of doubles; equal up to rounding. */
static void assert_score(double want, double got)
{
	double d = want - got;

	if (want == got || (d < 1e-9 && d > -1e-9))
		return;
	fail_msg("score %.9f, want %.9f", got, want);
}

static void should_classify_exact_name_case_insensitively(void **state)
{
	assert_int_equal(cls("billing", "billing"), MATCH_EXACT);
	assert_int_equal(cls("billing", "Billing"), MATCH_EXACT);
	assert_int_equal(cls("billing", "BILLING"), MATCH_EXACT);
	assert_score(SCORE_MAX, score("billing", "BiLLinG"));
}

static void should_treat_separators_alike(void **state)
{
	assert_int_equal(cls("foo-bar", "foo_bar"), MATCH_EXACT);
	assert_int_equal(cls("foo-bar", "foo.bar"), MATCH_EXACT);
	assert_int_equal(cls("foo-bar", "Foo-Bar"), MATCH_EXACT);
	assert_int_equal(cls("foo-bar", "foo_bar_baz"), MATCH_WORD);
	assert_int_equal(cls("foo-ba", "foo_bar_baz"), MATCH_PREFIX);
	assert_int_equal(cls("bar-baz", "foo.bar_baz"), MATCH_WORD);
	/* a space is a word boundary but not a separator to match: no
	   more than a typo of the name */
	assert_int_equal(cls("foo-bar", "foo bar"), MATCH_TYPO);
	assert_int_equal(cls("bar", "foo bar"), MATCH_WORD);
}

static void should_normalize_keywords_in_place(void **state)
{
	char kw[] = "Foo_Bar.BAZ-qux";

	assert_ptr_equal(match_normalize(kw), kw);
	assert_string_equal(kw, "foo-bar-baz-qux");
}

static void should_keep_non_ascii_bytes_when_normalizing(void **state)
{
	char kw[] = "Caf\xc3\x89 \xff";

	assert_string_equal(match_normalize(kw), "caf\xc3\x89 \xff");
}

static void should_classify_prefix(void **state)
{
	assert_int_equal(cls("bill", "Billing"), MATCH_PREFIX);
	/* the start of the name, then a run of three */
	assert_score(SCORE_MATCH_SLASH + 3 * SCORE_MATCH_CONSECUTIVE + 3 * SCORE_GAP_TRAILING,
	             score("bill", "Billing"));
}

static void should_classify_whole_word_after_dash(void **state)
{
	assert_int_equal(cls("api", "billing-api"), MATCH_WORD);
	assert_score(8 * SCORE_GAP_LEADING + SCORE_MATCH_WORD + 2 * SCORE_MATCH_CONSECUTIVE,
	             score("api", "billing-api"));
	assert_int_equal(cls("billing-api", "acme-billing-api"), MATCH_WORD);
	assert_int_equal(cls("billing", "acme-billing-api"), MATCH_WORD);
	assert_int_equal(cls("billing", "acme_billing.api"), MATCH_WORD);
	assert_int_equal(cls("billing", "acme billing"), MATCH_WORD);
}

static void should_classify_camel_case_word(void **state)
{
	assert_int_equal(cls("api", "billingApi"), MATCH_WORD);
	assert_score(7 * SCORE_GAP_LEADING + SCORE_MATCH_CAPITAL + 2 * SCORE_MATCH_CONSECUTIVE,
	             score("api", "billingApi"));
	assert_int_equal(cls("api", "billingApiClient"), MATCH_WORD);
	assert_int_equal(cls("billing", "acmeBillingApi"), MATCH_WORD);
	assert_int_equal(cls("parser", "XMLParser"), MATCH_WORD);
}

static void should_classify_word_at_letter_digit_boundary(void **state)
{
	assert_int_equal(cls("oauth", "go-oauth2"), MATCH_WORD);
	assert_int_equal(cls("v2", "api-v2"), MATCH_WORD);
	assert_score(1 * SCORE_GAP_LEADING + SCORE_MATCH_CAPITAL, score("2", "v2"));
}

static void should_classify_the_start_of_a_later_word_as_word(void **state)
{
	/* typed as a word is typed: from its start */
	assert_int_equal(cls("bill", "acme-billing"), MATCH_WORD);
	assert_int_equal(cls("postgres", "jdbc-postgresql"), MATCH_WORD);
	assert_int_equal(cls("pars", "xmlParser"), MATCH_WORD);
	/* a whole word scores above the start of one */
	assert_true(score("api", "rapid-api") > score("api", "rapid-apis"));
}

static void should_classify_part_of_a_word_as_substring(void **state)
{
	/* ends a word but starts inside one */
	assert_int_equal(cls("ing", "billing-api"), MATCH_SUBSTRING);
	/* lowercase after lowercase is no camelCase word */
	assert_int_equal(cls("api", "rapid"), MATCH_SUBSTRING);
}

static void should_classify_substring(void **state)
{
	assert_int_equal(cls("ill", "billing"), MATCH_SUBSTRING);
	assert_score(1 * SCORE_GAP_LEADING + 2 * SCORE_MATCH_CONSECUTIVE + 3 * SCORE_GAP_TRAILING,
	             score("ill", "billing"));
}

static void should_pick_the_best_class_that_applies(void **state)
{
	/* a substring at first, a whole word later */
	assert_int_equal(cls("api", "rapid-api"), MATCH_WORD);
	/* leading whole words are a word match, like words further in, so
	   frecency chooses between "billing-api" and "acme-billing" */
	assert_int_equal(cls("billing", "billing-api"), MATCH_WORD);
	assert_int_equal(cls("billing", "acme-billing"), MATCH_WORD);
	/* a start that ends inside a word is a prefix */
	assert_int_equal(cls("bill", "billing-api"), MATCH_PREFIX);
	assert_true(MATCH_EXACT > MATCH_PREFIX && MATCH_PREFIX > MATCH_WORD &&
	            MATCH_WORD > MATCH_SUBSTRING && MATCH_SUBSTRING > MATCH_FUZZY &&
	            MATCH_FUZZY > MATCH_NONE);
}

static void should_classify_fuzzy_subsequence(void **state)
{
	assert_int_equal(cls("blng", "billing"), MATCH_FUZZY);
	/* b, then l, n and g after three skipped letters in all */
	assert_score(SCORE_MATCH_SLASH + 3 * SCORE_GAP_INNER + SCORE_MATCH_CONSECUTIVE,
	             score("blng", "billing"));
}

static void should_reject_non_subsequence(void **state)
{
	struct match r = {MATCH_FUZZY, 0};

	assert_int_equal(match_name("xyz", 3, "billing", 7, &r), MATCH_NONE);
	assert_int_equal(r.cls, MATCH_NONE);
	assert_score(SCORE_MIN, r.score);
	assert_int_equal(cls("gnilib", "billing"), MATCH_NONE);
	assert_int_equal(cls("billingsx", "billing"), MATCH_NONE); /* two more */
	assert_int_equal(cls("bilx", "bil"), MATCH_NONE);          /* a typo of a short name */
	assert_int_equal(cls("", "billing"), MATCH_NONE);
	assert_int_equal(cls("", ""), MATCH_NONE);
	assert_int_equal(cls("a", ""), MATCH_NONE);
}

static void should_prefer_consecutive_over_scattered(void **state)
{
	assert_score(SCORE_MATCH_SLASH + SCORE_MATCH_CONSECUTIVE + SCORE_GAP_INNER,
	             score("api", "apxi"));
	assert_score(SCORE_MATCH_SLASH + 2 * SCORE_GAP_INNER, score("api", "axpxi"));
	/* (not one edit apart: a typo ranks as a typo) */
	assert_true(score("blng", "blxxng") > score("blng", "bxlnxxg"));
}

static void should_prefer_word_starts(void **state)
{
	/* fzy's app/models/order: o and r after the dash beat the o of models */
	double word = score("amor", "app-models-order");
	double plain = score("amor", "app-models-zrder");

	assert_int_equal(cls("amor", "app-models-order"), MATCH_FUZZY);
	assert_score(SCORE_MATCH_SLASH + 3 * SCORE_GAP_INNER + SCORE_MATCH_WORD +
	                 SCORE_MATCH_CONSECUTIVE + 6 * SCORE_GAP_INNER + 3 * SCORE_GAP_TRAILING,
	             plain);
	assert_score(plain + SCORE_MATCH_WORD, word);
	assert_true(score("ba", "billing-api") > score("ba", "bxa-billing"));
	assert_true(score("ba", "billingApi") > score("ba", "bxaxx"));
}

static void should_prefer_shorter_name_for_same_prefix(void **state)
{
	double shorter = score("bill", "billing");
	double longer = score("bill", "billing-api");

	assert_int_equal(cls("bill", "billing-api"), MATCH_PREFIX);
	assert_score(shorter + 4 * SCORE_GAP_TRAILING, longer);
}

static void should_find_best_alignment_not_first(void **state)
{
	/* the first 'a' is a plain letter, the second starts a word */
	assert_score(6 * SCORE_GAP_LEADING + SCORE_MATCH_WORD + SCORE_MATCH_CONSECUTIVE,
	             score("ap", "xaxxx-ap"));
}

static void should_handle_invalid_utf8_and_long_names(void **state)
{
	char name[4096];
	char needle[300];
	struct match r;

	/* bytes >= 0x80 compare as themselves, never case-folded */
	assert_int_equal(cls("caf\xc3\xa9", "\xff\xfe-caf\xc3\xa9"), MATCH_WORD);
	assert_int_equal(cls("\xc3\xa9", "caf\xc3\x89"), MATCH_NONE);
	assert_int_equal(cls("\xff", "\xff"), MATCH_EXACT);
	assert_int_equal(cls("dir", "my dir\nold"), MATCH_WORD); /* starts a word */
	assert_int_equal(match_name("a\tb", 3, "xa\tb\ny", 6, &r), MATCH_SUBSTRING);

	/* one byte past the DP limit: same class, scored along one alignment */
	memset(name, 'x', sizeof(name));
	memcpy(name + SCORE_DP_MAX_LEN + 1 - 8, "-billing", 8);
	assert_int_equal(match_name("billing", 7, name, SCORE_DP_MAX_LEN + 1, &r), MATCH_WORD);
	assert_score((SCORE_DP_MAX_LEN + 1 - 7) * SCORE_GAP_LEADING + SCORE_MATCH_WORD +
	                 6 * SCORE_MATCH_CONSECUTIVE,
	             r.score);

	memcpy(name, "billing", 7);
	assert_int_equal(match_name("bill", 4, name, sizeof(name), &r), MATCH_PREFIX);
	assert_score(SCORE_MATCH_SLASH + 3 * SCORE_MATCH_CONSECUTIVE +
	                 (sizeof(name) - 4) * SCORE_GAP_TRAILING,
	             r.score);
	assert_int_equal(match_name("gxx", 3, name, sizeof(name), &r), MATCH_SUBSTRING);
	assert_int_equal(match_name("bgz", 3, name, sizeof(name), &r), MATCH_NONE);
	assert_int_equal(match_name("blg", 3, name, sizeof(name), &r), MATCH_FUZZY);
	assert_score(SCORE_MATCH_SLASH + SCORE_GAP_INNER + 3 * SCORE_GAP_INNER +
	                 (sizeof(name) - 7) * SCORE_GAP_TRAILING,
	             r.score);

	/* long needles: exact, and longer than the name */
	memset(needle, 'x', sizeof(needle));
	assert_int_equal(match_name(needle, sizeof(needle), name + 300, sizeof(needle), &r),
	                 MATCH_EXACT);
	assert_int_equal(match_name(needle, sizeof(needle), name + 300, 200, &r), MATCH_NONE);
	assert_int_equal(match_name(needle, 200, name + 300, 250, &r), MATCH_PREFIX);
}

static void should_score_long_names_like_short_ones_for_plain_matches(void **state)
{
	char name[SCORE_DP_MAX_LEN + 1];
	struct match at_limit, past_limit;

	memset(name, 'x', sizeof(name));
	memcpy(name, "bill", 4);
	match_name("bil", 3, name, SCORE_DP_MAX_LEN, &at_limit);
	match_name("bil", 3, name, SCORE_DP_MAX_LEN + 1, &past_limit);
	assert_int_equal(at_limit.cls, MATCH_PREFIX);
	assert_int_equal(past_limit.cls, MATCH_PREFIX);
	assert_score(at_limit.score + SCORE_GAP_TRAILING, past_limit.score);
}

static void should_find_keywords_in_order_along_path(void **state)
{
	const char *path = "services/Billing_API/src/billing";
	size_t len = strlen(path);

	assert_int_equal(match_find("services", 8, path, len, 0), 8);
	assert_int_equal(match_find("billing-api", 11, path, len, 0), 20);
	assert_int_equal(match_find("src", 3, path, len, 20), 24);
	assert_int_equal(match_find("billing", 7, path, len, 10), len);
	assert_int_equal(match_find("services", 8, path, len, 1), -1);
	assert_int_equal(match_find("api/src", 7, path, len, 0), 24);
	assert_int_equal(match_find("x", 1, path, len, 0), -1);
	assert_int_equal(match_find("", 0, path, len, 5), 5);
	assert_int_equal(match_find("g", 1, path, len, len), -1);
	assert_int_equal(match_find("g", 1, path, len, len + 10), -1);
	assert_int_equal(match_find("services/billing-api/src/billing/x", 34, path, len, 0), -1);
	assert_int_equal(match_find("\xc3\xa9", 2, "a/caf\xc3\xa9", 7, 0), 7);
	assert_int_equal(match_find("\xc3\xa9", 2, "a/caf\xc3\x89", 7, 0), -1);
}

/* The strong class without the score is match_name()'s, for every needle
 * cut from a set of names against every name; and a strong match's first
 * byte is always among the name's word starts, which is how the index
 * finds them without reading names. */
static void should_find_strong_classes_as_match_name_does(void **state)
{
	static const char *const names[] = {"billing",
	                                    "billing-api",
	                                    "billingApi",
	                                    "XMLParser",
	                                    "oauth2",
	                                    ".github",
	                                    "jdbc-postgresql",
	                                    "c",
	                                    "objective-c",
	                                    "Cart_Service",
	                                    "web.app",
	                                    "a-b-c",
	                                    "__tests__",
	                                    "s3-bucket",
	                                    "UI",
	                                    "caf\xc3\xa9",
	                                    "x-",
	                                    "-x",
	                                    "storeKit",
	                                    "SocketIO",
	                                    "v2",
	                                    "ab"};
	enum { N = sizeof(names) / sizeof(*names) };
	size_t i, j, s, l;
	(void)state;

	for (i = 0; i < N; i++)
		for (j = 0; j < N; j++)
			for (s = 0; s < strlen(names[j]); s++)
				for (l = 1; s + l <= strlen(names[j]) && l <= 4; l++) {
					char needle[8];
					struct match r;
					enum match_class full, strong;
					uint64_t starts;

					memcpy(needle, names[j] + s, l);
					needle[l] = '\0';
					match_normalize(needle);
					full =
					    match_name(needle, l, names[i], strlen(names[i]), &r);
					strong =
					    match_strong(needle, l, names[i], strlen(names[i]));
					assert_int_equal(strong,
					                 full >= MATCH_WORD ? full : MATCH_NONE);
					starts = match_word_starts(names[i], strlen(names[i]), 0);
					if (strong)
						assert_true(starts & prefilter_char_bit(
						                         (unsigned char)needle[0]));
				}
	/* the starts of every word, and only those */
	assert_int_equal(match_word_starts("billingApi", 10, 0),
	                 prefilter_char_bit('b') | prefilter_char_bit('a'));
	assert_int_equal(match_word_starts("jdbc-postgresql", 15, 0),
	                 prefilter_char_bit('j') | prefilter_char_bit('p'));
	assert_int_equal(match_word_starts(".github", 7, 0),
	                 prefilter_char_bit('-') | prefilter_char_bit('g'));
	assert_int_equal(match_word_starts("", 0, 1), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(should_classify_exact_name_case_insensitively),
	    cmocka_unit_test(should_treat_separators_alike),
	    cmocka_unit_test(should_normalize_keywords_in_place),
	    cmocka_unit_test(should_keep_non_ascii_bytes_when_normalizing),
	    cmocka_unit_test(should_classify_prefix),
	    cmocka_unit_test(should_classify_whole_word_after_dash),
	    cmocka_unit_test(should_classify_camel_case_word),
	    cmocka_unit_test(should_classify_word_at_letter_digit_boundary),
	    cmocka_unit_test(should_classify_the_start_of_a_later_word_as_word),
	    cmocka_unit_test(should_classify_part_of_a_word_as_substring),
	    cmocka_unit_test(should_classify_substring),
	    cmocka_unit_test(should_pick_the_best_class_that_applies),
	    cmocka_unit_test(should_classify_fuzzy_subsequence),
	    cmocka_unit_test(should_reject_non_subsequence),
	    cmocka_unit_test(should_prefer_consecutive_over_scattered),
	    cmocka_unit_test(should_prefer_word_starts),
	    cmocka_unit_test(should_prefer_shorter_name_for_same_prefix),
	    cmocka_unit_test(should_find_best_alignment_not_first),
	    cmocka_unit_test(should_handle_invalid_utf8_and_long_names),
	    cmocka_unit_test(should_score_long_names_like_short_ones_for_plain_matches),
	    cmocka_unit_test(should_find_keywords_in_order_along_path),
	    cmocka_unit_test(should_find_strong_classes_as_match_name_does),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
