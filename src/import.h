/* import.h - other jumpers' history files, parsed; mcd's export format
 *
 * Pure parsers for `mcd import --from zoxide|z|autojump|fasd|mcd [FILE]`:
 * bytes in, entries out, no I/O and no global state (import_default_path()
 * alone reads the environment). Each entry is an absolute path, a number of
 * visits on mcd's scale (each visit adds 1) and the time of the last visit.
 *
 * Formats, one record a line (LF or CRLF; a UTF-8 byte order mark at the
 * start of the buffer is skipped):
 *   zoxide    `zoxide query --list --score`: optional leading blanks, the
 *             score, one space, the path to the end of the line
 *   z, fasd   `path|rank|time`: split on the last two '|', so the path may
 *             hold '|'; time in epoch seconds
 *   autojump  `weight<TAB>path`: split on the first TAB
 *   mcd       `visits<TAB>last<TAB>path`, what `mcd export` writes: split on
 *             the first two TABs, so the path may hold TABs
 *   mcd0      the same, each record ended by a NUL instead of a newline
 *             (`mcd export -0`), so the path may hold newlines and CRs
 *
 * A line that is empty is ignored. A line that cannot be an entry is skipped
 * and counted: a path that is empty or not absolute, a rank or time that is
 * not a plain decimal number (no sign, hex, inf or nan) or is not finite, a
 * line longer than IMPORT_MAX_LINE bytes, a NUL inside a line, and in the
 * newline formats a CR anywhere but before the LF (a path holding a CR or a
 * newline travels only in mcd0).
 *
 * How each score becomes visits (the why is in import.c):
 *   zoxide    visits = score / FRECENCY_HOUR (the score counts visits
 *             already weighted by recency; there is no time, so last = NOW,
 *             where mcd weighs them FRECENCY_HOUR times again)
 *   z         visits = rank (z adds 1 per visit, as mcd does)
 *   fasd      visits = max(rank, rank^2 / 2) (fasd adds 1/rank per visit)
 *   autojump  visits = (weight / 10)^2 (weight = 10 * sqrt(visits)); last = NOW
 *   mcd       visits as written
 * A converted count within a rounding (one part in 10^9) of a whole number
 * is that number: autojump's weight for three visits gives 3, not
 * 3.0000000000000004.
 */
#ifndef MCD_IMPORT_H
#define MCD_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* The longest line read; a longer one is skipped. Paths are at most
 * PATH_MAX (4096) bytes, so only garbage is this long. */
#define IMPORT_MAX_LINE (64 * 1024)

enum import_format {
	IMPORT_ZOXIDE,
	IMPORT_Z,
	IMPORT_FASD,
	IMPORT_AUTOJUMP,
	IMPORT_MCD,
	IMPORT_MCD_NUL,
	IMPORT__COUNT
};

struct import_entry {
	char *path;   /* absolute, NUL-terminated; owned by the list */
	double rank;  /* visits, finite and >= 0 */
	int64_t last; /* last visit, epoch seconds, >= 0 */
};

/* Entries in the order they were read; duplicates are kept (the caller
 * merges). The paths live in blocks the list owns, one per parsed buffer. */
struct import_list {
	struct import_entry *v;
	size_t n, cap;
	size_t skipped; /* malformed lines, over every import_parse() */
	char **blocks;
	size_t nblocks;
};
#define IMPORT_LIST_INIT                                                                           \
	{                                                                                          \
		NULL, 0, 0, 0, NULL, 0                                                             \
	}

void import_list_init(struct import_list *list);

/* Free every entry and path of LIST and make it empty again. Entries and
 * their paths become invalid. */
void import_list_release(struct import_list *list);

/* Parse LEN bytes of BUF, in format FMT, appending an entry to OUT for each
 * good line and counting each malformed one in OUT->skipped. BUF need not be
 * NUL-terminated and is not kept. NOW is the last visit of entries from
 * formats without one (zoxide, autojump). Returns 0, or -1 without a message
 * when FMT is not a format or the C locale cannot be had (only out of
 * memory); nothing is added then. */
int import_parse(enum import_format fmt, const char *buf, size_t len, int64_t now,
                 struct import_list *out);

/* The names of the formats, by enum import_format, NULL-terminated: what
 * `mcd import --from` takes. */
extern const char *const import_format_names[];

/* The format called NAME (one of import_format_names), or -1. */
int import_format_from_name(const char *name);

/* The name of FMT, a static string ("?" for none). */
const char *import_format_name(enum import_format fmt);

/* Where FMT keeps its history by default, as a new string the caller frees:
 *   z         $_Z_DATA, else $HOME/.z
 *   fasd      $_FASD_DATA, else $HOME/.fasd
 *   autojump  $XDG_DATA_HOME/autojump/autojump.txt, else
 *             $HOME/.local/share/autojump/autojump.txt
 * Relative values of these variables are ignored. Returns NULL when there is
 * no file to read: for zoxide, whose database is binary (the caller runs
 * `zoxide query --list --score` and parses its output instead), for mcd
 * (the caller reads FILE or standard input), and when HOME is unset or
 * relative. */
char *import_default_path(enum import_format fmt);

/* Append one record of the export format to OUT: VISITS, a TAB, LAST, a TAB,
 * PATH and a newline. VISITS is written in the fewest digits that read back
 * as the same double ("3", "2.5", "0.1"), with a '.' whatever the locale; a
 * VISITS that is negative or not finite is written as 0, a negative LAST as
 * 0. Returns 0; or -1, writing nothing, when PATH holds a CR or a newline,
 * which the line format cannot carry (use import_format_export_nul()). */
int import_format_export(struct buf *out, const char *path, double visits, int64_t last);

/* The same record ended by a NUL instead of a newline (IMPORT_MCD_NUL):
 * any path. */
void import_format_export_nul(struct buf *out, const char *path, double visits, int64_t last);

#endif
