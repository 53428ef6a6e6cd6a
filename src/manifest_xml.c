/* manifest_xml.c - pom.xml: the <artifactId> that is a child of <project> */
#include "manifest_cursor.h"

static size_t xml_tag(struct cur *c)
{
	const char *start = c->p;

	while (more(c) && !is_space(*c->p) && *c->p != '/' && *c->p != '>' && *c->p != '<')
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
			while (more(c) && is_space(*c->p))
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

	while (start < end && is_space(b->data[start]))
		start++;
	while (end > start && is_space(b->data[end - 1]))
		end--;
	memmove(b->data, b->data + start, end - start);
	buf_setlen(b, end - start);
}

int pom_name(struct cur *c, struct sink *s)
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
			while (more(c) && is_space(*c->p))
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
