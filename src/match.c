/* match.c - classify and score one keyword against one name (DESIGN §4)
 *
 * The class comes from plain comparisons; the score within a class is fzy's:
 * the best alignment of the keyword as a subsequence of the name, where each
 * matched character earns a bonus for starting a word or continuing a run and
 * each skipped character costs a gap penalty (score.h).
 */
#include "match.h"

#include <stdbool.h>
#include <stdint.h>

#include "prefilter.h"
#include "score.h"

static inline bool is_sep(unsigned char c)
{
	return c == '-' || c == '_' || c == '.' || c == ' ' || c == '/';
}

static inline bool is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static inline bool is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static inline bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_alnum(unsigned char c)
{
	return is_lower(c) || is_upper(c) || is_digit(c);
}

static inline double max2(double a, double b)
{
	return a > b ? a : b;
}

/* Does a word of NAME start at I? At the start, after a separator, at a
 * camelCase capital ("billingApi"), at the last capital of an acronym before a
 * lowercase letter ("XMLParser") and where letters and digits meet ("oauth2").
 * A separator itself starts nothing. */
static bool is_word_start(const unsigned char *name, size_t len, size_t i)
{
	unsigned char c = name[i], p;

	if (is_sep(c))
		return false;
	if (i == 0)
		return true;
	p = name[i - 1];
	if (is_sep(p))
		return true;
	if (is_alnum(p) && is_alnum(c) && is_digit(p) != is_digit(c))
		return true;
	if (is_upper(c))
		return is_lower(p) || (is_upper(p) && i + 1 < len && is_lower(name[i + 1]));
	return false;
}

/* Does a word of NAME end just before E? */
static bool is_word_end(const unsigned char *name, size_t len, size_t e)
{
	return e == len || is_sep(name[e]) || is_word_start(name, len, e);
}

/* The bonus for matching NAME[I], by the kind of word start it is. */
static double bonus(const unsigned char *name, size_t len, size_t i)
{
	if (!is_word_start(name, len, i))
		return 0;
	if (i == 0 || name[i - 1] == '/')
		return SCORE_MATCH_SLASH;
	if (is_sep(name[i - 1]))
		return SCORE_MATCH_WORD;
	return SCORE_MATCH_CAPITAL;
}

/* Does NEEDLE occur in HAY at S? The caller checks that it fits. */
static bool occurs_at(const unsigned char *needle, size_t nlen, const unsigned char *hay, size_t s)
{
	for (size_t k = 0; k < nlen; k++)
		if (prefilter_fold(hay[s + k]) != needle[k])
			return false;
	return true;
}

/* The class of a NEEDLE known to be a subsequence of NAME, and in *START
 * where the occurrence that earns it begins (0 for a fuzzy match). */
static enum match_class classify(const unsigned char *needle, size_t nlen,
                                 const unsigned char *name, size_t len, size_t *start)
{
	size_t first = SIZE_MAX;

	*start = 0;
	if (occurs_at(needle, nlen, name, 0)) {
		if (nlen == len)
			return MATCH_EXACT;
		/* whole leading words ("billing" in "billing-api") are a word
		   match, so frecency can choose between them and later words */
		return is_word_end(name, len, nlen) ? MATCH_WORD : MATCH_PREFIX;
	}
	size_t word_start = SIZE_MAX;
	for (size_t s = 1; s + nlen <= len; s++) {
		if (!occurs_at(needle, nlen, name, s))
			continue;
		if (is_word_start(name, len, s)) {
			if (is_word_end(name, len, s + nlen)) {
				*start = s;
				return MATCH_WORD;
			}
			if (word_start == SIZE_MAX)
				word_start = s;
		}
		if (first == SIZE_MAX)
			first = s;
	}
	/* the start of a later word ("postgres" in "jdbc-postgresql") is typed
	   as a word is: a word match, scored below whole words by the DP */
	if (word_start != SIZE_MAX) {
		*start = word_start;
		return MATCH_WORD;
	}
	if (first == SIZE_MAX)
		return MATCH_FUZZY;
	*start = first;
	return MATCH_SUBSTRING;
}

/* fzy's score of the best alignment, for a NEEDLE known to be a subsequence
 * of NAME and 0 < NLEN <= LEN <= SCORE_DP_MAX_LEN.
 *
 * Row I of D holds the best score of NEEDLE[0..I] with NEEDLE[I] matched at
 * column J; row I of M the best with NEEDLE[I] matched at or before J, the
 * columns after it paid as gaps. Only two rows are kept, and only the band of
 * columns where NEEDLE[I] can sit with room for the rest of the needle. */
static double score_dp(const unsigned char *needle, size_t nlen, const unsigned char *name,
                       size_t len)
{
	double bonus_at[SCORE_DP_MAX_LEN];
	unsigned char lower[SCORE_DP_MAX_LEN];
	double D[2][SCORE_DP_MAX_LEN], M[2][SCORE_DP_MAX_LEN];
	size_t slack = len - nlen;

	for (size_t j = 0; j < len; j++) {
		bonus_at[j] = bonus(name, len, j);
		lower[j] = prefilter_fold(name[j]);
	}
	for (size_t i = 0; i < nlen; i++) {
		double *d = D[i & 1], *m = M[i & 1];
		const double *last_d = D[(i + 1) & 1], *last_m = M[(i + 1) & 1];
		double gap = i == nlen - 1 ? SCORE_GAP_TRAILING : SCORE_GAP_INNER;
		double prev = SCORE_MIN;

		for (size_t j = i; j <= i + slack; j++) {
			double s = SCORE_MIN;

			if (lower[j] == needle[i]) {
				if (i == 0)
					s = (double)j * SCORE_GAP_LEADING + bonus_at[j];
				else /* a run does not stack with a word start */
					s = max2(last_m[j - 1] + bonus_at[j],
					         last_d[j - 1] + SCORE_MATCH_CONSECUTIVE);
			}
			d[j] = s;
			m[j] = prev = max2(s, prev + gap);
		}
	}
	return M[(nlen - 1) & 1][len - 1];
}

/* The same score along one alignment instead of the best: NEEDLE matched
 * greedily from FROM on. Used for names too long for score_dp(); from the
 * start of a contiguous occurrence it scores that occurrence. */
static double score_greedy(const unsigned char *needle, size_t nlen, const unsigned char *name,
                           size_t len, size_t from)
{
	double score = 0;
	size_t i = 0, last = 0;

	for (size_t j = from; j < len && i < nlen; j++) {
		if (prefilter_fold(name[j]) != needle[i])
			continue;
		if (i == 0)
			score += (double)j * SCORE_GAP_LEADING + bonus(name, len, j);
		else if (j == last + 1)
			score += max2(bonus(name, len, j), SCORE_MATCH_CONSECUTIVE);
		else
			score += (double)(j - last - 1) * SCORE_GAP_INNER + bonus(name, len, j);
		last = j;
		i++;
	}
	return score + (double)(len - 1 - last) * SCORE_GAP_TRAILING;
}

uint64_t match_word_starts(const char *name, size_t len, uint64_t mask)
{
	const unsigned char *h = (const unsigned char *)name;

	/* a keyword is found at the start whatever byte it is */
	for (size_t i = 0; i < len; i++)
		if (i == 0 || is_word_start(h, len, i))
			mask |= prefilter_char_bit(prefilter_fold(h[i]));
	return mask;
}

enum match_class match_strong(const char *needle, size_t nlen, const char *name, size_t len)
{
	const unsigned char *n = (const unsigned char *)needle;
	const unsigned char *h = (const unsigned char *)name;

	if (nlen == 0 || nlen > len)
		return MATCH_NONE;
	if (occurs_at(n, nlen, h, 0)) {
		if (nlen == len)
			return MATCH_EXACT;
		return is_word_end(h, len, nlen) ? MATCH_WORD : MATCH_PREFIX;
	}
	for (size_t s = 1; s + nlen <= len; s++)
		if (prefilter_fold(h[s]) == n[0] && is_word_start(h, len, s) &&
		    occurs_at(n, nlen, h, s))
			return MATCH_WORD;
	return MATCH_NONE;
}

char *match_normalize(char *keyword)
{
	for (char *p = keyword; *p; p++)
		*p = (char)prefilter_fold((unsigned char)*p);
	return keyword;
}

/* Do NEEDLE[0..N) and NAME[0..N) folded agree? */
static bool same(const unsigned char *needle, const unsigned char *name, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (prefilter_fold(name[k]) != needle[k])
			return false;
	return true;
}

int match_typo(const char *needle, size_t nlen, const char *name, size_t len)
{
	const unsigned char *n = (const unsigned char *)needle;
	const unsigned char *h = (const unsigned char *)name;
	size_t i = 0, common = nlen < len ? nlen : len;

	if (len < MATCH_TYPO_MIN || nlen + 1 < len || len + 1 < nlen)
		return 0;
	while (i < common && prefilter_fold(h[i]) == n[i])
		i++;
	if (i == common)
		return nlen != len; /* one byte more or less at the end */
	if (nlen == len)
		return same(n + i + 1, h + i + 1, len - i - 1) || /* substituted */
		       (i + 1 < len && n[i] == prefilter_fold(h[i + 1]) &&
		        n[i + 1] == prefilter_fold(h[i]) &&
		        same(n + i + 2, h + i + 2, len - i - 2));
	if (nlen > len) /* one inserted */
		return same(n + i + 1, h + i, len - i);
	return same(n + i, h + i + 1, nlen - i); /* one deleted */
}

enum match_class match_name(const char *needle, size_t nlen, const char *name, size_t len,
                            struct match *out)
{
	const unsigned char *n = (const unsigned char *)needle;
	const unsigned char *h = (const unsigned char *)name;
	size_t start, at = 0;

	out->cls = MATCH_NONE;
	out->score = SCORE_MIN;
	if (nlen == 0)
		return MATCH_NONE;
	if (nlen > len || !prefilter_subseq(needle, nlen, name, len, &at)) {
		if (!match_typo(needle, nlen, name, len))
			return MATCH_NONE;
		out->cls = MATCH_TYPO;
		out->score = (double)len * SCORE_GAP_TRAILING; /* the shorter name first */
		return out->cls;
	}
	out->cls = classify(n, nlen, h, len, &start);
	if (out->cls == MATCH_FUZZY && match_typo(needle, nlen, name, len)) {
		out->cls = MATCH_TYPO; /* one byte left out: closer than scattered letters */
		out->score = (double)len * SCORE_GAP_TRAILING;
		return out->cls;
	}
	if (out->cls == MATCH_EXACT)
		out->score = SCORE_MAX;
	else if (len <= SCORE_DP_MAX_LEN)
		out->score = score_dp(n, nlen, h, len);
	else
		out->score = score_greedy(n, nlen, h, len, start);
	return out->cls;
}

long match_find(const char *needle, size_t nlen, const char *hay, size_t len, size_t from)
{
	const unsigned char *n = (const unsigned char *)needle;
	const unsigned char *h = (const unsigned char *)hay;

	if (from > len || nlen > len - from)
		return -1;
	for (size_t s = from; s + nlen <= len; s++)
		if (occurs_at(n, nlen, h, s))
			return (long)(s + nlen);
	return -1;
}
