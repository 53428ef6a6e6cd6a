/* ignore.c - gitignore parsing and matching, as git's dir.c and wildmatch.c do it
 *
 * Everything here works on the buffers it is given, with no global state, so
 * ignore_push() and ignore_wildmatch() can be fuzzed directly. Matching never
 * allocates: each pattern is parsed once into flags and a literal prefix, and
 * most patterns are settled by a comparison without running the matcher.
 */
#include "ignore.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* A pattern with more runs of '*' than this is dropped (never matches): the
 * matcher recurses at most twice per run, which bounds its stack use (the
 * walker may run on a thread), and no real .gitignore comes close. */
#define IGNORE_MAX_STAR_RUNS 256

#define GLOB_SPECIAL "*?[\\"

enum {
	PAT_NEGATIVE = 1 << 0,  /* started with '!' */
	PAT_MUSTBEDIR = 1 << 1, /* ended with '/' */
	PAT_NODIR = 1 << 2,     /* no other '/': matches the basename at any depth */
	PAT_LITERAL = 1 << 3,   /* no wildcard at all: a plain comparison */
	PAT_ENDSWITH = 1 << 4,  /* basename pattern "*literal": a suffix comparison */
};

struct ignore_pattern {
	const char *pat; /* NUL-terminated, without the '!', leading '/' or trailing '/' */
	size_t len;
	size_t prefix; /* length of the leading part free of wildcards */
	unsigned flags;
};

typedef unsigned char uchar;

/* Results of wm(). The two aborts prune the search: ABORT_ALL means the text
 * ran out, so no enclosing star taking more text can help; ABORT_TO_STARSTAR
 * means a single star hit a '/', so only an enclosing "**" can help. */
enum { WM_NOMATCH, WM_MATCH, WM_ABORT_ALL, WM_ABORT_TO_STARSTAR };

static int wm(const uchar *p, const uchar *t, const uchar *pat0);

/* POSIX class NAME (LEN bytes) against C, in git's locale-free ASCII terms.
 * Returns 1 or 0, or -1 for an unknown class name. */
static int posix_class(const uchar *name, size_t len, uchar c)
{
	static const char *const names[] = {
	    "alnum", "alpha", "blank", "cntrl", "digit", "graph",
	    "lower", "print", "punct", "space", "upper", "xdigit",
	};
	int lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
	int digit = c >= '0' && c <= '9', graph = c > ' ' && c < 0x7f;
	size_t i;

	for (i = 0; i < MCD_ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == len && !memcmp(names[i], name, len))
			break;
	switch (i) {
	case 0:
		return lower || upper || digit;
	case 1:
		return lower || upper;
	case 2:
		return c == ' ' || c == '\t';
	case 3:
		return c < ' ' || c == 0x7f;
	case 4:
		return digit;
	case 5:
		return graph;
	case 6:
		return lower;
	case 7:
		return graph || c == ' ';
	case 8:
		return graph && !lower && !upper && !digit;
	case 9:
		return c == ' ' || c == '\t' || c == '\n' || c == '\r'; /* git's isspace */
	case 10:
		return upper;
	case 11:
		return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}
	return -1;
}

/* Match the bracket expression at *PP (its '[') against C and leave *PP on
 * its closing ']'. A ']' right after the '[' (or its '!'/'^') is literal, as
 * is a '-' first or last. Returns 1 if C is in the set, 0 if not, -1 if the
 * expression is malformed (unterminated, or an unknown [:class:]). */
static int match_class(const uchar **pp, uchar c)
{
	const uchar *p = *pp + 1;
	int negated = 0, matched = 0;
	uchar prev = 0; /* last single character, the low end of a range */

	if (*p == '!' || *p == '^') {
		negated = 1;
		p++;
	}
	for (int first = 1; first || *p != ']'; first = 0, p++) {
		uchar ch = *p;

		if (!ch)
			return -1;
		if (ch == '\\') {
			ch = *++p;
			if (!ch)
				return -1;
			matched |= c == ch;
			prev = ch;
		} else if (ch == '-' && prev && p[1] && p[1] != ']') {
			uchar hi = *++p;
			if (hi == '\\' && !(hi = *++p))
				return -1;
			matched |= c >= prev && c <= hi;
			prev = 0;
		} else if (ch == '[' && p[1] == ':') {
			const uchar *name = p + 2, *end = name;
			int r;

			while (*end && *end != ']')
				end++;
			if (!*end)
				return -1;
			if (end == name || end[-1] != ':') {
				/* no ":]": the '[' is an ordinary member */
				matched |= c == '[';
				prev = '[';
				continue;
			}
			r = posix_class(name, (size_t)(end - name - 1), c);
			if (r < 0)
				return -1;
			matched |= r;
			prev = 0;
			p = end;
		} else {
			matched |= c == ch;
			prev = ch;
		}
	}
	*pp = p;
	return matched != negated;
}

/* P is on a run of '*'. A run of two or more that fills a whole path
 * component ("**" + "/" at the start, "/" + "**" + "/", "/" + "**" at the end)
 * may cross slashes; any other run is a single star, which may not. */
static int wm_star(const uchar *p, const uchar *t, const uchar *pat0)
{
	const uchar *run = p;
	int cross = 0;

	while (*p == '*')
		p++;
	if (p - run >= 2 && (run == pat0 || run[-1] == '/') &&
	    (!*p || *p == '/' || (p[0] == '\\' && p[1] == '/'))) {
		/* first try "**" + "/" as zero directories; if that ran out of
		 * text, so will every longer match (git tries them anyway) */
		if (*p == '/') {
			int r = wm(p + 1, t, pat0);
			if (r == WM_MATCH || r == WM_ABORT_ALL)
				return r;
		}
		cross = 1;
	}
	if (!*p)
		return cross || !strchr((const char *)t, '/') ? WM_MATCH : WM_NOMATCH;
	if (!cross && *p == '/') {
		/* a star before a slash takes exactly the rest of this component */
		t = (const uchar *)strchr((const char *)t, '/');
		return t ? wm(p, t, pat0) : WM_NOMATCH;
	}
	for (; *t; t++) {
		int r;

		if (!strchr(GLOB_SPECIAL, *p)) {
			/* Skip ahead to the literal that must follow the star. Not
			 * finding it aborts as the slow path would (git says "no
			 * match" here, which only costs it exponential time on
			 * patterns like a long chain of "**" + "/"). */
			while (*t && *t != *p && (cross || *t != '/'))
				t++;
			if (!*t)
				return WM_ABORT_ALL;
			if (*t != *p)
				return WM_ABORT_TO_STARSTAR;
		}
		r = wm(p, t, pat0);
		if (r == WM_NOMATCH) {
			if (!cross && *t == '/')
				return WM_ABORT_TO_STARSTAR;
		} else if (!cross || r != WM_ABORT_TO_STARSTAR) {
			return r;
		}
	}
	return WM_ABORT_ALL;
}

/* Match pattern P against text T. PAT0 is where the pattern started, for
 * telling whether a "**" begins a path component. */
static int wm(const uchar *p, const uchar *t, const uchar *pat0)
{
	for (; *p; p++, t++) {
		if (*p == '*')
			return wm_star(p, t, pat0);
		if (!*t)
			return WM_ABORT_ALL;
		if (*p == '?') {
			if (*t == '/')
				return WM_NOMATCH;
		} else if (*p == '[') {
			int r = match_class(&p, *t);
			if (r < 0)
				return WM_ABORT_ALL;
			if (!r || *t == '/')
				return WM_NOMATCH;
		} else {
			/* after a trailing backslash *p is NUL, which no *t equals */
			if (*p == '\\')
				p++;
			if (*p != *t)
				return WM_NOMATCH;
		}
	}
	return *t ? WM_NOMATCH : WM_MATCH;
}

static size_t star_runs(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (*s == '*' && s[1] != '*')
			n++;
	return n;
}

int ignore_wildmatch(const char *pattern, const char *text)
{
	const uchar *p = (const uchar *)pattern;

	if (star_runs(pattern) > IGNORE_MAX_STAR_RUNS)
		return 0;
	return wm(p, (const uchar *)text, p) == WM_MATCH;
}

/* Drop trailing spaces unless escaped with a backslash, as git does (tabs
 * stay). A lone trailing backslash leaves the line as it is. */
static void trim_trailing_spaces(char *s)
{
	char *cut = NULL;

	for (; *s; s++) {
		if (*s == ' ') {
			if (!cut)
				cut = s;
			continue;
		}
		cut = NULL;
		if (*s == '\\' && !*++s)
			return;
	}
	if (cut)
		*cut = '\0';
}

/* Parse one line S (NUL-terminated, modified in place) into PAT. Returns 1,
 * or 0 for a line that can never match and is dropped. */
static int parse_pattern(struct ignore_pattern *pat, char *s)
{
	unsigned flags = 0;
	size_t len;

	trim_trailing_spaces(s);
	if (*s == '!') {
		flags |= PAT_NEGATIVE;
		s++;
	}
	len = strlen(s);
	if (len && s[len - 1] == '/') {
		s[--len] = '\0';
		flags |= PAT_MUSTBEDIR;
	}
	if (!memchr(s, '/', len)) {
		flags |= PAT_NODIR;
	} else if (*s == '/') {
		s++; /* anchored anyway, having a slash */
		len--;
	}
	if (!len || star_runs(s) > IGNORE_MAX_STAR_RUNS)
		return 0;
	pat->prefix = strcspn(s, GLOB_SPECIAL);
	if (pat->prefix == len)
		flags |= PAT_LITERAL;
	else if ((flags & PAT_NODIR) && s[0] == '*' && !s[1 + strcspn(s + 1, GLOB_SPECIAL)])
		flags |= PAT_ENDSWITH;
	pat->pat = s;
	pat->len = len;
	pat->flags = flags;
	return 1;
}

/* Length of the line at S, up to its '\n' or the end of the N bytes. */
static size_t line_len(const char *s, size_t n)
{
	const char *nl = memchr(s, '\n', n);

	return nl ? (size_t)(nl - s) : n;
}

void ignore_init(struct ignore *ig)
{
	ig->lists = NULL;
	ig->n = ig->cap = 0;
	ig->arena = NULL;
}

void ignore_release(struct ignore *ig)
{
	while (ig->n)
		ignore_pop(ig);
	free(ig->lists);
	ignore_init(ig);
}

void ignore_push(struct ignore *ig, const char *base, const char *buf, size_t len)
{
	struct ignore_list *l;
	size_t baselen = strlen(base), npat = 0, i, n;
	char *block, *text;

	while (baselen && base[baselen - 1] == '/')
		baselen--;
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3)) {
		buf += 3;
		len -= 3;
	}
	/* git skips empty lines and comments before anything else */
	for (i = 0; i < len; i += n + 1) {
		n = line_len(buf + i, len - i);
		npat += n && buf[i] != '#';
	}

	/* one block per list: the patterns, then the base, then a copy of the
	 * text, which the patterns point into */
	block = xmalloc(npat * sizeof(struct ignore_pattern) + baselen + 1 + len + 1);
	if (ig->n == ig->cap) {
		ig->cap = ig->cap ? 2 * ig->cap : 16;
		ig->lists = xrealloc(ig->lists, ig->cap * sizeof(*ig->lists));
	}
	l = &ig->lists[ig->n++];
	l->pats = (struct ignore_pattern *)block;
	l->n = 0;
	l->cap = npat;
	l->base = block + npat * sizeof(struct ignore_pattern);
	l->baselen = baselen;
	memcpy(l->base, base, baselen);
	l->base[baselen] = '\0';
	text = l->base + baselen + 1;
	if (len)
		memcpy(text, buf, len);
	text[len] = '\0';

	for (i = 0; i < len; i += n + 1) {
		char *line = text + i;

		n = line_len(line, len - i);
		if (!n || *line == '#')
			continue;
		/* git drops one '\r' before the '\n'; a NUL ends the line early */
		line[n - (line[n - 1] == '\r')] = '\0';
		if (parse_pattern(&l->pats[l->n], line))
			l->n++;
	}
}

void ignore_pop(struct ignore *ig)
{
	if (!ig->n)
		return;
	ig->n--;
	free(ig->lists[ig->n].pats); /* the whole block, see ignore_push() */
}

static int match_basename(const struct ignore_pattern *p, const char *name, size_t len)
{
	if (p->flags & PAT_LITERAL)
		return len == p->len && !memcmp(name, p->pat, len);
	if (p->flags & PAT_ENDSWITH)
		return len >= p->len - 1 &&
		       !memcmp(name + len - (p->len - 1), p->pat + 1, p->len - 1);
	return wm((const uchar *)p->pat, (const uchar *)name, (const uchar *)p->pat) == WM_MATCH;
}

static int match_pathname(const struct ignore_pattern *p, const char *name, size_t len)
{
	const uchar *rest = (const uchar *)p->pat + p->prefix;

	if (p->prefix > len || memcmp(p->pat, name, p->prefix))
		return 0;
	if (p->flags & PAT_LITERAL)
		return len == p->len;
	/* Like git, match what follows the literal prefix as a pattern of its
	 * own, so "foo**" + "/bar" matches "foox/y/bar": the "**" counts as
	 * starting a component. */
	return wm(rest, (const uchar *)name + p->prefix, rest) == WM_MATCH;
}

int ignore_match(const struct ignore *ig, const char *path, int is_dir)
{
	size_t pathlen = strlen(path), i, j;
	const char *slash = strrchr(path, '/');
	const char *basename = slash ? slash + 1 : path;
	size_t basenamelen = pathlen - (size_t)(basename - path);

	for (i = ig->n; i-- > 0;) {
		const struct ignore_list *l = &ig->lists[i];
		const char *name = path;

		if (l->baselen) {
			if (pathlen <= l->baselen + 1 || path[l->baselen] != '/' ||
			    memcmp(path, l->base, l->baselen))
				continue;
			name += l->baselen + 1;
		}
		for (j = l->n; j-- > 0;) {
			const struct ignore_pattern *p = &l->pats[j];
			int hit;

			if ((p->flags & PAT_MUSTBEDIR) && !is_dir)
				continue;
			if (p->flags & PAT_NODIR)
				hit = match_basename(p, basename, basenamelen);
			else
				hit = match_pathname(p, name, pathlen - (size_t)(name - path));
			if (hit)
				return !(p->flags & PAT_NEGATIVE);
		}
	}
	return 0;
}
