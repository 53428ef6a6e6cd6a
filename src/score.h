/* score.h - every tunable constant of matching and ranking, after fzy's
 * config.def.h: match.c's per-character scores, then history's weights
 *
 * A score adds up, along the best alignment of a keyword in a name, a bonus
 * for each matched character and a penalty for each skipped one; these are
 * the per-character amounts. Only their order and ratios matter: a run of
 * typed characters beats any word start, a word start beats a plain letter,
 * and many skipped characters cost less than one bonus.
 */
#ifndef MCD_SCORE_H
#define MCD_SCORE_H

#include <math.h> /* INFINITY is a macro: no -lm needed */

/* An exact name outranks every computed score, whatever its length. */
#define SCORE_MAX ((double)INFINITY)
/* No alignment at all: below every computed score, even a long gappy one. */
#define SCORE_MIN (-(double)INFINITY)

/* Characters skipped before the first match cost little: names often share a
 * leading word (acme-, lib-) the user does not type. */
#define SCORE_GAP_LEADING (-0.005)
/* Characters after the last match cost the same little, just enough that of
 * two names with the same match the shorter one wins. */
#define SCORE_GAP_TRAILING (-0.005)
/* A gap inside the match costs twice as much: it splits what the user typed. */
#define SCORE_GAP_INNER (-0.01)

/* A character right after the previous matched one: a typed run is the
 * strongest signal, so it is worth more than any word start. */
#define SCORE_MATCH_CONSECUTIVE 1.0
/* The first character of the name, which follows a '/' in the path: where
 * users start typing. */
#define SCORE_MATCH_SLASH 0.9
/* A character after '-', '_', '.' or ' ': the start of a word. */
#define SCORE_MATCH_WORD 0.8
/* A camelCase capital (billingApi, XMLParser) or a letter/digit change
 * (oauth2): a word start without a separator, slightly less certain. */
#define SCORE_MATCH_CAPITAL 0.7

/* The longest name scored by the full dynamic programme: a path component
 * cannot be longer (NAME_MAX), and it bounds the stack arrays. Longer names
 * (declared package names) are classified the same way but scored along one
 * simple alignment instead of the best. */
#define SCORE_DP_MAX_LEN 255

/* ---- history (history.c, rank.c) ---------------------------------------- */

#define HOUR_SECONDS (60 * 60)
#define DAY_SECONDS (24 * HOUR_SECONDS)
#define WEEK_SECONDS (7 * DAY_SECONDS)

/* zoxide's recency weights, which its users know: a visit this hour counts
 * four times, today twice, this week half, older a quarter. */
#define FRECENCY_HOUR 4.0
#define FRECENCY_DAY 2.0
#define FRECENCY_WEEK 0.5
#define FRECENCY_OLDER 0.25

/* A directory visited this recently comes first among matches of its tier,
 * the latest first: the user is most likely going back to what they were
 * just working in, whatever older habits say. */
#define HISTORY_RECENT_SECONDS (10 * 60)

/* The match visited last, within HISTORY_RECENT_SECONDS, counts this many
 * times: the user is probably going back to it, yet a habit of several
 * times more visits still wins over one stray visit. */
#define FRECENCY_LATEST 3.0

/* When all ranks add up to more than this, they are scaled down so old
 * habits fade and the table stays small (zoxide's _ZO_MAXAGE). */
#define HISTORY_MAX_TOTAL 10000.0
/* ... to this fraction of the limit; what falls under one visit is dropped. */
#define HISTORY_AGE_FACTOR 0.9

#endif
