/* picker.c - `mcd -i`: the live picker on the terminal; every GNU
 * readline call of mcd is in this file (picker.h says what the user sees)
 *
 * GNU readline edits the prompt line through its callback interface; the
 * keys that are the picker's (Enter, the selection's, cancelling) are
 * taken out of the input before readline sees it, so they behave the same
 * whatever the user's inputrc, and with libedit. The list is drawn below
 * the prompt line between a save and a restore of the cursor, in lines
 * reserved when the picker starts (so that drawing never scrolls), and
 * erased when it ends.
 */
#include "picker.h"

#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>

#ifdef MCD_LIBEDIT
/* libedit's readline interface: make LINE_EDITOR=libedit (BSD licence) */
#include <editline/readline.h>
#else
#include <readline/history.h>
#include <readline/readline.h>
#endif

#include "args.h"
#include "cli.h"
#include "db.h"
#include "query.h"
#include "repo.h"

#define PROMPT "mcd> "
/* A lone Esc cancels; an Esc that starts a key's sequence (an arrow) is
 * followed by the rest of it within this many milliseconds. */
#define ESC_WAIT_MS 100

/* The picker's state: readline's callbacks and the signal handlers take
 * no argument. */
static struct {
	struct picker_term t;
	struct query qy;
	struct picker_list list;
	struct buf text; /* the line the list is for */
	int done, status;
	char *chosen;
	struct buf draw, hist;
} P;

/* Lines of the list: entries, or the one saying "no match". */
static size_t list_rows(void)
{
	size_t n = P.t.rows > 3 ? (size_t)P.t.rows - 2 : 1;

	return n < PICKER_LIST ? n : PICKER_LIST;
}

#ifdef MCD_LIBEDIT
/* libedit's rl_callback_read_char() updates rl_line_buffer and rl_end
 * only when the line is not empty; a function of its own, on a key of its
 * own (Ctrl-_), does that always */
#define SYNC_KEY 0x1f
static void feed_byte(unsigned char c);
static int sync_key(int count, int key)
{
	return 0;
}
#endif

static const char *line_text(void)
{
#ifdef MCD_LIBEDIT
	feed_byte(SYNC_KEY);
	if (!rl_end)
		return "";
#endif
	return rl_line_buffer ? rl_line_buffer : "";
}

/* The list follows the line: ranked again when the line changed. */
static void sync_line(void)
{
	const char *line = line_text();

	if (P.text.data && !strcmp(P.text.data, line))
		return;
	buf_setlen(&P.text, 0);
	buf_adds(&P.text, line);
	picker_list_rank(&P.list, P.text.data);
}

/* The list below the prompt line; the cursor goes back where it was. */
static void draw(void)
{
	fflush(rl_outstream);
	buf_setlen(&P.draw, 0);
	picker_list_draw(&P.list, &P.draw);
	picker_term_write(&P.t, P.draw.data, P.draw.len);
}

/* Move the selection by D entries. */
static void move(long d)
{
	sync_line();
	picker_list_move(&P.list, d);
}

static void on_resize(void)
{
	picker_term_size(&P.t);
	rl_set_screen_size(P.t.rows, P.t.cols);
	picker_term_puts(&P.t, "\r\033[J");
	picker_term_reserve(&P.t, list_rows());
	rl_forced_update_display();
	picker_list_resize(&P.list, list_rows(), P.t.cols);
}

/* ---- keys ----------------------------------------------------------------- */

/* readline reads here: the queue first, then the terminal. */
static int next_byte(void)
{
	while (P.t.at == P.t.n)
		if (picker_term_read(&P.t, -1) < 0)
			return EOF;
	return P.t.q[P.t.at++];
}

static int picker_getc(FILE *f)
{
#ifdef MCD_LIBEDIT
	/* libedit takes what this returns as a whole character */
	int c = next_byte(), n, i;
	unsigned cp;

	if (c == EOF || c < 0xc0 || c > 0xf4)
		return c;
	n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
	cp = (unsigned)c & (0x3f >> n);
	for (i = 0; i < n; i++) {
		int d = next_byte();
		if (d == EOF || (d & 0xc0) != 0x80)
			return '?';
		cp = cp << 6 | ((unsigned)d & 0x3f);
	}
	return (int)cp;
#else
	return next_byte();
#endif
}

#ifndef MCD_LIBEDIT
static int input_queued(void)
{
	struct pollfd pfd = {P.t.fd, POLLIN, 0};

	return P.t.at < P.t.n || poll(&pfd, 1, 0) > 0;
}
#endif

/* Hand the next N queued bytes to readline. */
static void feed(size_t n)
{
	size_t end = P.t.at + n;

	while (P.t.at < end && P.t.at < P.t.n && !P.done) {
		size_t at = P.t.at;
		rl_callback_read_char();
		if (P.t.at == at)
			break; /* it read nothing: never loop */
	}
}

/* Push byte C in front of the queue, for readline. */
static void feed_byte(unsigned char c)
{
	if (P.t.at == 0) {
		if (P.t.n == sizeof(P.t.q))
			return;
		memmove(P.t.q + 1, P.t.q, P.t.n);
		P.t.n++;
		P.t.at = 1;
	}
	P.t.q[--P.t.at] = c;
	feed(1);
}

static void save_query(void)
{
	size_t before, len;
	char *q;
	HIST_ENTRY *last;

	picker_number(P.text.data, &before);
	while (before && (P.text.data[before - 1] == ' ' || P.text.data[before - 1] == '\t'))
		before--;
	len = before;
	if (!len || !P.hist.len)
		return;
	q = xmemdup(P.text.data, len);
	last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
	if (!last || strcmp(last->line, q))
		add_history(q);
	if (write_history(P.hist.data) == 0)
		history_truncate_file(P.hist.data, PICKER_HISTORY);
	free(q);
}

static void choose(void)
{
	const struct picker_entry *e;

	sync_line();
	e = picker_list_selected(&P.list);
	if (!e) {
		picker_term_puts(&P.t, "\a"); /* no match: stay */
		return;
	}
	P.chosen = xstrdup(e->abs);
	save_query();
	P.done = 1;
	P.status = EXIT_OK;
}

static void leave(int status)
{
	P.done = 1;
	P.status = status;
}

/* readline accepted a line itself (a key bound to accept-line that is not
 * Enter), or saw the end of input. */
static void on_line(char *line)
{
	if (!line) {
		leave(EXIT_NOMATCH);
		return;
	}
	free(line);
	choose();
}

/* The length of the escape sequence at the queue's head, waiting a little
 * for the rest of it; 1 for a lone Esc. */
static size_t escape_length(void)
{
	size_t n;

	for (;;) {
		unsigned char *s = P.t.q + P.t.at;
		size_t have = P.t.n - P.t.at;
		if (have >= 2 && s[1] != '[' && s[1] != 'O')
			return 2; /* Alt-KEY */
		if (have >= 3 && s[1] == 'O')
			return 3;
		for (n = 2; n < have; n++)
			if (s[n] >= 0x40 && s[n] <= 0x7e)
				return n + 1; /* CSI params final */
		if (picker_term_read(&P.t, ESC_WAIT_MS) <= 0)
			return have;
	}
}

/* Handle the key at the queue's head. */
static void key(void)
{
	unsigned char c = P.t.q[P.t.at];
	size_t n;

	switch (c) {
	case '\r':
	case '\n':
		P.t.at++;
		choose();
		return;
	case 3: /* Ctrl-C */
	case 7: /* Ctrl-G */
		P.t.at++;
		leave(130);
		return;
	case 4: /* Ctrl-D: on an empty line, leave */
		if (!*line_text()) {
			P.t.at++;
			leave(EXIT_NOMATCH);
			return;
		}
		break;
	case 16: /* Ctrl-P */
		P.t.at++;
		move(-1);
		return;
	case 14:   /* Ctrl-N */
	case '\t': /* TAB: down, as in a menu (never readline's file names) */
		P.t.at++;
		move(1);
		return;
	case 033:
		n = escape_length();
		if (n == 1) {
			P.t.at++;
			leave(130); /* a lone Esc */
			return;
		}
		if (n == 2 && (P.t.q[P.t.at + 1] == 'p' || P.t.q[P.t.at + 1] == 'n')) {
			/* Alt-P, Alt-N: readline's Ctrl-P, Ctrl-N, the history */
			unsigned char h = P.t.q[P.t.at + 1] == 'p' ? 16 : 14;
			P.t.at += 2;
			feed_byte(h);
			return;
		}
		if (n == 3 && (P.t.q[P.t.at + 2] == 'A' || P.t.q[P.t.at + 2] == 'B' ||
		               (P.t.q[P.t.at + 2] == 'Z' && P.t.q[P.t.at + 1] == '['))) {
			/* Up, Down, Shift-TAB */
			move(P.t.q[P.t.at + 2] == 'B' ? 1 : -1);
			P.t.at += 3;
			return;
		}
		if (n == 4 && P.t.q[P.t.at + 3] == '~' &&
		    (P.t.q[P.t.at + 2] == '5' || P.t.q[P.t.at + 2] == '6')) {
			long page = (long)list_rows();
			move(P.t.q[P.t.at + 2] == '5' ? -page : page);
			P.t.at += 4;
			return;
		}
		feed(n);
		return;
	}
	feed(1);
}

/* ---- the session ---------------------------------------------------------- */

#ifndef MCD_LIBEDIT
/* The terminal as readline sets it, but picker_term_no_signals(&P.t); and no
 * bracketed paste, whatever the inputrc says (read by now): when it ends,
 * readline moves to the next line, and the picker's erasing would miss
 * its own lines. A pasted newline is Enter, as in fzf. */
static void prep_terminal(int meta)
{
	rl_variable_bind("enable-bracketed-paste", "off");
	rl_prep_terminal(meta);
	picker_term_no_signals(&P.t);
}
#endif

static void start_readline(const char *initial)
{
	struct termios cooked;

	rl_instream = P.t.in;
	rl_outstream = P.t.out;
	rl_readline_name = "mcd";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_getc_function = picker_getc;
#ifndef MCD_LIBEDIT
	rl_prep_term_function = prep_terminal;
	rl_input_available_hook = input_queued;
	rl_change_environment = 0;
#endif
	/* readline echoes only on a terminal set to echo, and libedit (set
	   up by using_history()) edits only then: from TAB, the shell's line
	   editor has turned echo off, so the terminal is set as for a
	   command first */
	cooked = P.t.saved;
	cooked.c_lflag |= ECHO | ICANON | ISIG | IEXTEN;
	cooked.c_iflag |= ICRNL;
	cooked.c_oflag |= OPOST | ONLCR;
	tcsetattr(P.t.fd, TCSANOW, &cooked);
	using_history();
	if (P.hist.len)
		read_history(P.hist.data);
	rl_callback_handler_install(PROMPT, on_line);
#ifdef MCD_LIBEDIT
	picker_term_no_signals(&P.t); /* libedit has set its modes once for the line */
	rl_add_defun("mcd-sync", sync_key, SYNC_KEY);
#endif
#ifndef MCD_LIBEDIT
	/* one line, however long the query: the list's place stays put */
	rl_variable_bind("horizontal-scroll-mode", "on");
#endif
	if (*initial) {
#ifdef MCD_LIBEDIT
		/* libedit shows inserted text only at the next key, and its
		   rl_redisplay() types a Ctrl-R: the words are typed instead */
		size_t n = strlen(initial);
		if (P.t.n + n <= sizeof(P.t.q) && !memchr(initial, 033, n)) {
			memmove(P.t.q + P.t.at + n, P.t.q + P.t.at, P.t.n - P.t.at);
			memcpy(P.t.q + P.t.at, initial, n);
			P.t.n += n;
			feed(n);
			return;
		}
#endif
		rl_insert_text(initial);
		rl_redisplay();
	}
}

/* Erase the picker; back where the cursor was before it. */
static void finish_screen(void)
{
	rl_callback_handler_remove();
	fflush(rl_outstream);
	picker_term_erase(&P.t);
	picker_term_restore(&P.t);
}

static void run(const char *initial)
{
	start_readline(initial);
	sync_line();
	draw();
	while (!P.done && !P.list.failed) {
		if (picker_term_resized()) {
			on_resize();
			draw();
		}
		if (P.t.at == P.t.n) {
			int r = picker_term_wait(&P.t);
			if (r < 0) {
				leave(EXIT_NOMATCH); /* the terminal went away */
				break;
			}
			if (!r)
				continue;
		}
		while (P.t.at < P.t.n && !P.done)
			key();
		if (!P.done) {
			sync_line();
			draw();
		}
	}
}

static void release(void)
{
	picker_list_release(&P.list);
	buf_release(&P.text);
	buf_release(&P.draw);
	buf_release(&P.hist);
	free(P.chosen);
	picker_term_close(&P.t);
}

int cmd_picker(const struct args *a)
{
	struct buf cwd = BUF_INIT, initial = BUF_INIT;
	struct db db;
	const char *cs;
	int i, ret = EXIT_ERROR;

	memset(&P, 0, sizeof(P));
	for (i = 0; i < a->argc; i++) {
		if (i)
			buf_addch(&initial, ' ');
		buf_adds(&initial, a->argv[i]);
	}
	buf_adds(&initial, "");
	if (picker_term_open(&P.t) < 0) {
		ret = P.t.fd < 0 ? EXIT_USAGE : EXIT_ERROR;
		goto out;
	}
	if (repo_cwd(&cwd) < 0 || db_open_default(&db) < 0)
		goto out_tty;
	if (db_data_dir(&P.hist) == 0)
		buf_adds(&P.hist, "/picker_history");
	else
		buf_setlen(&P.hist, 0);
	query_open(&P.qy, QUERY_PICKER, &db, cwd.data, cli_now());
	picker_list_init(&P.list, &P.qy, list_rows(), P.t.cols);
	setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	P.list.utf8 = cs && !strcmp(cs, "UTF-8");
	P.list.colour = color_enabled(P.t.fd);

	/* the first query indexes a repository never indexed: a database
	   that cannot be read ends here, before any UI */
	picker_list_rank(&P.list, initial.data);
	buf_adds(&P.text, initial.data);
	if (P.list.failed) {
		query_close(&P.qy);
		db_close(&db);
		goto out_tty;
	}
	picker_term_signals(&P.t);
	picker_term_place(&P.t, list_rows());
	run(initial.data);
	finish_screen();
	clear_history();
	if (P.list.failed && !P.done) {
		ret = EXIT_ERROR; /* said why */
	} else if (P.status == EXIT_OK) {
		fputs(P.chosen, stdout);
		putchar('\n');
		query_refresh_later(&P.qy);
		ret = EXIT_OK;
	} else {
		ret = P.status;
	}
	query_close(&P.qy);
	db_close(&db);
	goto out;
out_tty:
	picker_term_restore(&P.t);
out:
	release();
	buf_release(&cwd);
	buf_release(&initial);
	return ret;
}
