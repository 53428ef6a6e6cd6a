/* manifest_json.c - package.json, composer.json: the root object's "name" */
#include "manifest_cursor.h"

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

int json_name(struct cur *c, struct sink *s)
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
