/* match.h - how well one keyword matches one name
 *
 * The classes of DESIGN §4, best last so they compare as integers. A name is
 * a path component or a declared package name. Comparison is ASCII
 * case-insensitive and treats '-', '_' and '.' as the same separator; bytes
 * >= 0x80 compare as themselves.
 */
#ifndef MCD_MATCH_H
#define MCD_MATCH_H

#include <stddef.h>
#include <stdint.h>

enum match_class {
	MATCH_NONE = 0,
	MATCH_FUZZY,     /* a subsequence: "blng" in "billing" */
	MATCH_TYPO,      /* one edit from the whole name: "hosit" for "hoist" (match_typo) */
	MATCH_SUBSTRING, /* anywhere: "ill" in "billing" */
	MATCH_WORD,      /* whole words anywhere: "api" in "billing-api", "Api" in
	                    "billingApi", "billing" in "billing-api" */
	MATCH_PREFIX,    /* the start, ending inside a word: "bill" in "billing" */
	MATCH_EXACT,     /* the whole name: "Billing" and "billing" */
};

struct match {
	enum match_class cls;
	double score; /* fzy-style, higher is better; only compares within a class */
};

/* Normalise a keyword in place for matching: each byte folded as
 * prefilter.h says (ASCII lowercase, '_' and '.' as '-'). Returns its
 * argument. */
char *match_normalize(char *keyword);

/* Classify and score NEEDLE (normalised with match_normalize, NLEN bytes)
 * against NAME (raw, LEN bytes; its case is used to find camelCase word
 * starts). Fills *OUT and returns its class; MATCH_NONE when NEEDLE is
 * neither a subsequence of NAME nor a typo of it, or is empty. A typo
 * ranks above a subsequence that is only fuzzy. Never allocates. */
enum match_class match_name(const char *needle, size_t nlen, const char *name, size_t len,
                            struct match *out);

/* MASK with the class bits (prefilter_char_bit()) of the bytes of
 * NAME[0..LEN) that start a word, as match_name() finds word starts: a
 * keyword matches NAME as an exact name, a prefix or a word only if its
 * first byte's bit is in it. */
uint64_t match_word_starts(const char *name, size_t len, uint64_t mask);

/* match_name()'s class when it is a strong one (MATCH_WORD or better),
 * else MATCH_NONE, without the score: NEEDLE (normalised) occurs in NAME
 * at a word start. */
enum match_class match_strong(const char *needle, size_t nlen, const char *name, size_t len);

/* The shortest name a typo is looked for in: in shorter ones one edit
 * makes another word ("tset" is no "test" to look for). */
#define MATCH_TYPO_MIN 5

/* Is NEEDLE (normalised, NLEN bytes) one edit from the whole NAME (LEN
 * bytes, at least MATCH_TYPO_MIN, compared folded): one transposition of
 * neighbours, one byte inserted, deleted or substituted? An equal NEEDLE is
 * no typo. */
int match_typo(const char *needle, size_t nlen, const char *name, size_t len);

/* Find NEEDLE (normalised) as a substring of HAY[0..LEN) starting at or after
 * FROM, case- and separator-insensitively. Returns the offset just past the
 * first occurrence (FROM for an empty NEEDLE), or -1. Used for the earlier
 * keywords of a query, which must appear in order along the path. */
long match_find(const char *needle, size_t nlen, const char *hay, size_t len, size_t from);

#endif
