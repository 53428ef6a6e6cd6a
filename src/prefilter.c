/* prefilter.c - byte folding, masks and pairs (see prefilter.h) */
#include "prefilter.h"

#define FOLD1(c) PREFILTER_FOLD(c)
#define FOLD4(c) FOLD1(c), FOLD1((c) + 1), FOLD1((c) + 2), FOLD1((c) + 3)
#define FOLD16(c) FOLD4(c), FOLD4((c) + 4), FOLD4((c) + 8), FOLD4((c) + 12)
#define FOLD64(c) FOLD16(c), FOLD16((c) + 16), FOLD16((c) + 32), FOLD16((c) + 48)

const unsigned char prefilter_fold_table[256] = {FOLD64(0), FOLD64(64), FOLD64(128), FOLD64(192)};

uint64_t prefilter_char_bit(unsigned char c)
{
	c = prefilter_fold(c);
	if (c >= 'a' && c <= 'z')
		return 1ull << (c - 'a');
	if (c >= '0' && c <= '9')
		return 1ull << (26 + c - '0');
	if (c == '-')
		return 1ull << 36;
	return 1ull << (37 + c % 27);
}

uint64_t prefilter_mask(const char *s, size_t len, uint64_t mask)
{
	size_t i;
	for (i = 0; i < len; i++)
		mask |= prefilter_char_bit((unsigned char)s[i]);
	return mask;
}

uint64_t prefilter_pair_bit(unsigned char a, unsigned char b)
{
	return 1ull << (((uint32_t)a * 0x9e3779b1u + (uint32_t)b * 0x85ebca6bu) >> 26);
}

uint64_t prefilter_pairs(const char *s, size_t len, uint64_t pairs)
{
	size_t i, j;

	if (len > PREFILTER_PAIRS_MAXLEN)
		return ~0ull;
	for (i = 0; i + 1 < len; i++) {
		unsigned char a = prefilter_fold((unsigned char)s[i]);
		for (j = i + 1; j < len; j++)
			pairs |= prefilter_pair_bit(a, prefilter_fold((unsigned char)s[j]));
	}
	return pairs;
}

uint64_t prefilter_bigrams(const char *s, size_t len, uint64_t bigrams)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		bigrams |= prefilter_pair_bit(prefilter_fold((unsigned char)s[i]),
		                              prefilter_fold((unsigned char)s[i + 1]));
	return bigrams;
}

uint64_t prefilter_needed_pairs(const char *kw, size_t len)
{
	return prefilter_pairs(kw, len, 0);
}
