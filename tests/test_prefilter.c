/* test_prefilter.c - byte folding, masks and pairs (src/prefilter.c) */
#include "testutil.h"

#include <string.h>

#include "prefilter.h"

static void should_fold_case_and_separators_alike(void **state)
{
	(void)state;
	assert_int_equal(prefilter_fold('A'), 'a');
	assert_int_equal(prefilter_fold('Z'), 'z');
	assert_int_equal(prefilter_fold('_'), '-');
	assert_int_equal(prefilter_fold('.'), '-');
	assert_int_equal(prefilter_fold('-'), '-');
	assert_int_equal(prefilter_fold(' '), ' ');
	assert_int_equal(prefilter_fold('/'), '/');
	assert_int_equal(prefilter_fold(0xc3), 0xc3); /* UTF-8 bytes compare as themselves */
	assert_int_equal(prefilter_fold(0xff), 0xff);
	for (int c = 0; c < 256; c++)
		assert_int_equal(prefilter_fold((unsigned char)c), PREFILTER_FOLD(c));
}

static void should_give_folded_bytes_one_mask_bit(void **state)
{
	uint64_t m;

	(void)state;
	/* case and the three separators fold together */
	assert_true(prefilter_char_bit('A') == prefilter_char_bit('a'));
	assert_true(prefilter_char_bit('_') == prefilter_char_bit('-'));
	assert_true(prefilter_char_bit('.') == prefilter_char_bit('-'));
	assert_true(prefilter_char_bit('a') != prefilter_char_bit('b'));
	assert_true(prefilter_char_bit('0') != prefilter_char_bit('9'));
	assert_true(prefilter_char_bit('z') != prefilter_char_bit('-'));
	m = prefilter_mask("Ab_9", 4, 0);
	assert_true(m == (prefilter_char_bit('a') | prefilter_char_bit('b') |
	                  prefilter_char_bit('-') | prefilter_char_bit('9')));
}

static void should_find_a_folded_subsequence_and_say_where_it_ends(void **state)
{
	size_t at = 0;

	(void)state;
	assert_true(prefilter_subseq("cs", 2, "Cart_Service", 12, &at));
	assert_int_equal(at, 6);
	at = 0;
	assert_true(prefilter_subseq("t-s", 3, "Cart_Service", 12, &at));
	at = 6;
	assert_false(prefilter_subseq("c", 1, "Cart_Servi", 10, &at));
	assert_int_equal(at, 10);
	at = 0;
	assert_true(prefilter_subseq("", 0, "x", 1, &at));
	assert_int_equal(at, 0);
}

/* A keyword that is a subsequence of a name always passes its pairs (the
 * filter may not lose a match); the same letters in another order mostly
 * do not. */
static void should_keep_every_subsequence_through_the_pairs(void **state)
{
	static const char alphabet[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789-_. @/\xc3\xa9";
	uint32_t seed = 12345;
	char name[80], kw[80];
	size_t len, i, k, round, rejected = 0;

	(void)state;
	for (round = 0; round < 20000; round++) {
		seed = seed * 1103515245u + 12345u;
		len = 1 + (seed >> 16) % 70; /* past PREFILTER_PAIRS_MAXLEN too */
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			name[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		/* a random subsequence, with its case changed */
		for (i = k = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 3 == 0)
				kw[k++] = (char)prefilter_fold((unsigned char)name[i]);
		}
		assert_true((prefilter_pairs(name, len, 0) & prefilter_needed_pairs(kw, k)) ==
		            prefilter_needed_pairs(kw, k));
		/* the declared name's pairs are added, never replace */
		assert_true((prefilter_pairs("x", 1, prefilter_pairs(name, len, 0)) &
		             prefilter_needed_pairs(kw, k)) == prefilter_needed_pairs(kw, k));
	}
	/* reversed names keep the letters, lose the order */
	for (round = 0; round < 1000; round++) {
		for (i = 0; i < 8; i++) {
			seed = seed * 1103515245u + 12345u;
			kw[i] = (char)('a' + (seed >> 16) % 26);
			name[7 - i] = kw[i];
		}
		rejected += (prefilter_pairs(name, 8, 0) & prefilter_needed_pairs(kw, 8)) !=
		            prefilter_needed_pairs(kw, 8);
	}
	assert_in_range(rejected, 900, 1000);
	assert_true(prefilter_needed_pairs("a", 1) == 0);
	assert_true(prefilter_pairs("Cart_Service", 12, 0) ==
	            prefilter_pairs("cart-service", 12, 0));
}

/* A keyword that occurs in a name whole, in any case, has all its
 * neighbouring pairs among the name's, however long the name; one whose
 * bytes are only scattered through it mostly has not. */
static void should_keep_every_substring_through_the_bigrams(void **state)
{
	static const char alphabet[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789-_. @/\xc3\xa9";
	uint32_t seed = 54321;
	char name[200], kw[200];
	size_t len, i, k, at, round, rejected = 0;

	(void)state;
	for (round = 0; round < 20000; round++) {
		seed = seed * 1103515245u + 12345u;
		len = 1 + (seed >> 16) % 150;
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			name[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		seed = seed * 1103515245u + 12345u;
		at = (seed >> 16) % len;
		seed = seed * 1103515245u + 12345u;
		k = 1 + (seed >> 16) % (len - at);
		for (i = 0; i < k; i++)
			kw[i] = (char)prefilter_fold((unsigned char)name[at + i]);
		assert_true((prefilter_bigrams(name, len, 0) & prefilter_bigrams(kw, k, 0)) ==
		            prefilter_bigrams(kw, k, 0));
		/* the declared name's are added, never replace */
		assert_true((prefilter_bigrams("x", 1, prefilter_bigrams(name, len, 0)) &
		             prefilter_bigrams(kw, k, 0)) == prefilter_bigrams(kw, k, 0));
	}
	/* every other byte of a name: a subsequence, but no substring */
	for (round = 0; round < 1000; round++) {
		for (i = 0; i < 16; i++) {
			seed = seed * 1103515245u + 12345u;
			name[i] = (char)('a' + (seed >> 16) % 26);
		}
		for (i = 0; i < 8; i++)
			kw[i] = name[2 * i];
		rejected += (prefilter_bigrams(name, 16, 0) & prefilter_bigrams(kw, 8, 0)) !=
		            prefilter_bigrams(kw, 8, 0);
	}
	assert_in_range(rejected, 900, 1000);
	assert_true(prefilter_bigrams("a", 1, 0) == 0);
	assert_true(prefilter_bigrams("Cart_Service", 12, 0) ==
	            prefilter_bigrams("cart-service", 12, 0));
	assert_true(prefilter_bigrams("ab", 2, 0) != prefilter_bigrams("ba", 2, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(should_fold_case_and_separators_alike),
	    cmocka_unit_test(should_give_folded_bytes_one_mask_bit),
	    cmocka_unit_test(should_find_a_folded_subsequence_and_say_where_it_ends),
	    cmocka_unit_test(should_keep_every_subsequence_through_the_pairs),
	    cmocka_unit_test(should_keep_every_substring_through_the_bigrams),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
