/* picker.h - `mcd -i [KEYWORD...]`: the interactive picker
 *
 * Everything it shows goes to the terminal (/dev/tty), never to stdout:
 * stdout carries only the chosen absolute path, as `mcd query` prints it,
 * so the shell function takes it the same way.
 *
 * On the prompt line `mcd> ` the user edits a query (it starts with the
 * keywords given); below it, redrawn after every keystroke, the best
 * matches, numbered, one selected (a marker, and reverse video). Paths are
 * shown relative to the repository root (the root itself as `.`),
 * absolute outside it, with the letters the keywords matched highlighted;
 * no colour or attribute at all (only the cursor moves the list needs)
 * when NO_COLOR is set or TERM is dumb. Control
 * bytes and invalid UTF-8 in names are shown escaped (quote_for_humans'
 * \n, \t, \\, \xHH), never sent to the terminal. The list holds at most
 * PICKER_LIST entries and the terminal's rows less two, each line cut to
 * the terminal's width from the left (the end of a path is what tells
 * folders apart), the cut marked; a resize redraws it.
 *
 *   typing          the list follows at once (every keystroke re-ranks
 *                   through the query pipeline, candidates loaded once)
 *   Up, Down,
 *   Ctrl-P, Ctrl-N,
 *   Shift-TAB, TAB  move the selection (the list scrolls past its end);
 *   PageUp/PageDown a list's height at a time
 *   Enter           jump to the selected entry (the first, unless moved);
 *                   on "no match" it beeps and the picker stays open
 *   a number        see below
 *   Alt-P, Alt-N    earlier and later queries (history in the file
 *                   picker_history of the data folder: queries that led
 *                   to a jump, the number picked left out)
 *   Esc, Ctrl-C,
 *   Ctrl-G          cancel: exit status 130
 *   Ctrl-D          on an empty line: exit status 1; else deletes
 *   the rest        readline's editing keys (Left, Ctrl-A, Ctrl-W, ...)
 *
 * The number rule: when the last word of the line is a number K and the
 * words before it (none: everything) have at least K matches, the list
 * stays that of the words before it and the selection shows entry K, so
 * Enter picks it: `etcd 2` is the second entry listed for `etcd`. Any
 * other line, a number out of range included, is a query of all its
 * words (a folder may be named `2024`); when it matches nothing the list
 * says "no match".
 *
 * Every call into GNU readline lives in picker.c, so that libedit can be
 * swapped in at build time; picker_list.c keeps the list, picker_view.c
 * draws its lines, neither with a terminal.
 */
#ifndef MCD_PICKER_H
#define MCD_PICKER_H

#include <stddef.h>

#include "keywords.h"
#include "query.h"
#include "util.h"

#define PICKER_LIST 20      /* entries shown at most, however tall the terminal */
#define PICKER_NUMBER 9999  /* the largest entry number the number rule reads */
#define PICKER_HISTORY 1000 /* queries kept in the history file */

/* The number rule's number: K when the last word of LINE (blanks around
 * it aside) is a decimal number from 1 to PICKER_NUMBER, else 0. *BEFORE
 * is set to the length of the text before that word (when K is 0, to the
 * length of LINE). */
size_t picker_number(const char *line, size_t *before);

/* How the entry at the absolute path ABS is shown: "." for ROOT itself,
 * relative to ROOT below it, else ABS. ROOT may be NULL (no repository).
 * A new string the caller frees. */
char *picker_label(const char *abs, const char *root);

/* Which bytes of LABEL (LEN bytes) the N query WORDS matched, as the
 * ranking reads them: each word but the last along the path in order,
 * the last in the last component, as a substring or else as scattered
 * letters. Sets MARKS[i] to 1 for a matched byte, 0 otherwise (LEN
 * bytes). A word matched another way (a declared name, a typo) marks
 * nothing. */
void picker_marks(const char *label, size_t len, char *const *words, size_t n,
                  unsigned char *marks);

/* Append to OUT the LEN bytes of LABEL as drawn in at most WIDTH terminal
 * columns: control bytes, C1 controls, backslashes and invalid UTF-8
 * escaped as quote_for_humans() does; when it is wider, its start cut off
 * and marked with an ellipsis ("..." outside a UTF-8 locale: UTF8 0);
 * with COLOUR, the bytes MARKS flags (may be NULL) in bold and colour,
 * ended by PICKER_HL_OFF (which keeps reverse video on). Returns the
 * columns it takes. */
#define PICKER_HL_ON "\033[1;32m"
#define PICKER_HL_OFF "\033[22;39m"
size_t picker_render(struct buf *out, const char *label, size_t len, const unsigned char *marks,
                     size_t width, int colour, int utf8);

/* The list below the prompt line (picker_list.c): the matches of the
 * line being edited, ranked by the query pipeline QY (candidates loaded
 * once), fetched as they are shown, one of them selected. */
struct picker_entry {
	char *label; /* picker_label() */
	char *abs;   /* the absolute path, as `mcd query` prints it */
};
struct picker_list {
	struct query *qy;
	size_t rows;            /* entries shown at most */
	int cols, colour, utf8; /* the terminal's width; colours; a UTF-8 locale */
	/* the last ranking: its words, its query, the matches fetched */
	char **words;
	size_t nwords;
	struct rank_query rq;
	int rq_live;
	struct picker_entry *e;
	size_t ne, cap;
	int more;        /* the query may give more matches */
	size_t sel, top; /* the selected entry, the first one shown */
	int failed;      /* the database could not be read (said so) */
};

/* Start a list on QY (which must outlive it), ROWS entries shown at most
 * in COLS columns, no colour (set L->colour and L->utf8 after). Release
 * with picker_list_release(). */
void picker_list_init(struct picker_list *l, struct query *qy, size_t rows, int cols);
void picker_list_release(struct picker_list *l);

/* Rank LINE by the number rule: the list of its words, the first entry
 * selected, or the list of the words before a number K with entry K
 * selected. Sets L->failed on a database error. */
void picker_list_rank(struct picker_list *l, const char *line);

/* Move the selection by D entries (negative: up), within the matches,
 * scrolling the list to show it. */
void picker_list_move(struct picker_list *l, long d);

/* The terminal is now COLS wide and the list holds ROWS entries at most. */
void picker_list_resize(struct picker_list *l, size_t rows, int cols);

/* The selected entry, or NULL when nothing matches; valid until the next
 * call but picker_list_draw(). */
const struct picker_entry *picker_list_selected(const struct picker_list *l);

/* Append to OUT what draws the list on the lines below the cursor's (the
 * "no match" line when it is empty), erases what is below it, and brings
 * the cursor back. */
void picker_list_draw(struct picker_list *l, struct buf *out);

/* `mcd -i [--] [KEYWORD...]`. Opens on the KEYWORDs even when they match
 * nothing (the line can be edited). Returns an exit status: 0 printed a
 * path, 1 Ctrl-D on an empty line (or the terminal gone), 2 no terminal,
 * 3 database error, 130 cancelled (Esc, Ctrl-C, Ctrl-G). A signal that
 * ends it (SIGTERM, SIGHUP, SIGQUIT, a SIGINT sent with kill) erases it
 * and puts the terminal back first. */
struct args;
int cmd_picker(const struct args *a);

#endif
