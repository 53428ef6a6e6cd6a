/* manifest_cursor.h - what the manifest parsers share; private to manifest*.c
 *
 * Each parser reads just enough of its format to find one name, through a
 * cursor that never moves past the end of the buffer, and decodes it into
 * a sink. A document that is malformed where the parser looks (truncated
 * JSON, an unterminated TOML string, unbalanced XML tags) declares no name:
 * the tool that owns the format would refuse it too.
 *
 * The small helpers are inline here: the parsers call them for every byte.
 */
#ifndef MCD_MANIFEST_CURSOR_H
#define MCD_MANIFEST_CURSOR_H

#include <string.h>

#include "util.h"

#define NAME_MAX_BYTES 255
#define NEST_MAX 256 /* deeper JSON, TOML arrays or XML elements: malformed */

/* A cursor over bytes [p, end). */
struct cur {
	const char *p, *end;
};

static inline int more(const struct cur *c)
{
	return c->p < c->end;
}

static inline int peek(const struct cur *c)
{
	return c->p < c->end ? (unsigned char)*c->p : -1;
}

static inline int skip_lit(struct cur *c, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n))
		return 0;
	c->p += n;
	return 1;
}

/* Move past the next LIT; 0 when there is none. */
int skip_past(struct cur *c, const char *lit);

static inline void skip_line(struct cur *c)
{
	const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	c->p = nl ? nl + 1 : c->end;
}

static inline void skip_blanks(struct cur *c)
{
	while (more(c) && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

static inline void skip_bom(struct cur *c)
{
	skip_lit(c, "\xef\xbb\xbf");
}

/* Where decoded string bytes go: the caller's name buffer, a small array
 * (keys), or nowhere (a NULL sink: the string is only skipped). */
struct sink {
	struct buf *b;
	char *a;
	size_t cap, n;
	int bad; /* overflowed, or held something that cannot be a name */
};

static inline void put(struct sink *s, const void *p, size_t n)
{
	if (!s || !n)
		return;
	if (n > s->cap - s->n) {
		s->bad = 1;
		return;
	}
	if (s->b)
		buf_add(s->b, p, n);
	else
		memcpy(s->a + s->n, p, n);
	s->n += n;
}

static inline void putc_(struct sink *s, char ch)
{
	put(s, &ch, 1);
}

static inline void mark_bad(struct sink *s)
{
	if (s)
		s->bad = 1;
}

/* The code point CP as UTF-8; a surrogate or one past U+10FFFF marks S bad. */
void put_cp(struct sink *s, unsigned long cp);

/* DIGITS hex digits at C into *CP; 0 when there are fewer. */
int hex(struct cur *c, int digits, unsigned long *cp);

/* A backslash escape (C is past the backslash) whose letter is in ALLOWED:
 * one of "abtnvfre" control characters, a quote or slash, or \xHH, \uHHHH,
 * \UHHHHHHHH code points. */
int escape(struct cur *c, struct sink *s, const char *allowed);

/* Blank, tab, CR or LF. */
static inline int is_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* The parsers, each over a whole document C: append the name it declares to
 * S (the caller checks it is a name) and return 1, or return 0 for none. */

/* manifest_json.c: package.json, composer.json */
int json_name(struct cur *c, struct sink *s);

/* manifest_toml.c: Cargo.toml [package], pyproject.toml [project] or [tool.poetry] */
int cargo_name(struct cur *c, struct sink *s);
int pyproject_name(struct cur *c, struct sink *s);

/* manifest_xml.c: pom.xml */
int pom_name(struct cur *c, struct sink *s);

/* manifest_lines.c: go.mod, Chart.yaml and pubspec.yaml, setup.cfg, setup.py, DESCRIPTION */
int go_mod(struct cur *c, struct sink *s);
int yaml_name(struct cur *c, struct sink *s);
int setup_cfg_name(struct cur *c, struct sink *s);
int setup_py_name(struct cur *c, struct sink *s);
int r_description_name(struct cur *c, struct sink *s);

#endif
