/* picker_term.c - the picker's terminal: /dev/tty, its modes, the keys
 * read and not yet handled, the lines the picker takes and gives back
 * (picker.h) */
#include "picker.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* How long the terminal may take to say where the cursor is. */
#define DSR_WAIT_MS 500

/* For the signal handlers, which take no argument: the terminal, and
 * what erases the picker on it. */
static struct picker_term *term;
static char bye[64] = "\r\033[J";
static size_t byelen = 4;
static volatile sig_atomic_t resized;

int picker_term_open(struct picker_term *t)
{
	struct termios raw;
	int fd2;

	memset(t, 0, sizeof(*t));
	t->wake[0] = t->wake[1] = -1;
	t->fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	if (t->fd < 0 || tcgetattr(t->fd, &t->saved) < 0) {
		int e = errno;
		if (t->fd >= 0)
			close(t->fd);
		t->fd = -1;
		return error("-i: no terminal to show the picker on: %s", strerror(e));
	}
	fd2 = dup(t->fd);
	t->in = fdopen(t->fd, "r");
	t->out = fd2 >= 0 ? fdopen(fd2, "w") : NULL;
	if (!t->in || !t->out || pipe(t->wake) < 0)
		return error("-i: cannot use the terminal: %s", strerror(errno));
	fcntl(t->wake[0], F_SETFL, O_NONBLOCK);
	fcntl(t->wake[1], F_SETFL, O_NONBLOCK);
	fcntl(t->wake[0], F_SETFD, FD_CLOEXEC);
	fcntl(t->wake[1], F_SETFD, FD_CLOEXEC);
	picker_term_size(t);
	raw = t->saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(t->fd, TCSANOW, &raw);
	return 0;
}

void picker_term_close(struct picker_term *t)
{
	if (t->in)
		fclose(t->in);
	else if (t->fd >= 0)
		close(t->fd);
	if (t->out)
		fclose(t->out);
	if (t->wake[0] >= 0) {
		close(t->wake[0]);
		close(t->wake[1]);
	}
	if (term == t)
		term = NULL;
	t->in = t->out = NULL;
	t->fd = t->wake[0] = t->wake[1] = -1;
}

void picker_term_write(struct picker_term *t, const void *p, size_t n)
{
	const char *s = p;

	while (n) {
		ssize_t k = write(t->fd, s, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return;
		s += k;
		n -= (size_t)k;
	}
}

void picker_term_puts(struct picker_term *t, const char *s)
{
	picker_term_write(t, s, strlen(s));
}

void picker_term_size(struct picker_term *t)
{
	struct winsize ws;

	t->rows = 24;
	t->cols = 80;
	if (ioctl(t->fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col) {
		t->rows = ws.ws_row;
		t->cols = ws.ws_col;
	}
}

int picker_term_read(struct picker_term *t, int ms)
{
	struct pollfd pfd = {t->fd, POLLIN, 0};
	ssize_t k;
	int r;

	if (t->at == t->n)
		t->at = t->n = 0;
	if (t->n == sizeof(t->q)) {
		memmove(t->q, t->q + t->at, t->n - t->at);
		t->n -= t->at;
		t->at = 0;
	}
	r = poll(&pfd, 1, ms);
	if (r < 0)
		return errno == EINTR ? 0 : -1;
	if (r == 0)
		return 0;
	k = read(t->fd, t->q + t->n, sizeof(t->q) - t->n);
	if (k < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	if (k == 0)
		return -1;
	t->n += (size_t)k;
	return 1;
}

int picker_term_wait(struct picker_term *t)
{
	struct pollfd pfd[2] = {{t->fd, POLLIN, 0}, {t->wake[0], POLLIN, 0}};

	if (poll(pfd, 2, -1) < 0)
		return errno == EINTR ? 0 : -1;
	if (pfd[1].revents & POLLIN) {
		char junk[16];
		if (read(t->wake[0], junk, sizeof(junk)) < 0) {
			/* emptied already */
		}
	}
	if (!(pfd[0].revents & (POLLIN | POLLHUP)))
		return 0;
	return picker_term_read(t, 0) < 0 ? -1 : 1;
}

/* Ask the terminal where the cursor is (ESC [ 6 n; it answers ESC [ row ;
 * col R). Keys typed meanwhile stay queued. Returns the column, or 0 when
 * the terminal does not say. */
static int cursor_column(struct picker_term *t)
{
	size_t from = t->n;

	picker_term_puts(t, "\033[6n");
	while (picker_term_read(t, DSR_WAIT_MS) > 0) {
		unsigned char *s = t->q + from, *end = t->q + t->n, *p;
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
			t->n -= (size_t)(p + 1 - s);
			return row ? col : 0;
		}
	}
	return 0;
}

void picker_term_reserve(struct picker_term *t, size_t rows)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_adds(&b, "\r");
	for (i = 0; i < rows; i++)
		buf_adds(&b, "\n");
	buf_addf(&b, "\033[%zuA", rows);
	picker_term_write(t, b.data, b.len);
	buf_release(&b);
}

void picker_term_place(struct picker_term *t, size_t rows)
{
	int col = cursor_column(t);

	byelen = (size_t)snprintf(bye, sizeof(bye), "\r\033[J");
	if (col > 1) {
		/* on the shell's line (from TAB): start below it, end there */
		picker_term_puts(t, "\r\n");
		byelen +=
		    (size_t)snprintf(bye + byelen, sizeof(bye) - byelen, "\033[A\033[%dG", col);
	}
	picker_term_size(t);
	picker_term_reserve(t, rows);
}

void picker_term_erase(struct picker_term *t)
{
	picker_term_write(t, bye, byelen);
}

void picker_term_restore(struct picker_term *t)
{
	tcsetattr(t->fd, TCSANOW, &t->saved);
}

void picker_term_no_signals(struct picker_term *t)
{
	struct termios m;

	if (tcgetattr(t->fd, &m) == 0) {
		m.c_lflag &= ~(tcflag_t)ISIG;
		tcsetattr(t->fd, TCSANOW, &m);
	}
}

static void on_winch(int sig)
{
	int saved = errno;

	resized = 1;
	if (term && write(term->wake[1], "w", 1) < 0) {
		/* the pipe is full: a wake-up is pending anyway */
	}
	errno = saved;
}

/* erase the picker, put the terminal back, die of the signal */
static void on_fatal(int sig)
{
	if (term) {
		if (write(term->fd, bye, byelen) < 0) {
			/* nothing more to do: we are leaving */
		}
		tcsetattr(term->fd, TCSANOW, &term->saved);
	}
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

void picker_term_signals(struct picker_term *t)
{
	static const int fatal[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT};
	struct sigaction sa;
	size_t i;

	term = t;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_fatal;
	for (i = 0; i < MCD_ARRAY_SIZE(fatal); i++)
		sigaction(fatal[i], &sa, NULL);
	sa.sa_handler = on_winch;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, NULL);
}

int picker_term_resized(void)
{
	int r = resized;

	resized = 0;
	return r;
}
