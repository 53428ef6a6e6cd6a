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
 * swapped in at build time; picker_term.c keeps the terminal,
 * picker_list.c the list, and picker_view.c draws its lines.
 */
#ifndef MCD_PICKER_H
#define MCD_PICKER_H

#include <stddef.h>
#include <stdio.h>
#include <termios.h>

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

/* The terminal the picker runs on (picker_term.c): /dev/tty, its modes
 * as they were, the bytes read and not yet handled (q[at..n)). */
struct picker_term {
	int fd;
	FILE *in, *out;       /* streams on it, for the line editor */
	struct termios saved; /* as it was: put back on every way out */
	int rows, cols;
	unsigned char q[4096];
	size_t n, at;
	int wake[2]; /* a signal writes a byte here to wake picker_term_wait() */
};

/* Open /dev/tty, keep its modes, set it to read each key (no echo, no
 * signals) and learn its size. Returns 0, or -1 with a message (T->fd
 * < 0: there is no terminal). Close with picker_term_close(), after
 * picker_term_restore(). */
int picker_term_open(struct picker_term *t);
void picker_term_close(struct picker_term *t);
void picker_term_restore(struct picker_term *t);    /* the modes as they were */
void picker_term_no_signals(struct picker_term *t); /* Ctrl-C, Ctrl-Z as keys */
void picker_term_size(struct picker_term *t);       /* T->rows, T->cols again */

void picker_term_write(struct picker_term *t, const void *p, size_t n);
void picker_term_puts(struct picker_term *t, const char *s);

/* Read what the terminal has into T->q, waiting at most MS milliseconds
 * (-1: for ever). Returns 1, 0 on a timeout, -1 at the end of input. */
int picker_term_read(struct picker_term *t, int ms);

/* Wait for input (read into T->q: 1) or a signal (0); -1 at the end of
 * input or on an error. */
int picker_term_wait(struct picker_term *t);

/* Start the picker on a line of its own: below the cursor's line when
 * the cursor is not at a line's start (the shell's line, from TAB),
 * asking the terminal where it is; then ROWS lines reserved below
 * (picker_term_reserve()). picker_term_erase() then erases the picker and
 * goes back where the cursor was. */
void picker_term_place(struct picker_term *t, size_t rows);
void picker_term_erase(struct picker_term *t);

/* Put ROWS lines below the cursor's line on the screen (scrolling now,
 * not while the list is drawn); the cursor ends at its line's start. */
void picker_term_reserve(struct picker_term *t, size_t rows);

/* Handle SIGTERM, SIGHUP, SIGQUIT and SIGINT (sent by kill: the terminal
 * sends none) by erasing the picker, putting T's modes back and dying of
 * the signal; SIGWINCH by waking picker_term_wait() and making
 * picker_term_resized() (which forgets it) return 1. */
void picker_term_signals(struct picker_term *t);
int picker_term_resized(void);

/* `mcd -i [--] [KEYWORD...]`. Opens on the KEYWORDs even when they match
 * nothing (the line can be edited). Returns an exit status: 0 printed a
 * path, 1 Ctrl-D on an empty line (or the terminal gone), 2 no terminal,
 * 3 database error, 130 cancelled (Esc, Ctrl-C, Ctrl-G). A signal that
 * ends it (SIGTERM, SIGHUP, SIGQUIT, a SIGINT sent with kill) erases it
 * and puts the terminal back first. */
struct args;
int cmd_picker(const struct args *a);

#endif
