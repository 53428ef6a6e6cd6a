/* util.c - allocation wrappers, errors, byte buffers and small path helpers */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int quiet;

static void out_of_memory(void)
{
	static const char msg[] = "mcd: out of memory\n";
	if (write(2, msg, sizeof(msg) - 1) < 0) {
		/* nothing more we can say */
	}
	_exit(3);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *xmemdup(const void *p, size_t n)
{
	char *s = xmalloc(n + 1);
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

char *xstrdup(const char *s)
{
	return xmemdup(s, strlen(s));
}

void error_set_quiet(int q)
{
	quiet = q;
}

static void vreport(const char *fmt, va_list ap)
{
	char line[1024];
	int n;

	if (quiet)
		return;
	/* one write, so concurrent processes never interleave a line */
	memcpy(line, "mcd: ", 5);
	n = vsnprintf(line + 5, sizeof(line) - 6, fmt, ap);
	if (n < 0)
		return;
	n += 5;
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (write(2, line, n) < 0) {
		/* stderr is gone: nothing to do */
	}
}

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
}

size_t utf8_char(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t len, i;

	if (s[0] < 0x80)
		return *cp = s[0], 1;
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, *cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, *cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, *cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 2 && *cp < 0x80) || (len == 3 && *cp < 0x800) ||
	    (len == 4 && (*cp < 0x10000 || *cp > 0x10ffff)) || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

/* Length of the valid UTF-8 sequence at S (at most N bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned cp;

	return utf8_char(s, n, &cp);
}

const char *quote_for_humans(const char *path)
{
	static struct buf ring[4];
	static unsigned next;
	struct buf *outp = &ring[next++ % MCD_ARRAY_SIZE(ring)];
	const unsigned char *s = (const unsigned char *)path;
	size_t n = strlen(path), i = 0;
#define out (*outp)

	buf_setlen(&out, 0);
	while (i < n) {
		size_t len, run = i;
		/* plain ASCII in one piece: a TAB lists 40 paths through here */
		while (run < n && s[run] >= 0x20 && s[run] < 0x7f && s[run] != '\\')
			run++;
		if (run > i) {
			buf_add(&out, s + i, run - i);
			i = run;
			continue;
		}
		len = utf8_len(s + i, n - i);
		if (len == 1 && s[i] >= 0x20 && s[i] != 0x7f && s[i] != '\\') {
			buf_addch(&out, (char)s[i]);
		} else if (len > 1) {
			buf_add(&out, s + i, len);
			i += len;
			continue;
		} else if (s[i] == '\n') {
			buf_adds(&out, "\\n");
		} else if (s[i] == '\t') {
			buf_adds(&out, "\\t");
		} else if (s[i] == '\\') {
			buf_adds(&out, "\\\\");
		} else {
			buf_addf(&out, "\\x%02x", s[i]);
		}
		i++;
	}
	return out.data;
#undef out
}

int color_enabled(int fd)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (no && *no)
		return 0;
	if (term && !strcmp(term, "dumb"))
		return 0;
	return isatty(fd);
}

const char *human_age(int64_t then, int64_t now)
{
	static char out[32];
	int64_t d = now - then;
	time_t t = (time_t)then;
	struct tm tm;

	if (d < 0)
		snprintf(out, sizeof(out), "in the future");
	else if (d < 60)
		snprintf(out, sizeof(out), "%lld s ago", (long long)d);
	else if (d < 3600)
		snprintf(out, sizeof(out), "%lld min ago", (long long)(d / 60));
	else if (d < 86400)
		snprintf(out, sizeof(out), "%lld h ago", (long long)(d / 3600));
	else if (d < 30 * 86400)
		snprintf(out, sizeof(out), "%lld days ago", (long long)(d / 86400));
	else if (localtime_r(&t, &tm))
		strftime(out, sizeof(out), "%Y-%m-%d", &tm);
	else
		snprintf(out, sizeof(out), "long ago");
	return out;
}

void run_jobs(void *(*fn)(void *), void *jobs, size_t size, int n)
{
	pthread_t tid[MCD_MAX_JOBS];
	int started[MCD_MAX_JOBS] = {0}, k;
	char *at = jobs;

	if (n <= 0)
		return; /* no job: JOBS may hold nothing to run */
	for (k = 1; k < n; k++)
		started[k] = pthread_create(&tid[k], NULL, fn, at + (size_t)k * size) == 0;
	fn(at);
	for (k = 1; k < n; k++) {
		if (started[k])
			pthread_join(tid[k], NULL);
		else
			fn(at + (size_t)k * size);
	}
}

void buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void buf_release(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (need < b->cap * 2)
		need = b->cap * 2;
	if (need < 64)
		need = 64;
	b->data = xrealloc(b->data, need);
	b->cap = need;
}

void buf_add(struct buf *b, const void *data, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addch(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		buf_add(b, small, (size_t)n);
		return;
	}
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void buf_setlen(struct buf *b, size_t len)
{
	buf_grow(b, 0);
	b->len = len;
	b->data[len] = '\0';
}

int read_file_at(int dirfd, const char *name, size_t max, struct buf *b)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	int ret = -1;

	if (fd < 0)
		return -1;
	buf_setlen(b, 0);
	for (;;) {
		ssize_t n;
		buf_grow(b, 16384);
		n = read(fd, b->data + b->len, b->cap - b->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		if (b->len > max) {
			errno = EFBIG;
			goto out;
		}
	}
	b->data[b->len] = '\0';
	ret = 0;
out:
	if (ret)
		buf_setlen(b, 0);
	close(fd);
	return ret;
}

int is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *path_join(const char *a, const char *b)
{
	struct buf out = BUF_INIT;
	size_t alen = strlen(a);

	buf_add(&out, a, alen);
	if (!alen || a[alen - 1] != '/')
		buf_addch(&out, '/');
	while (*b == '/')
		b++;
	buf_adds(&out, b);
	return out.data;
}

char *path_normalize(char *path)
{
	char *src = path, *dst = path;

	/* dst always ends without a trailing slash, except for "/" itself */
	while (*src) {
		char *end;
		size_t len;

		while (*src == '/')
			src++;
		if (!*src)
			break;
		end = strchr(src, '/');
		len = end ? (size_t)(end - src) : strlen(src);
		if (len == 1 && src[0] == '.') {
			/* skip */
		} else if (len == 2 && src[0] == '.' && src[1] == '.') {
			while (dst > path && *--dst != '/')
				;
		} else {
			*dst++ = '/';
			memmove(dst, src, len);
			dst += len;
		}
		src += len;
	}
	if (dst == path)
		*dst++ = '/';
	*dst = '\0';
	return path;
}

size_t gallop_find(size_t n, size_t *hint, int (*cmp)(const void *arg, size_t i), const void *arg)
{
	size_t lo = 0, hi = n, at = *hint, step, i;
	int r;

	/* from the hint, steps of 1, 2, 4... until one passes the key: its
	   place is between the last two probes */
	if (at < n) {
		if ((r = cmp(arg, at)) == GALLOP_STOP)
			return SIZE_MAX;
		if (r == 0) {
			*hint = at + 1;
			return at;
		}
		if (r < 0) {
			lo = at + 1;
			for (step = 1; (i = at + step) < n; step *= 2) {
				if ((r = cmp(arg, i)) == GALLOP_STOP)
					return SIZE_MAX;
				if (r == 0) {
					*hint = i + 1;
					return i;
				}
				if (r > 0) {
					hi = i;
					break;
				}
				lo = i + 1;
			}
		} else {
			hi = at;
			for (step = 1; step <= at; step *= 2) {
				i = at - step;
				if ((r = cmp(arg, i)) == GALLOP_STOP)
					return SIZE_MAX;
				if (r == 0) {
					*hint = i + 1;
					return i;
				}
				if (r < 0) {
					lo = i + 1;
					break;
				}
				hi = i;
			}
		}
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((r = cmp(arg, mid)) == GALLOP_STOP)
			return SIZE_MAX;
		if (r == 0) {
			*hint = mid + 1;
			return mid;
		}
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*hint = lo;
	return SIZE_MAX;
}
