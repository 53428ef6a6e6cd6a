/* import.c - parse other jumpers' history; write and read mcd's export */
#include "import.h"
#include "score.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A number longer than this is not one any jumper wrote (a double needs at
 * most 24 characters): skip the line rather than copy it. */
#define IMPORT_MAX_NUMBER 64

/* How near a converted count must be to a whole number to be it: far
 * above the rounding of a double (1e-16), far below any count a jumper
 * means (autojump's and fasd's files hold 15 to 17 digits). */
#define IMPORT_WHOLE_EPSILON 1e-9

const char *const import_format_names[IMPORT__COUNT + 1] = {
    [IMPORT_ZOXIDE] = "zoxide",     [IMPORT_Z] = "z",     [IMPORT_FASD] = "fasd",
    [IMPORT_AUTOJUMP] = "autojump", [IMPORT_MCD] = "mcd", [IMPORT_MCD_NUL] = "mcd0",
    [IMPORT__COUNT] = NULL,
};

void import_list_init(struct import_list *list)
{
	memset(list, 0, sizeof(*list));
}

void import_list_release(struct import_list *list)
{
	size_t i;

	for (i = 0; i < list->nblocks; i++)
		free(list->blocks[i]);
	free(list->blocks);
	free(list->v);
	import_list_init(list);
}

int import_format_from_name(const char *name)
{
	int i;

	for (i = 0; i < IMPORT__COUNT; i++)
		if (!strcmp(name, import_format_names[i]))
			return i;
	return -1;
}

const char *import_format_name(enum import_format fmt)
{
	return (unsigned)fmt < IMPORT__COUNT ? import_format_names[fmt] : "?";
}

/* ---- numbers ------------------------------------------------------------- */

/* S[0..N) as a plain decimal number: digits with an optional fraction and
 * exponent ("12", "2.5", ".5", "1.23457e+06", what awk, Python and Rust
 * print), no sign, no blanks, no hex, inf or nan. Converted in the C locale
 * whatever the program's, so "2.5" is two and a half everywhere. Returns 0
 * and the finite value in *OUT, or -1. */
static int parse_number(const char *s, size_t n, locale_t c, double *out)
{
	char tmp[IMPORT_MAX_NUMBER + 1];
	size_t i = 0, digits = 0;
	char *end;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (!digits)
		return -1;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp = 0;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			exp++;
		if (!exp)
			return -1;
	}
	if (i != n || n > IMPORT_MAX_NUMBER)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	*out = strtod_l(tmp, &end, c);
	if (end != tmp + n || !isfinite(*out))
		return -1;
	return 0;
}

/* S[0..N) as epoch seconds: digits, and a fraction that is dropped (z and
 * fasd write whole seconds; a fraction costs nothing to accept). Returns 0
 * and the time in *OUT, or -1 when it is not such a number or overflows. */
static int parse_time(const char *s, size_t n, int64_t *out)
{
	size_t i;
	int64_t t = 0;

	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		if (t > (INT64_MAX - (s[i] - '0')) / 10)
			return -1;
		t = t * 10 + (s[i] - '0');
	}
	if (i == 0)
		return -1;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
	if (i != n)
		return -1;
	*out = t;
	return 0;
}

/* V, or the whole number within IMPORT_WHOLE_EPSILON of it (relatively):
 * autojump keeps 10 * sqrt(3) as 17.320508075688775, whose square over
 * 100 is 3.0000000000000004; that is three visits, and prints as 3. */
static double whole(double v)
{
	double r;

	if (!(v >= 0.5 && v < 4503599627370496.0)) /* 2^52: every double above is whole */
		return v;
	r = (double)(int64_t)(v + 0.5);
	return fabs(v - r) <= IMPORT_WHOLE_EPSILON * r ? r : v;
}

/* Each tool's score on mcd's scale, where every visit adds 1 (and aging
 * scales all ranks down alike, which these mappings preserve in order):
 *
 * - z adds 1 per visit: its rank is visits already.
 * - zoxide adds 1 per visit too, and `query --score` prints that rank times
 *   the recency weight mcd also uses (x4 this hour ... x0.25 older). The
 *   listing has no time, so every entry is dated NOW, where mcd weighs a
 *   visit FRECENCY_HOUR times: score / FRECENCY_HOUR visits weigh, right
 *   after the import, what zoxide's score says, in zoxide's order. Taking
 *   the score itself would count the weight twice: two `zoxide add`s an
 *   instant ago (score 8) would be 8 visits, not 2.
 * - fasd sets a new path's rank to 1 and adds 1/rank per visit, so
 *   rank^2 grows by 2 + 1/rank^2 each time: about 2 per visit. rank^2 / 2
 *   gives 2 for rank 2 (two visits, exactly) and 3.1 after three; for ranks
 *   under 2 it undercounts (0.5 for a single visit), so never less than the
 *   rank itself: one visit stays one.
 * - autojump adds weights as the sides of a right triangle,
 *   new = sqrt(old^2 + 10^2), so weight = 10 * sqrt(visits) and
 *   visits = (weight / 10)^2: weight 10 is one visit, 20 four.
 * - mcd's own export is visits.
 * A count that the arithmetic leaves a rounding away from a whole number
 * is that number (see whole()). The square can overflow a huge rank: the
 * caller checks it is finite. */
static double to_visits(enum import_format fmt, double score)
{
	switch (fmt) {
	case IMPORT_ZOXIDE:
		return whole(score / FRECENCY_HOUR);
	case IMPORT_FASD:
		return whole(score * score / 2 > score ? score * score / 2 : score);
	case IMPORT_AUTOJUMP:
		return whole(score * score / 100);
	default:
		return score; /* as written: an export reads back exactly */
	}
}

/* ---- lines --------------------------------------------------------------- */

struct parser {
	enum import_format fmt;
	int64_t now;
	locale_t c;
	struct import_list *out;
	char *block; /* this buffer's paths; see add_entry() */
	size_t used, size;
};

/* Copy PATH into the block and append an entry. A line holds at least one
 * separator byte besides its path, so the paths of a buffer and their NULs
 * fit in as many bytes as the buffer: one block per buffer, no allocation
 * per entry. */
static void add_entry(struct parser *p, const char *path, size_t len, double rank, int64_t last)
{
	struct import_list *l = p->out;
	struct import_entry *e;

	if (!p->block)
		p->block = xmalloc(p->size);
	if (len + 1 > p->size - p->used)
		abort(); /* the bound above is wrong: never write past the block */
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	e = &l->v[l->n++];
	e->path = p->block + p->used;
	memcpy(e->path, path, len);
	e->path[len] = '\0';
	p->used += len + 1;
	e->rank = rank;
	e->last = last;
}

/* Split LINE[0..LEN) into the score, time and path of P's format. The time
 * is NULL (NOW) for formats without one. Returns 0 or -1. */
static int split_line(const struct parser *p, const char *line, size_t len, const char **score,
                      size_t *scorelen, const char **time, size_t *timelen, const char **path,
                      size_t *pathlen)
{
	const char *a, *b, *end = line + len;

	*time = NULL;
	*timelen = 0;
	switch (p->fmt) {
	case IMPORT_ZOXIDE:
		/* "  12.0 /path with spaces": the score right-aligned */
		while (line < end && (*line == ' ' || *line == '\t'))
			line++;
		a = memchr(line, ' ', (size_t)(end - line));
		if (!a)
			return -1;
		*score = line, *scorelen = (size_t)(a - line);
		*path = a + 1;
		break;
	case IMPORT_Z:
	case IMPORT_FASD:
		/* "path|rank|time": the path may hold '|', the numbers cannot */
		b = memrchr(line, '|', len);
		if (!b)
			return -1;
		a = memrchr(line, '|', (size_t)(b - line));
		if (!a)
			return -1;
		*path = line;
		*pathlen = (size_t)(a - line);
		*score = a + 1, *scorelen = (size_t)(b - a - 1);
		*time = b + 1, *timelen = (size_t)(end - b - 1);
		return 0;
	case IMPORT_AUTOJUMP:
		/* "weight<TAB>path": the path may hold TABs */
		a = memchr(line, '\t', len);
		if (!a)
			return -1;
		*score = line, *scorelen = (size_t)(a - line);
		*path = a + 1;
		break;
	case IMPORT_MCD:
	case IMPORT_MCD_NUL:
		/* "visits<TAB>last<TAB>path" */
		a = memchr(line, '\t', len);
		if (!a)
			return -1;
		b = memchr(a + 1, '\t', (size_t)(end - a - 1));
		if (!b)
			return -1;
		*score = line, *scorelen = (size_t)(a - line);
		*time = a + 1, *timelen = (size_t)(b - a - 1);
		*path = b + 1;
		break;
	default:
		return -1;
	}
	*pathlen = (size_t)(end - *path);
	return 0;
}

/* Parse one line (its terminator and a CRLF's CR removed). Returns 0 for an
 * entry added, -1 for a malformed line. */
static int parse_line(struct parser *p, const char *line, size_t len)
{
	const char *score, *time, *path;
	size_t scorelen, timelen, pathlen;
	double rank;
	int64_t last = p->now;

	if (len > IMPORT_MAX_LINE)
		return -1;
	if (p->fmt != IMPORT_MCD_NUL && (memchr(line, '\0', len) || memchr(line, '\r', len)))
		return -1; /* a NUL would cut the path short; a lone CR is no line end we write */
	if (split_line(p, line, len, &score, &scorelen, &time, &timelen, &path, &pathlen) < 0)
		return -1;
	if (!pathlen || path[0] != '/')
		return -1;
	if (parse_number(score, scorelen, p->c, &rank) < 0)
		return -1;
	rank = to_visits(p->fmt, rank);
	if (!isfinite(rank))
		return -1;
	if (time && parse_time(time, timelen, &last) < 0)
		return -1;
	add_entry(p, path, pathlen, rank, last);
	return 0;
}

int import_parse(enum import_format fmt, const char *buf, size_t len, int64_t now,
                 struct import_list *out)
{
	struct parser p = {fmt, now, (locale_t)0, out, NULL, 0, len};
	const char *at, *end;
	char term = fmt == IMPORT_MCD_NUL ? '\0' : '\n';

	if ((unsigned)fmt >= IMPORT__COUNT)
		return -1;
	if (!len)
		return 0; /* BUF may be NULL then */
	at = buf;
	end = buf + len;
	p.c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (!p.c)
		return -1;
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		at += 3; /* a byte order mark, left by an editor */
	while (at < end) {
		const char *nl = memchr(at, term, (size_t)(end - at));
		const char *stop = nl ? nl : end;
		size_t n = (size_t)(stop - at);

		if (term == '\n' && n && at[n - 1] == '\r')
			n--; /* CRLF */
		if (n && parse_line(&p, at, n) < 0)
			out->skipped++;
		at = nl ? nl + 1 : end;
	}
	freelocale(p.c);
	if (p.block) {
		out->blocks = xrealloc(out->blocks, (out->nblocks + 1) * sizeof(*out->blocks));
		out->blocks[out->nblocks++] = p.block;
	}
	return 0;
}

/* ---- default locations --------------------------------------------------- */

static const char *absolute_env(const char *name)
{
	const char *v = getenv(name);
	return v && v[0] == '/' ? v : NULL;
}

char *import_default_path(enum import_format fmt)
{
	const char *home = absolute_env("HOME"), *v;

	switch (fmt) {
	case IMPORT_Z:
		if ((v = absolute_env("_Z_DATA")))
			return xstrdup(v);
		return home ? path_join(home, ".z") : NULL;
	case IMPORT_FASD:
		if ((v = absolute_env("_FASD_DATA")))
			return xstrdup(v);
		return home ? path_join(home, ".fasd") : NULL;
	case IMPORT_AUTOJUMP:
		if ((v = absolute_env("XDG_DATA_HOME")))
			return path_join(v, "autojump/autojump.txt");
		return home ? path_join(home, ".local/share/autojump/autojump.txt") : NULL;
	default:
		return NULL; /* zoxide: run `zoxide query -ls`; mcd: FILE or stdin */
	}
}

/* ---- export -------------------------------------------------------------- */

/* VISITS in the fewest significant digits that read back as the same
 * double, in the C locale: "3", "2.5", "0.1", not "0.10000000000000001". */
static void format_visits(struct buf *out, double visits)
{
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0), old;
	char tmp[512]; /* %f of the largest double */
	int prec;

	if (!isfinite(visits) || visits < 0)
		visits = 0;
	if (!c) {
		/* cannot switch locales: integers, exactly, need no '.' */
		buf_addf(out, "%.0f", visits);
		return;
	}
	old = uselocale(c);
	/* plain decimals, as few digits as read back exactly: "100", "2.5";
	   a value no short decimal holds gets all 17 significant digits */
	for (prec = visits < 1e17 ? 0 : 18; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*f", prec, visits);
		if (strtod_l(tmp, NULL, c) == visits)
			break;
	}
	if (prec > 17)
		snprintf(tmp, sizeof(tmp), "%.17g", visits);
	uselocale(old);
	freelocale(c);
	buf_adds(out, tmp);
}

static void format_record(struct buf *out, const char *path, double visits, int64_t last, char end)
{
	format_visits(out, visits);
	buf_addf(out, "\t%lld\t", (long long)(last < 0 ? 0 : last));
	buf_adds(out, path);
	buf_addch(out, end);
}

int import_format_export(struct buf *out, const char *path, double visits, int64_t last)
{
	if (strpbrk(path, "\r\n"))
		return -1; /* it would read back as other paths, or be skipped */
	format_record(out, path, visits, last, '\n');
	return 0;
}

void import_format_export_nul(struct buf *out, const char *path, double visits, int64_t last)
{
	format_record(out, path, visits, last, '\0');
}
