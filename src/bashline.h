/* bashline.h - bash's side of `mcd complete --shell bash`
 *
 * bash hands the command line up to the cursor ($COMP_LINE cut at
 * $COMP_POINT); this module splits it into words as bash would, dequoted,
 * and renders what complete.c decided to offer as COMPREPLY entries quoted
 * for bash (see the protocol in complete.h). It knows nothing of what is
 * offered, only of bash's syntax.
 */
#ifndef MCD_BASHLINE_H
#define MCD_BASHLINE_H

#include <stddef.h>

#include "complete.h"
#include "util.h"

/* The words of a bash command line LINE as bash splits them, dequoted, for
 * the simple command the cursor (at the end of LINE) is in. */
struct bash_line {
	char **words; /* dequoted; the last is the word being completed */
	size_t n;
	char *raw;      /* the current word as typed */
	size_t breakat; /* readline replaces RAW from this offset */
	int quote;      /* the quote open at the cursor ('\'', '"') or 0 */
};

/* Split LINE (bash syntax: blanks, ' " \ quoting, ; | & ( ) ending a
 * command) into OUT, with WORDBREAKS the characters readline breaks words
 * at ($COMP_WORDBREAKS; NULL for bash's default). Never fails. */
void bash_line_split(const char *line, const char *wordbreaks, struct bash_line *out);
void bash_line_release(struct bash_line *l);

/* Append S to OUT quoted for bash as one word: as is when every byte is
 * safe, with backslashes before special characters, or as $'...' when it
 * holds control characters. */
void bash_quote(struct buf *out, const char *s);

/* The same inside an open quote QUOTE ('\'' or '"'), as text to follow it. */
void bash_quote_in(struct buf *out, const char *s, int quote);

/* Render L for bash (the protocol is in complete.h) into OUT, given the parsed
 * line LN. */
void bash_render(const struct complete_list *l, const struct bash_line *ln, struct buf *out);

#endif
