/* manifest_lines.c - the line-based manifests: go.mod, Chart.yaml and pubspec.yaml,
 * setup.cfg, setup.py, R's DESCRIPTION */
#include "manifest_cursor.h"

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

int go_mod(struct cur *c, struct sink *s)
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
	for (end = c->p; end < eol && !(*end == '#' && is_space(end[-1])); end++)
		;
	while (end > c->p && is_space(end[-1]))
		end--;
	put(s, c->p, (size_t)(end - c->p));
	return 1;
}

int yaml_name(struct cur *c, struct sink *s)
{
	skip_bom(c);
	while (more(c)) {
		if (skip_lit(c, "name")) {
			skip_blanks(c);
			if (skip_lit(c, ":") && (!more(c) || is_space(*c->p)))
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
	for (end = eol; end > c->p && (is_space(end[-1]) || end[-1] == '\r'); end--)
		;
	if (end == c->p)
		return 0;
	put(s, c->p, (size_t)(end - c->p));
	return 1;
}

/* setup.cfg: "name = x" in the [metadata] section. */
int setup_cfg_name(struct cur *c, struct sink *s)
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
int setup_py_name(struct cur *c, struct sink *s)
{
	const char *run, *base = c->p;
	char quote;

	if (!skip_past(c, "setup("))
		return 0;
	while (skip_past(c, "name")) {
		unsigned char before = c->p - 5 >= base ? (unsigned char)c->p[-5] : ' ';
		if (((before | 32) >= 'a' && (before | 32) <= 'z') ||
		    (before >= '0' && before <= '9') || before == '_')
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
int r_description_name(struct cur *c, struct sink *s)
{
	skip_bom(c);
	while (more(c)) {
		if (skip_lit(c, "Package:"))
			return line_value(c, s);
		skip_line(c);
	}
	return 0;
}
