/* manifest_toml.c - Cargo.toml, pyproject.toml: a key of a table */
#include "manifest_cursor.h"

/* A dotted key path as "a.b.c". A segment holding a dot, or a path longer
 * than any we look for, is bad: it can match nothing. */
struct key {
	char s[40];
	size_t n;
	int bad;
};

static void key_dot(struct key *k)
{
	if (!k->n)
		return;
	if (k->n < sizeof(k->s))
		k->s[k->n++] = '.';
	else
		k->bad = 1;
}

static int key_is(const struct key *k, const char *want)
{
	return !k->bad && k->n == strlen(want) && !memcmp(k->s, want, k->n);
}

/* Blanks, newlines and comments, as found between the values of an array. */
static void toml_gap(struct cur *c)
{
	for (;;) {
		skip_blanks(c);
		if (peek(c) == '#')
			skip_line(c);
		else if (peek(c) == '\n' || peek(c) == '\r')
			c->p++;
		else
			return;
	}
}

static int toml_line_end(struct cur *c)
{
	skip_blanks(c);
	if (peek(c) == '#') {
		skip_line(c);
		return 1;
	}
	skip_lit(c, "\r");
	return !more(c) || skip_lit(c, "\n");
}

/* A basic "..." or literal '...' string, or their multi-line """ and '''
 * forms, at C. */
static int toml_string(struct cur *c, struct sink *s)
{
	int q = peek(c), multi;

	if (q != '"' && q != '\'')
		return 0;
	multi = skip_lit(c, q == '"' ? "\"\"\"" : "'''");
	if (!multi)
		c->p++;
	else if (!skip_lit(c, "\n"))
		skip_lit(c, "\r\n"); /* a newline right after the quotes is trimmed */
	for (;;) {
		const char *run = c->p, *save;
		size_t n = 0;

		while (more(c) && *c->p != q && !(q == '"' && *c->p == '\\') &&
		       (multi || *c->p != '\n'))
			c->p++;
		put(s, run, (size_t)(c->p - run));
		if (!more(c) || *c->p == '\n')
			return 0;
		if (*c->p == q) {
			if (!multi) {
				c->p++;
				return 1;
			}
			while (more(c) && *c->p == q && n < 5)
				c->p++, n++;
			put(s, c->p - n, n < 3 ? n : n - 3); /* up to two quotes end the content */
			if (n >= 3)
				return 1;
			continue;
		}
		c->p++; /* a backslash */
		save = c->p;
		skip_blanks(c);
		if (multi && (peek(c) == '\n' || peek(c) == '\r')) {
			while (more(c) && strchr(" \t\r\n", *c->p) && *c->p)
				c->p++; /* a line-ending backslash eats the blanks after it */
			continue;
		}
		c->p = save;
		if (!escape(c, s, "btnfre\"\\xuU"))
			return 0;
	}
}

/* A possibly dotted key, appended to K. */
static int toml_key(struct cur *c, struct key *k)
{
	for (;;) {
		struct sink seg = {NULL, k->s + k->n, sizeof(k->s) - k->n, 0, 0};

		skip_blanks(c);
		if (peek(c) == '"' || peek(c) == '\'') {
			if (c->end - c->p >= 3 && c->p[1] == c->p[0] && c->p[2] == c->p[0])
				return 0; /* no multi-line keys */
			if (!toml_string(c, &seg))
				return 0;
		} else {
			const char *run = c->p;
			while (more(c) &&
			       (*c->p == '_' || *c->p == '-' || (*c->p >= '0' && *c->p <= '9') ||
			        ((*c->p | 0x20) >= 'a' && (*c->p | 0x20) <= 'z')))
				c->p++;
			if (c->p == run)
				return 0;
			put(&seg, run, (size_t)(c->p - run));
		}
		if (seg.bad || memchr(k->s + k->n, '.', seg.n))
			k->bad = 1;
		k->n += seg.n;
		skip_blanks(c);
		if (!skip_lit(c, "."))
			return 1;
		if (k->n < sizeof(k->s))
			k->s[k->n++] = '.';
		else
			k->bad = 1;
	}
}

/* Skip a value: a string, an array, an inline table, or a scalar (a number,
 * a boolean, a date) that runs to the next delimiter. */
static int toml_value(struct cur *c, int depth)
{
	const char *run;
	int open, close;

	if (depth > NEST_MAX)
		return 0;
	skip_blanks(c);
	open = peek(c);
	if (open == '"' || open == '\'')
		return toml_string(c, NULL);
	if (open == '[' || open == '{') {
		close = open == '[' ? ']' : '}';
		c->p++;
		for (;;) {
			struct key k = {"", 0, 0};

			toml_gap(c);
			if (skip_lit(c, close == ']' ? "]" : "}"))
				return 1;
			if (open == '{' && (!toml_key(c, &k) || !skip_lit(c, "=")))
				return 0;
			if (!toml_value(c, depth + 1))
				return 0;
			toml_gap(c);
			if (!skip_lit(c, ","))
				return skip_lit(c, close == ']' ? "]" : "}");
		}
	}
	run = c->p;
	while (more(c) && *c->p && !strchr(",]}#\r\n", *c->p))
		c->p++;
	return c->p > run;
}

struct want {
	const char *key; /* "package.name" */
	const char *at;  /* where its string value starts, or NULL */
};

/* Walk a whole document and note where the first string value of each
 * wanted key starts. */
static int toml_find(struct cur *c, struct want *w, size_t nw)
{
	struct key table = {"", 0, 0};

	skip_bom(c);
	while (more(c)) {
		skip_blanks(c);
		if (peek(c) == '#' || peek(c) == '\n' || peek(c) == '\r') {
			/* a blank line or a comment */
		} else if (skip_lit(c, "[")) {
			int array = skip_lit(c, "[");
			table.n = 0, table.bad = 0;
			if (!toml_key(c, &table) || !skip_lit(c, "]") ||
			    (array && !skip_lit(c, "]")))
				return 0;
		} else {
			struct key k = table;
			size_t i;

			key_dot(&k);
			if (!toml_key(c, &k) || !skip_lit(c, "="))
				return 0;
			skip_blanks(c);
			for (i = 0; i < nw; i++)
				if (!w[i].at && key_is(&k, w[i].key) &&
				    (peek(c) == '"' || peek(c) == '\''))
					w[i].at = c->p;
			if (!toml_value(c, 0))
				return 0;
		}
		if (!toml_line_end(c))
			return 0;
	}
	return 1;
}

int cargo_name(struct cur *c, struct sink *s)
{
	struct want w[] = {{"package.name", NULL}};

	if (!toml_find(c, w, MCD_ARRAY_SIZE(w)) || !w[0].at)
		return 0;
	c->p = w[0].at;
	return toml_string(c, s);
}

int pyproject_name(struct cur *c, struct sink *s)
{
	struct want w[] = {{"project.name", NULL}, {"tool.poetry.name", NULL}};

	if (!toml_find(c, w, MCD_ARRAY_SIZE(w)) || !(w[0].at || w[1].at))
		return 0;
	c->p = w[0].at ? w[0].at : w[1].at;
	return toml_string(c, s);
}
