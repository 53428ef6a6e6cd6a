/* manifest.c - which files make a folder a project, and the names they declare
 *
 * Each parser reads just enough of its format to find one name, through a
 * cursor that never moves past the end of the buffer. A document that is
 * malformed where the parser looks (truncated JSON, an unterminated TOML
 * string, unbalanced XML tags) declares no name: the tool that owns the
 * format would refuse it too.
 */
#include "manifest.h"

#include <string.h>

#define NAME_MAX_BYTES 255
#define NEST_MAX 256 /* deeper JSON, TOML arrays or XML elements: malformed */

struct cur {
	const char *p, *end;
};

static int more(const struct cur *c)
{
	return c->p < c->end;
}

static int peek(const struct cur *c)
{
	return c->p < c->end ? (unsigned char)*c->p : -1;
}

static int skip_lit(struct cur *c, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n))
		return 0;
	c->p += n;
	return 1;
}

/* Move past the next LIT; 0 when there is none. */
static int skip_past(struct cur *c, const char *lit)
{
	size_t n = strlen(lit);
	const char *at = memmem(c->p, (size_t)(c->end - c->p), lit, n);

	if (!at)
		return 0;
	c->p = at + n;
	return 1;
}

static void skip_line(struct cur *c)
{
	const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	c->p = nl ? nl + 1 : c->end;
}

static void skip_blanks(struct cur *c)
{
	while (more(c) && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

static void skip_bom(struct cur *c)
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

static void put(struct sink *s, const void *p, size_t n)
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

static void putc_(struct sink *s, char ch)
{
	put(s, &ch, 1);
}

static void mark_bad(struct sink *s)
{
	if (s)
		s->bad = 1;
}

static void put_cp(struct sink *s, unsigned long cp)
{
	char u[4];

	if (cp >= 0xd800 && cp <= 0xdfff)
		mark_bad(s);
	else if (cp < 0x80)
		putc_(s, (char)cp);
	else if (cp < 0x800)
		u[0] = (char)(0xc0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3f)), put(s, u, 2);
	else if (cp < 0x10000)
		u[0] = (char)(0xe0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 0x3f)),
		u[2] = (char)(0x80 | (cp & 0x3f)), put(s, u, 3);
	else if (cp < 0x110000)
		u[0] = (char)(0xf0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 0x3f)),
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f)), u[3] = (char)(0x80 | (cp & 0x3f)),
		put(s, u, 4);
	else
		mark_bad(s);
}

static int hex(struct cur *c, int digits, unsigned long *cp)
{
	*cp = 0;
	while (digits--) {
		int ch = peek(c);
		if (ch >= '0' && ch <= '9')
			ch -= '0';
		else if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f')
			ch = (ch | 0x20) - 'a' + 10;
		else
			return 0;
		*cp = *cp << 4 | (unsigned long)ch;
		c->p++;
	}
	return 1;
}

/* A backslash escape (C is past the backslash) whose letter is in ALLOWED:
 * one of "abtnvfre" control characters, a quote or slash, or \xHH, \uHHHH,
 * \UHHHHHHHH code points. */
static int escape(struct cur *c, struct sink *s, const char *allowed)
{
	static const char from[] = "abtnvfre", to[] = "\a\b\t\n\v\f\r\x1b";
	unsigned long cp;
	int ch = peek(c);
	const char *at;

	if (ch <= 0 || !strchr(allowed, ch))
		return 0;
	c->p++;
	if (ch == 'x' || ch == 'u' || ch == 'U') {
		if (!hex(c, ch == 'x' ? 2 : ch == 'u' ? 4 : 8, &cp))
			return 0;
		put_cp(s, cp);
	} else if ((at = strchr(from, ch))) {
		putc_(s, to[at - from]);
	} else {
		putc_(s, (char)ch);
	}
	return 1;
}

/* A name is 1..255 bytes without control characters. */
static int valid_name(const struct buf *name)
{
	size_t i;

	if (name->len < 1 || name->len > NAME_MAX_BYTES)
		return 0;
	for (i = 0; i < name->len; i++) {
		unsigned char ch = (unsigned char)name->data[i];
		if (ch < 0x20 || ch == 0x7f)
			return 0;
	}
	return 1;
}

/* ---- package.json, composer.json: the root object's "name" ---- */

static void json_ws(struct cur *c)
{
	while (more(c) && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

static int json_string(struct cur *c, struct sink *s)
{
	unsigned long cp, lo;

	if (!skip_lit(c, "\""))
		return 0;
	for (;;) {
		const char *run = c->p;
		while (more(c) && *c->p != '"' && *c->p != '\\' && (unsigned char)*c->p >= 0x20)
			c->p++;
		put(s, run, (size_t)(c->p - run));
		if (skip_lit(c, "\""))
			return 1;
		if (!skip_lit(c, "\\"))
			return 0; /* the end, or a raw control character */
		if (!skip_lit(c, "u")) {
			if (!escape(c, s, "\"\\/bfnrt"))
				return 0;
			continue;
		}
		if (!hex(c, 4, &cp))
			return 0;
		if (cp >= 0xd800 && cp <= 0xdbff && skip_lit(c, "\\u")) {
			if (!hex(c, 4, &lo))
				return 0;
			if (lo >= 0xdc00 && lo <= 0xdfff)
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			else
				mark_bad(s);
		}
		put_cp(s, cp); /* a lone surrogate marks the string bad */
	}
}

static int json_number(struct cur *c)
{
	const char *start;

	skip_lit(c, "-");
	start = c->p;
	while (more(c) && *c->p >= '0' && *c->p <= '9')
		c->p++;
	if (c->p == start || (*start == '0' && c->p - start > 1))
		return 0;
	if (skip_lit(c, ".")) {
		start = c->p;
		while (more(c) && *c->p >= '0' && *c->p <= '9')
			c->p++;
		if (c->p == start)
			return 0;
	}
	if (peek(c) == 'e' || peek(c) == 'E') {
		c->p++;
		if (!skip_lit(c, "+"))
			skip_lit(c, "-");
		start = c->p;
		while (more(c) && *c->p >= '0' && *c->p <= '9')
			c->p++;
		if (c->p == start)
			return 0;
	}
	return 1;
}

static int json_object(struct cur *c, int depth, const char **name_at);
static int json_value(struct cur *c, int depth);

static int json_array(struct cur *c, int depth)
{
	if (depth > NEST_MAX)
		return 0;
	c->p++;
	json_ws(c);
	if (skip_lit(c, "]"))
		return 1;
	for (;;) {
		if (!json_value(c, depth))
			return 0;
		json_ws(c);
		if (skip_lit(c, "]"))
			return 1;
		if (!skip_lit(c, ","))
			return 0;
	}
}

static int json_value(struct cur *c, int depth)
{
	json_ws(c);
	switch (peek(c)) {
	case '"':
		return json_string(c, NULL);
	case '{':
		return json_object(c, depth + 1, NULL);
	case '[':
		return json_array(c, depth + 1);
	case 't':
		return skip_lit(c, "true");
	case 'f':
		return skip_lit(c, "false");
	case 'n':
		return skip_lit(c, "null");
	default:
		return json_number(c);
	}
}

/* An object at C; with NAME_AT, remember where the value of its last "name"
 * key starts when that value is a string (NULL when it is not). */
static int json_object(struct cur *c, int depth, const char **name_at)
{
	if (depth > NEST_MAX)
		return 0;
	c->p++;
	json_ws(c);
	if (skip_lit(c, "}"))
		return 1;
	for (;;) {
		char key[4];
		struct sink k = {NULL, key, sizeof(key), 0, 0};

		json_ws(c);
		if (!json_string(c, &k))
			return 0;
		json_ws(c);
		if (!skip_lit(c, ":"))
			return 0;
		json_ws(c);
		if (name_at && !k.bad && k.n == 4 && !memcmp(key, "name", 4))
			*name_at = peek(c) == '"' ? c->p : NULL;
		if (!json_value(c, depth))
			return 0;
		json_ws(c);
		if (skip_lit(c, "}"))
			return 1;
		if (!skip_lit(c, ","))
			return 0;
	}
}

static int json_name(struct cur *c, struct sink *s)
{
	const char *name_at = NULL;

	skip_bom(c);
	json_ws(c);
	if (peek(c) != '{' || !json_object(c, 1, &name_at))
		return 0;
	json_ws(c);
	if (more(c) || !name_at)
		return 0;
	c->p = name_at;
	return json_string(c, s);
}

/* ---- go.mod: the module directive ---- */

static int go_ws(struct cur *c)
{
	while (more(c) && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r'))
		c->p++;
	return !more(c) || *c->p == '\n' || skip_lit(c, "//"); /* end of line? */
}

static int go_arg(struct cur *c, struct sink *s)
{
	const char *run;

	if (skip_lit(c, "`")) {
		run = c->p;
		while (more(c) && *c->p != '`' && *c->p != '\n')
			c->p++;
		put(s, run, (size_t)(c->p - run));
		return skip_lit(c, "`") && go_ws(c);
	}
	if (skip_lit(c, "\"")) {
		for (;;) {
			run = c->p;
			while (more(c) && *c->p != '"' && *c->p != '\\' && *c->p != '\n')
				c->p++;
			put(s, run, (size_t)(c->p - run));
			if (skip_lit(c, "\""))
				return go_ws(c);
			if (!skip_lit(c, "\\") || !escape(c, s, "abfnrtv\\\"xuU"))
				return 0;
		}
	}
	run = c->p;
	while (more(c) && !strchr(" \t\r\n\"`()", *c->p) &&
	       !(*c->p == '/' && c->p + 1 < c->end && c->p[1] == '/'))
		c->p++;
	put(s, run, (size_t)(c->p - run));
	return c->p > run && go_ws(c);
}

static int go_mod(struct cur *c, struct sink *s)
{
	skip_bom(c);
	while (more(c)) {
		go_ws(c);
		if (skip_lit(c, "module") && peek(c) > 0 && strchr(" \t\"`(", peek(c))) {
			skip_blanks(c);
			if (!skip_lit(c, "("))
				return go_arg(c, s);
			/* module ( path ): the first line in the block */
			if (!go_ws(c))
				return 0;
			for (;;) {
				skip_line(c);
				if (!more(c))
					return 0;
				if (go_ws(c))
					continue; /* blank or comment */
				return peek(c) != ')' && go_arg(c, s);
			}
		}
		skip_line(c);
	}
	return 0;
}

/* ---- Cargo.toml, pyproject.toml: a key of a table ---- */

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

static int cargo_name(struct cur *c, struct sink *s)
{
	struct want w[] = {{"package.name", NULL}};

	if (!toml_find(c, w, MCD_ARRAY_SIZE(w)) || !w[0].at)
		return 0;
	c->p = w[0].at;
	return toml_string(c, s);
}

static int pyproject_name(struct cur *c, struct sink *s)
{
	struct want w[] = {{"project.name", NULL}, {"tool.poetry.name", NULL}};

	if (!toml_find(c, w, MCD_ARRAY_SIZE(w)) || !(w[0].at || w[1].at))
		return 0;
	c->p = w[0].at ? w[0].at : w[1].at;
	return toml_string(c, s);
}

/* ---- pom.xml: the <artifactId> that is a child of <project> ---- */

static int xml_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static size_t xml_tag(struct cur *c)
{
	const char *start = c->p;

	while (more(c) && !xml_space(*c->p) && *c->p != '/' && *c->p != '>' && *c->p != '<')
		c->p++;
	return (size_t)(c->p - start);
}

/* The rest of a start tag, attributes and all; *EMPTY tells "<a/>". */
static int xml_attrs(struct cur *c, int *empty)
{
	for (;;) {
		int ch = peek(c);
		const char *q;

		if (ch < 0 || ch == '<')
			return 0;
		c->p++;
		if (ch == '"' || ch == '\'') {
			if (!(q = memchr(c->p, ch, (size_t)(c->end - c->p))))
				return 0;
			c->p = q + 1;
		} else if (ch == '>' || (ch == '/' && skip_lit(c, ">"))) {
			*empty = ch == '/';
			return 1;
		}
	}
}

/* An entity reference, C past the '&': the five predefined ones or a
 * character reference. */
static int xml_entity(struct cur *c, struct sink *s)
{
	static const char *const names[] = {"amp;", "lt;", "gt;", "quot;", "apos;"};
	static const char chars[] = "&<>\"'";
	unsigned long cp = 0;
	int base, digits = 0;
	size_t i;

	for (i = 0; i < MCD_ARRAY_SIZE(names); i++)
		if (skip_lit(c, names[i])) {
			putc_(s, chars[i]);
			return 1;
		}
	if (!skip_lit(c, "#"))
		return 0;
	base = skip_lit(c, "x") ? 16 : 10;
	for (;; c->p++, digits++) {
		int ch = peek(c), d;
		if (ch >= '0' && ch <= '9')
			d = ch - '0';
		else if (base == 16 && (ch | 0x20) >= 'a' && (ch | 0x20) <= 'f')
			d = (ch | 0x20) - 'a' + 10;
		else
			break;
		if (cp <= 0x10ffff)
			cp = cp * (unsigned long)base + (unsigned long)d;
	}
	if (!digits || !skip_lit(c, ";"))
		return 0;
	put_cp(s, cp);
	return 1;
}

/* The text of the element named TAG up to its end tag: character data,
 * entities and CDATA; comments dropped; a child element is not a name. */
static int xml_text(struct cur *c, struct sink *s, const char *tag, size_t len)
{
	for (;;) {
		const char *run = c->p, *end;

		while (more(c) && *c->p != '<' && *c->p != '&')
			c->p++;
		put(s, run, (size_t)(c->p - run));
		if (!more(c))
			return 0;
		if (skip_lit(c, "&")) {
			if (!xml_entity(c, s))
				return 0;
		} else if (skip_lit(c, "<!--")) {
			if (!skip_past(c, "-->"))
				return 0;
		} else if (skip_lit(c, "<![CDATA[")) {
			if (!(end = memmem(c->p, (size_t)(c->end - c->p), "]]>", 3)))
				return 0;
			put(s, c->p, (size_t)(end - c->p));
			c->p = end + 3;
		} else if (skip_lit(c, "<?")) {
			if (!skip_past(c, "?>"))
				return 0;
		} else if (skip_lit(c, "</")) {
			if (xml_tag(c) != len || memcmp(c->p - len, tag, len))
				return 0;
			while (more(c) && xml_space(*c->p))
				c->p++;
			return skip_lit(c, ">");
		} else {
			return 0;
		}
	}
}

static void trim_xml_space(struct buf *b)
{
	size_t start = 0, end = b->len;

	while (start < end && xml_space(b->data[start]))
		start++;
	while (end > start && xml_space(b->data[end - 1]))
		end--;
	memmove(b->data, b->data + start, end - start);
	buf_setlen(b, end - start);
}

static int pom_name(struct cur *c, struct sink *s)
{
	struct {
		const char *p;
		size_t n;
	} open[NEST_MAX];
	int depth = 0, root = 0, found = 0;

	s->cap = 4 * NAME_MAX_BYTES; /* room for blanks around the name */
	while (more(c)) {
		const char *tag, *lt = memchr(c->p, '<', (size_t)(c->end - c->p));
		size_t len;
		int empty;

		if (!lt)
			break;
		c->p = lt;
		if (skip_lit(c, "<!--")) {
			if (!skip_past(c, "-->"))
				return 0;
		} else if (skip_lit(c, "<![CDATA[")) {
			if (!skip_past(c, "]]>"))
				return 0;
		} else if (skip_lit(c, "<?")) {
			if (!skip_past(c, "?>"))
				return 0;
		} else if (skip_lit(c, "<!")) {
			if (depth || !xml_attrs(c, &empty)) /* <!DOCTYPE ...> */
				return 0;
		} else if (skip_lit(c, "</")) {
			tag = c->p;
			len = xml_tag(c);
			while (more(c) && xml_space(*c->p))
				c->p++;
			if (!depth || !skip_lit(c, ">") || len != open[depth - 1].n ||
			    memcmp(tag, open[depth - 1].p, len))
				return 0;
			if (!--depth)
				break;
		} else {
			c->p++;
			tag = c->p;
			len = xml_tag(c);
			if (!len || !xml_attrs(c, &empty))
				return 0;
			if (!depth && (root++ || len != 7 || memcmp(tag, "project", 7)))
				return 0;
			if (depth == 1 && !found && len == 10 && !memcmp(tag, "artifactId", 10)) {
				found = 1;
				if (!empty && !xml_text(c, s, tag, len))
					return 0;
				continue;
			}
			if (empty && !depth)
				break;
			if (!empty && depth == NEST_MAX)
				return 0;
			if (!empty)
				open[depth].p = tag, open[depth].n = len, depth++;
		}
	}
	if (!root || depth || !found)
		return 0;
	trim_xml_space(s->b);
	return 1;
}

/* ---- Chart.yaml, pubspec.yaml: the top-level name key ---- */

static int yaml_line_end(struct cur *c)
{
	skip_blanks(c);
	skip_lit(c, "\r");
	return !more(c) || peek(c) == '\n' || peek(c) == '#';
}

static int yaml_value(struct cur *c, struct sink *s)
{
	const char *run, *eol, *end;

	skip_blanks(c);
	if (skip_lit(c, "'")) {
		for (;;) {
			run = c->p;
			while (more(c) && *c->p != '\'' && *c->p != '\n')
				c->p++;
			put(s, run, (size_t)(c->p - run));
			if (!skip_lit(c, "'"))
				return 0;
			if (!skip_lit(c, "'"))
				return yaml_line_end(c);
			putc_(s, '\''); /* '' stands for one quote */
		}
	}
	if (skip_lit(c, "\"")) {
		for (;;) {
			run = c->p;
			while (more(c) && *c->p != '"' && *c->p != '\\' && *c->p != '\n')
				c->p++;
			put(s, run, (size_t)(c->p - run));
			if (skip_lit(c, "\""))
				return yaml_line_end(c);
			if (!skip_lit(c, "\\") || !escape(c, s, "abtnvfre \"/\\xuU"))
				return 0;
		}
	}
	/* a plain scalar; anchors, tags, block and flow styles are not names */
	if (!more(c) || !*c->p || strchr("|>[{&*!%@`#\r\n", *c->p))
		return 0;
	eol = memchr(c->p, '\n', (size_t)(c->end - c->p));
	eol = eol ? eol : c->end;
	for (end = c->p; end < eol && !(*end == '#' && xml_space(end[-1])); end++)
		;
	while (end > c->p && xml_space(end[-1]))
		end--;
	put(s, c->p, (size_t)(end - c->p));
	return 1;
}

static int yaml_name(struct cur *c, struct sink *s)
{
	skip_bom(c);
	while (more(c)) {
		if (skip_lit(c, "name")) {
			skip_blanks(c);
			if (skip_lit(c, ":") && (!more(c) || xml_space(*c->p)))
				return yaml_value(c, s);
		}
		skip_line(c);
	}
	return 0;
}

/* ---- line-based Python and R manifests ---- */

/* The value after "KEY SEP" on the current line, blanks trimmed. */
static int line_value(struct cur *c, struct sink *s)
{
	const char *eol, *end;

	skip_blanks(c);
	if (c->p >= c->end)
		return 0;
	eol = memchr(c->p, '\n', (size_t)(c->end - c->p));
	eol = eol ? eol : c->end;
	for (end = eol; end > c->p && (xml_space(end[-1]) || end[-1] == '\r'); end--)
		;
	if (end == c->p)
		return 0;
	put(s, c->p, (size_t)(end - c->p));
	return 1;
}

/* setup.cfg: "name = x" in the [metadata] section. */
static int setup_cfg_name(struct cur *c, struct sink *s)
{
	int in_metadata = 0;

	skip_bom(c);
	while (more(c)) {
		if (peek(c) == '[')
			in_metadata = skip_lit(c, "[metadata]");
		else if (in_metadata && skip_lit(c, "name")) {
			skip_blanks(c);
			if (skip_lit(c, "=") || skip_lit(c, ":"))
				return line_value(c, s);
		}
		skip_line(c);
	}
	return 0;
}

/* setup.py: the first name='x' or name="x" after "setup(": only a string
 * literal counts; a name computed by the script is no name. */
static int setup_py_name(struct cur *c, struct sink *s)
{
	const char *run, *base = c->p;
	char quote;

	if (!skip_past(c, "setup("))
		return 0;
	while (skip_past(c, "name")) {
		unsigned char before = c->p - 5 >= base ? (unsigned char)c->p[-5] : ' ';
		if (((before | 32) >= 'a' && (before | 32) <= 'z') || (before >= '0' && before <= '9') ||
		    before == '_')
			continue; /* package_name=..., not name= */
		skip_blanks(c);
		if (!skip_lit(c, "="))
			continue;
		skip_blanks(c);
		if (!more(c) || (*c->p != '\'' && *c->p != '"'))
			return 0;
		quote = *c->p++;
		run = c->p;
		while (more(c) && *c->p != quote && *c->p != '\n' && *c->p != '\\')
			c->p++;
		if (!more(c) || *c->p != quote)
			return 0;
		put(s, run, (size_t)(c->p - run));
		return 1;
	}
	return 0;
}

/* R's DESCRIPTION (Debian control format): "Package: name" at column 0. */
static int r_description_name(struct cur *c, struct sink *s)
{
	skip_bom(c);
	while (more(c)) {
		if (skip_lit(c, "Package:"))
			return line_value(c, s);
		skip_line(c);
	}
	return 0;
}

/* ---- *.csproj, *.fsproj, *.vbproj: the file's stem ---- */

/* Is the file name F (N bytes) a .NET project: *.csproj, or its F# and
 * Visual Basic siblings? ".csproj" has no stem. */
static int is_csproj(const char *f, size_t n)
{
	return n > 7 && !memcmp(f + n - 7, ".", 1) && !memcmp(f + n - 4, "proj", 4) &&
	       (!memcmp(f + n - 6, "cs", 2) || !memcmp(f + n - 6, "fs", 2) ||
	        !memcmp(f + n - 6, "vb", 2));
}

/* C is over the file's name, not its contents. */
static int csproj_stem(struct cur *c, struct sink *s)
{
	const char *base = c->p, *dot = NULL, *p;

	for (p = c->p; p < c->end; p++)
		if (*p == '/')
			base = p + 1, dot = NULL;
		else if (*p == '.')
			dot = p;
	if (!dot)
		return 0;
	put(s, base, (size_t)(dot - base));
	return 1;
}

/* ---- the kinds, and the dispatch ---- */

/* Every manifest whose contents declare a name, one line each: its file
 * name, its kind (the value stored in snapshots, manifest.h) and the parser
 * that finds the name in the contents. manifest_kind() recognises these
 * names, manifest_name() calls these parsers, and manifest_file_name()
 * gives a refresh these files to re-check: a kind added here is all three.
 * X(ARG, file, kind, parser) is expanded once for each. */
#define NAMED_BY_CONTENTS(X, ARG)                                                                   \
	X(ARG, "package.json", MANIFEST_PACKAGE_JSON, json_name)                                    \
	X(ARG, "go.mod", MANIFEST_GO_MOD, go_mod)                                                   \
	X(ARG, "Cargo.toml", MANIFEST_CARGO_TOML, cargo_name)                                       \
	X(ARG, "pom.xml", MANIFEST_POM_XML, pom_name)                                               \
	X(ARG, "pyproject.toml", MANIFEST_PYPROJECT_TOML, pyproject_name)                           \
	X(ARG, "Chart.yaml", MANIFEST_CHART_YAML, yaml_name)                                        \
	X(ARG, "composer.json", MANIFEST_COMPOSER_JSON, json_name)                                  \
	X(ARG, "pubspec.yaml", MANIFEST_PUBSPEC_YAML, yaml_name)                                    \
	X(ARG, "setup.cfg", MANIFEST_SETUP_CFG, setup_cfg_name)                                     \
	X(ARG, "setup.py", MANIFEST_SETUP_PY, setup_py_name)                                        \
	X(ARG, "DESCRIPTION", MANIFEST_R_DESCRIPTION, r_description_name)

/* The files that make a folder a project without naming it: MANIFEST_MARKER.
 * X(ARG, file) is expanded once for each. */
#define MARKER_FILES(X, ARG)                                                                        \
	X(ARG, "BUILD") X(ARG, "BUILD.bazel") X(ARG, "build.gradle") X(ARG, "build.gradle.kts")     \
	X(ARG, "Dockerfile")

/* Every kind: where its name comes from, and how it is found. Those of
 * NAMED_BY_CONTENTS read the contents; MANIFEST_CSPROJ is recognised by a
 * rule, is_csproj(), and named by the file's name; MANIFEST_MARKER names
 * nothing. */
static const struct kind {
	const char *file; /* its one file name; NULL: MARKER_FILES, is_csproj() */
	int (*parse)(struct cur *c, struct sink *s); /* NULL: it declares no name */
	int from_contents; /* 1: PARSE reads the contents, 0: the file's name */
} kinds[MANIFEST__COUNT] = {
#define KIND(unused, file, kind, parse) [kind] = {file, parse, 1},
	NAMED_BY_CONTENTS(KIND, )
#undef KIND
	[MANIFEST_CSPROJ] = {NULL, csproj_stem, 0},
	[MANIFEST_MARKER] = {NULL, NULL, 0},
};

/* manifest_kind() has a case for each length of name up to this one. */
#define LONGEST_NAME 16
#define FITS(unused, file, ...)                                                                     \
	_Static_assert(sizeof(file) - 1 <= LONGEST_NAME, "manifest_kind() needs a longer case: " file);
NAMED_BY_CONTENTS(FITS, )
MARKER_FILES(FITS, )
#undef FITS

/* Called for every file of the tree: one strlen, a switch on the length,
 * and at most three compares of a constant size, which compilers inline.
 * Each case is made from the lists above: the test of the length in
 * IS() is constant, so only the names of that length are left in it. */
enum manifest_kind manifest_kind(const char *f)
{
	size_t n = strlen(f);

#define IS(len, lit) (sizeof(lit) - 1 == (len) && !memcmp(f, lit, sizeof(lit))) /* NUL included */
#define NAMED(len, file, kind, parse)                                                               \
	if (IS(len, file))                                                                          \
		return kind;
#define MARKER(len, file)                                                                           \
	if (IS(len, file))                                                                          \
		return MANIFEST_MARKER;
#define LENGTH(len)                                                                                 \
	case len:                                                                                   \
		NAMED_BY_CONTENTS(NAMED, len) MARKER_FILES(MARKER, len) break;
	switch (n) {
		LENGTH(1) LENGTH(2) LENGTH(3) LENGTH(4) LENGTH(5) LENGTH(6) LENGTH(7) LENGTH(8)
		LENGTH(9) LENGTH(10) LENGTH(11) LENGTH(12) LENGTH(13) LENGTH(14) LENGTH(15) LENGTH(16)
	}
#undef LENGTH
#undef MARKER
#undef NAMED
#undef IS
	if (is_csproj(f, n))
		return MANIFEST_CSPROJ;
	return MANIFEST_NONE;
}

int manifest_needs_contents(enum manifest_kind kind)
{
	return (unsigned)kind < MANIFEST__COUNT && kinds[kind].from_contents;
}

const char *manifest_file_name(enum manifest_kind kind)
{
	return manifest_needs_contents(kind) ? kinds[kind].file : NULL;
}

int manifest_name(enum manifest_kind kind, const char *filename, const char *buf, size_t len,
                  struct buf *name)
{
	struct cur c = {buf ? buf : "", buf ? buf + len : ""};
	struct sink s = {name, NULL, NAME_MAX_BYTES, 0, 0};
	int ok = 0;

	buf_setlen(name, 0);
	if ((unsigned)kind < MANIFEST__COUNT && kinds[kind].parse) {
		if (!kinds[kind].from_contents)
			c.p = filename ? filename : "", c.end = c.p + strlen(c.p);
		ok = kinds[kind].parse(&c, &s);
	}
	if (ok && !s.bad && valid_name(name))
		return 1;
	buf_setlen(name, 0);
	return 0;
}
