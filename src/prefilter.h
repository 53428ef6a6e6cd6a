/* prefilter.h - byte folding, and the masks and pairs that let a query pass
 * over most folders without reading them
 *
 * Matching compares bytes folded: ASCII letters in lowercase, and '_' and
 * '.' as '-', so `cart_service`, `Cart.Service` and `cart-service` are one
 * name to a query. PREFILTER_FOLD is that rule, written once: match.c
 * compares with it, the index computes masks and pairs with it, and the
 * candidate scan tests subsequences with it.
 *
 * A mask says which bytes a name has, one bit per class of byte; the
 * pairs, which bytes come before which. A keyword that is a subsequence of
 * a name has all its bytes in the name's mask and all its ordered pairs in
 * the name's pairs, so both tests accept a superset of what matches and
 * reject most folders cheaply.
 */
#ifndef MCD_PREFILTER_H
#define MCD_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

/* The folded byte of C (an unsigned char value). */
#define PREFILTER_FOLD(c)                                                                          \
	((c) >= 'A' && (c) <= 'Z'   ? (unsigned char)((c) + ('a' - 'A'))                           \
	 : (c) == '_' || (c) == '.' ? '-'                                                          \
	                            : (unsigned char)(c))

/* PREFILTER_FOLD of every byte, for the loops that fold many. */
extern const unsigned char prefilter_fold_table[256];

static inline unsigned char prefilter_fold(unsigned char c)
{
	return prefilter_fold_table[c];
}

/* The class bit of byte C in a mask: each folded ASCII letter and digit a
 * bit of its own, '-' (so '_' and '.') one bit, every other byte one of the
 * remaining 27. */
uint64_t prefilter_char_bit(unsigned char c);

/* MASK with the bits of S[0..LEN) added. */
uint64_t prefilter_mask(const char *s, size_t len, uint64_t mask);

/* Bit prefilter_pair_bit(a, b) of a name's pairs is set when folded byte A
 * comes anywhere before folded byte B in it. Names longer than
 * PREFILTER_PAIRS_MAXLEN set every bit (their pairs would fill it anyway). */
#define PREFILTER_PAIRS_MAXLEN 64
uint64_t prefilter_pair_bit(unsigned char a, unsigned char b);

/* PAIRS with the ordered pairs of S[0..LEN) added. */
uint64_t prefilter_pairs(const char *s, size_t len, uint64_t pairs);

/* The pairs a name must have for folded keyword KW[0..LEN) to be a
 * subsequence of it: all its ordered pairs, not only neighbours, so a
 * longer keyword that holds KW as a subsequence needs them all too. */
uint64_t prefilter_needed_pairs(const char *kw, size_t len);

/* BIGRAMS with the neighbouring pairs of S[0..LEN) added (bit
 * prefilter_pair_bit(a, b) when folded byte B follows folded byte A): a
 * keyword that occurs in a name whole, as an exact, prefix or word match
 * does, has all its neighbouring pairs among the name's. Unlike the
 * ordered pairs, a long name sets only as many bits as it has bytes. */
uint64_t prefilter_bigrams(const char *s, size_t len, uint64_t bigrams);

/* Is folded NEEDLE[0..NLEN) a subsequence of HAY[*AT..LEN) folded? Moves
 * *AT past the end of the first such occurrence (to LEN when there is
 * none). */
static inline int prefilter_subseq(const char *needle, size_t nlen, const char *hay, size_t len,
                                   size_t *at)
{
	size_t i = 0, j = *at;

	for (; j < len && i < nlen; j++)
		if (prefilter_fold_table[(unsigned char)hay[j]] == (unsigned char)needle[i])
			i++;
	*at = j;
	return i == nlen;
}

#endif
