/* manifest_cursor.c - the cursor and sink helpers too big to inline */
#include "manifest_cursor.h"

int skip_past(struct cur *c, const char *lit)
{
	size_t n = strlen(lit);
	const char *at = memmem(c->p, (size_t)(c->end - c->p), lit, n);

	if (!at)
		return 0;
	c->p = at + n;
	return 1;
}

void put_cp(struct sink *s, unsigned long cp)
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

int hex(struct cur *c, int digits, unsigned long *cp)
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

int escape(struct cur *c, struct sink *s, const char *allowed)
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
