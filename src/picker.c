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

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

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
/* How long the terminal may take to say where the cursor is. */
#define DSR_WAIT_MS 500

/* The picker's state: readline's callbacks and the signal handlers take
 * no argument. */
static struct {
	int fd;               /* /dev/tty */
	FILE *in, *out;       /* readline's streams on it */
	struct termios saved; /* the terminal as it was */
	int rows, cols;
	int fresh; /* started a line below the cursor: go back up there */
	int col;   /* the cursor's column then (1-based) */
	/* input not yet handled; readline's getc takes from it too */
	unsigned char q[4096];
	size_t qn, qat;
	struct query qy;
	struct picker_list list;
	struct buf text; /* the line the list is for */
	int done, status;
	char *chosen;
	struct buf draw, hist;
} P;

/* ---- the terminal --------------------------------------------------------- */

static volatile sig_atomic_t resized;
static int wake[2] = {-1, -1}; /* a signal's byte wakes poll() */
static char bye[64];           /* what erases the picker, for a signal */
static size_t byelen;

static void tty_write(const void *p, size_t n)
{
	const char *s = p;

	while (n) {
		ssize_t k = write(P.fd, s, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return;
		s += k;
		n -= (size_t)k;
	}
}

static void tty_puts(const char *s)
{
	tty_write(s, strlen(s));
}

static void on_winch(int sig)
{
	int saved = errno;

	resized = 1;
	if (write(wake[1], "w", 1) < 0) {
		/* the pipe is full: a wake-up is pending anyway */
	}
	errno = saved;
}

/* SIGTERM, SIGHUP, SIGINT (from kill: the terminal sends none), SIGQUIT:
 * erase the picker, put the terminal back, die of the signal. */
static void on_fatal(int sig)
{
	if (write(P.fd, bye, byelen) < 0) {
		/* nothing more to do: we are leaving */
	}
	tcsetattr(P.fd, TCSANOW, &P.saved);
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

static void get_size(void)
{
	struct winsize ws;

	P.rows = 24;
	P.cols = 80;
	if (ioctl(P.fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col) {
		P.rows = ws.ws_row;
		P.cols = ws.ws_col;
	}
}

/* Lines of the list: entries, or the one saying "no match". */
static size_t list_rows(void)
{
	size_t n = P.rows > 3 ? (size_t)P.rows - 2 : 1;

	return n < PICKER_LIST ? n : PICKER_LIST;
}

/* Move the rows of the list below the cursor's line onto the screen
 * (scrolling now, not while drawing); the cursor ends at its line's
 * start. */
static void reserve(void)
{
	struct buf b = BUF_INIT;
	size_t i, n = list_rows();

	buf_adds(&b, "\r");
	for (i = 0; i < n; i++)
		buf_adds(&b, "\n");
	buf_addf(&b, "\033[%zuA", n);
	tty_write(b.data, b.len);
	buf_release(&b);
}

/* Read one byte more into the queue, waiting at most MS milliseconds
 * (-1: for ever). Returns 1, 0 on a timeout, -1 on end of input. */
static int read_more(int ms)
{
	struct pollfd pfd = {P.fd, POLLIN, 0};
	ssize_t k;
	int r;

	if (P.qat == P.qn)
		P.qat = P.qn = 0;
	if (P.qn == sizeof(P.q)) {
		memmove(P.q, P.q + P.qat, P.qn - P.qat);
		P.qn -= P.qat;
		P.qat = 0;
	}
	r = poll(&pfd, 1, ms);
	if (r < 0)
		return errno == EINTR ? 0 : -1;
	if (r == 0)
		return 0;
	k = read(P.fd, P.q + P.qn, sizeof(P.q) - P.qn);
	if (k < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	if (k == 0)
		return -1;
	P.qn += (size_t)k;
	return 1;
}

/* Ask the terminal where the cursor is (ESC [ 6 n; it answers ESC [ row ;
 * col R). Keys typed meanwhile stay queued. Returns the column, or 0 when
 * the terminal does not say. */
static int cursor_column(void)
{
	size_t from = P.qn;

	tty_puts("\033[6n");
	while (read_more(DSR_WAIT_MS) > 0) {
		unsigned char *s = P.q + from, *end = P.q + P.qn, *p;
		for (; s < end; s++) {
			int row = 0, col = 0;
			if (*s != 033 || s + 1 >= end || s[1] != '[')
				continue;
			for (p = s + 2; p < end && *p >= '0' && *p <= '9'; p++)
				row = row * 10 + (*p - '0');
			if (p >= end || *p != ';')
				continue;
			for (p++; p < end && *p >= '0' && *p <= '9'; p++)
				col = col * 10 + (*p - '0');
			if (p >= end || *p != 'R')
				continue;
			memmove(s, p + 1, (size_t)(end - p - 1));
			P.qn -= (size_t)(p + 1 - s);
			return row ? col : 0;
		}
	}
	return 0;
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
	tty_write(P.draw.data, P.draw.len);
}

/* Move the selection by D entries. */
static void move(long d)
{
	sync_line();
	picker_list_move(&P.list, d);
}

static void on_resize(void)
{
	resized = 0;
	get_size();
	rl_set_screen_size(P.rows, P.cols);
	tty_puts("\r\033[J");
	reserve();
	rl_forced_update_display();
	picker_list_resize(&P.list, list_rows(), P.cols);
}

/* ---- keys ----------------------------------------------------------------- */

/* readline reads here: the queue first, then the terminal. */
static int next_byte(void)
{
	while (P.qat == P.qn)
		if (read_more(-1) < 0)
			return EOF;
	return P.q[P.qat++];
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
	struct pollfd pfd = {P.fd, POLLIN, 0};

	return P.qat < P.qn || poll(&pfd, 1, 0) > 0;
}
#endif

/* Hand the next N queued bytes to readline. */
static void feed(size_t n)
{
	size_t end = P.qat + n;

	while (P.qat < end && P.qat < P.qn && !P.done) {
		size_t at = P.qat;
		rl_callback_read_char();
		if (P.qat == at)
			break; /* it read nothing: never loop */
	}
}

/* Push byte C in front of the queue, for readline. */
static void feed_byte(unsigned char c)
{
	if (P.qat == 0) {
		if (P.qn == sizeof(P.q))
			return;
		memmove(P.q + 1, P.q, P.qn);
		P.qn++;
		P.qat = 1;
	}
	P.q[--P.qat] = c;
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
		tty_puts("\a"); /* no match: stay */
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
		unsigned char *s = P.q + P.qat;
		size_t have = P.qn - P.qat;
		if (have >= 2 && s[1] != '[' && s[1] != 'O')
			return 2; /* Alt-KEY */
		if (have >= 3 && s[1] == 'O')
			return 3;
		for (n = 2; n < have; n++)
			if (s[n] >= 0x40 && s[n] <= 0x7e)
				return n + 1; /* CSI params final */
		if (read_more(ESC_WAIT_MS) <= 0)
			return have;
	}
}

/* Handle the key at the queue's head. */
static void key(void)
{
	unsigned char c = P.q[P.qat];
	size_t n;

	switch (c) {
	case '\r':
	case '\n':
		P.qat++;
		choose();
		return;
	case 3: /* Ctrl-C */
	case 7: /* Ctrl-G */
		P.qat++;
		leave(130);
		return;
	case 4: /* Ctrl-D: on an empty line, leave */
		if (!*line_text()) {
			P.qat++;
			leave(EXIT_NOMATCH);
			return;
		}
		break;
	case 16: /* Ctrl-P */
		P.qat++;
		move(-1);
		return;
	case 14:   /* Ctrl-N */
	case '\t': /* TAB: down, as in a menu (never readline's file names) */
		P.qat++;
		move(1);
		return;
	case 033:
		n = escape_length();
		if (n == 1) {
			P.qat++;
			leave(130); /* a lone Esc */
			return;
		}
		if (n == 2 && (P.q[P.qat + 1] == 'p' || P.q[P.qat + 1] == 'n')) {
			/* Alt-P, Alt-N: readline's Ctrl-P, Ctrl-N, the history */
			unsigned char h = P.q[P.qat + 1] == 'p' ? 16 : 14;
			P.qat += 2;
			feed_byte(h);
			return;
		}
		if (n == 3 && (P.q[P.qat + 2] == 'A' || P.q[P.qat + 2] == 'B' ||
		               (P.q[P.qat + 2] == 'Z' && P.q[P.qat + 1] == '['))) {
			/* Up, Down, Shift-TAB */
			move(P.q[P.qat + 2] == 'B' ? 1 : -1);
			P.qat += 3;
			return;
		}
		if (n == 4 && P.q[P.qat + 3] == '~' &&
		    (P.q[P.qat + 2] == '5' || P.q[P.qat + 2] == '6')) {
			long page = (long)list_rows();
			move(P.q[P.qat + 2] == '5' ? -page : page);
			P.qat += 4;
			return;
		}
		feed(n);
		return;
	}
	feed(1);
}

/* ---- the session ---------------------------------------------------------- */

static void set_signals(void)
{
	struct sigaction sa;
	static const int fatal[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT};
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_fatal;
	for (i = 0; i < MCD_ARRAY_SIZE(fatal); i++)
		sigaction(fatal[i], &sa, NULL);
	sa.sa_handler = on_winch;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, NULL);
}

/* Ctrl-C, Ctrl-Z, Ctrl-\ as keys, not signals. */
static void keys_not_signals(void)
{
	struct termios t;

	if (tcgetattr(P.fd, &t) == 0) {
		t.c_lflag &= ~(tcflag_t)ISIG;
		tcsetattr(P.fd, TCSANOW, &t);
	}
}

#ifndef MCD_LIBEDIT
/* The terminal as readline sets it, but keys_not_signals(); and no
 * bracketed paste, whatever the inputrc says (read by now): when it ends,
 * readline moves to the next line, and the picker's erasing would miss
 * its own lines. A pasted newline is Enter, as in fzf. */
static void prep_terminal(int meta)
{
	rl_variable_bind("enable-bracketed-paste", "off");
	rl_prep_terminal(meta);
	keys_not_signals();
}
#endif

static void start_readline(const char *initial)
{
	struct termios cooked;

	rl_instream = P.in;
	rl_outstream = P.out;
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
	cooked = P.saved;
	cooked.c_lflag |= ECHO | ICANON | ISIG | IEXTEN;
	cooked.c_iflag |= ICRNL;
	cooked.c_oflag |= OPOST | ONLCR;
	tcsetattr(P.fd, TCSANOW, &cooked);
	using_history();
	if (P.hist.len)
		read_history(P.hist.data);
	rl_callback_handler_install(PROMPT, on_line);
#ifdef MCD_LIBEDIT
	keys_not_signals(); /* libedit has set its modes once for the line */
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
		if (P.qn + n <= sizeof(P.q) && !memchr(initial, 033, n)) {
			memmove(P.q + P.qat + n, P.q + P.qat, P.qn - P.qat);
			memcpy(P.q + P.qat, initial, n);
			P.qn += n;
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
	tty_write(bye, byelen);
	tcsetattr(P.fd, TCSANOW, &P.saved);
}

static void run(const char *initial)
{
	struct pollfd pfd[2];

	start_readline(initial);
	sync_line();
	draw();
	while (!P.done && !P.list.failed) {
		if (resized) {
			on_resize();
			draw();
		}
		if (P.qat == P.qn) {
			pfd[0] = (struct pollfd){P.fd, POLLIN, 0};
			pfd[1] = (struct pollfd){wake[0], POLLIN, 0};
			if (poll(pfd, 2, -1) < 0 && errno != EINTR)
				break;
			if (pfd[1].revents & POLLIN) {
				char junk[16];
				if (read(wake[0], junk, sizeof(junk)) < 0) {
					/* emptied already */
				}
			}
			if (!(pfd[0].revents & (POLLIN | POLLHUP)))
				continue;
			if (read_more(0) < 0) {
				leave(EXIT_NOMATCH); /* the terminal went away */
				break;
			}
		}
		while (P.qat < P.qn && !P.done)
			key();
		if (!P.done) {
			sync_line();
			draw();
		}
	}
}

static int open_tty(void)
{
	struct termios raw;
	int fd2;

	P.fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	if (P.fd < 0 || tcgetattr(P.fd, &P.saved) < 0)
		return error("-i: no terminal to show the picker on: %s", strerror(errno));
	fd2 = dup(P.fd);
	P.in = fdopen(P.fd, "r");
	P.out = fd2 >= 0 ? fdopen(fd2, "w") : NULL;
	if (!P.in || !P.out || pipe(wake) < 0)
		return error("-i: cannot use the terminal: %s", strerror(errno));
	fcntl(wake[0], F_SETFL, O_NONBLOCK);
	fcntl(wake[1], F_SETFL, O_NONBLOCK);
	fcntl(wake[0], F_SETFD, FD_CLOEXEC);
	fcntl(wake[1], F_SETFD, FD_CLOEXEC);
	get_size();
	raw = P.saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(P.fd, TCSANOW, &raw);
	return 0;
}

/* Start on a line of our own (below the shell's, from TAB), and know how
 * to erase everything and go back there. */
static void place(void)
{
	P.col = cursor_column();
	P.fresh = P.col > 1;
	if (P.fresh)
		tty_puts("\r\n");
	byelen = (size_t)snprintf(bye, sizeof(bye), "\r\033[J");
	if (P.fresh)
		byelen +=
		    (size_t)snprintf(bye + byelen, sizeof(bye) - byelen, "\033[A\033[%dG", P.col);
	get_size();
	reserve();
}

static void release(void)
{
	picker_list_release(&P.list);
	buf_release(&P.text);
	buf_release(&P.draw);
	buf_release(&P.hist);
	free(P.chosen);
	if (P.in)
		fclose(P.in);
	else if (P.fd >= 0)
		close(P.fd);
	if (P.out)
		fclose(P.out);
	if (wake[0] >= 0) {
		close(wake[0]);
		close(wake[1]);
		wake[0] = wake[1] = -1;
	}
}

int cmd_picker(const struct args *a)
{
	struct buf cwd = BUF_INIT, initial = BUF_INIT;
	struct db db;
	const char *cs;
	int i, ret = EXIT_ERROR;

	memset(&P, 0, sizeof(P));
	P.fd = -1;
	for (i = 0; i < a->argc; i++) {
		if (i)
			buf_addch(&initial, ' ');
		buf_adds(&initial, a->argv[i]);
	}
	buf_adds(&initial, "");
	if (open_tty() < 0) {
		ret = P.fd < 0 ? EXIT_USAGE : EXIT_ERROR;
		goto out;
	}
	if (repo_cwd(&cwd) < 0 || db_open_default(&db) < 0)
		goto out_tty;
	if (db_data_dir(&P.hist) == 0)
		buf_adds(&P.hist, "/picker_history");
	else
		buf_setlen(&P.hist, 0);
	query_open(&P.qy, QUERY_PICKER, &db, cwd.data, cli_now());
	picker_list_init(&P.list, &P.qy, list_rows(), P.cols);
	setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	P.list.utf8 = cs && !strcmp(cs, "UTF-8");
	P.list.colour = color_enabled(P.fd);

	/* the first query indexes a repository never indexed: a database
	   that cannot be read ends here, before any UI */
	picker_list_rank(&P.list, initial.data);
	buf_adds(&P.text, initial.data);
	if (P.list.failed) {
		query_close(&P.qy);
		db_close(&db);
		goto out_tty;
	}
	set_signals();
	place();
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
	tcsetattr(P.fd, TCSANOW, &P.saved);
out:
	release();
	buf_release(&cwd);
	buf_release(&initial);
	return ret;
}
