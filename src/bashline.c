/* bashline.c - bash's side of TAB completion: split the command line as
 * bash does, quote the answers for it, render them for the function */
#include "bashline.h"

#include <stdlib.h>
#include <string.h>

#define BASH_WORDBREAKS "\"'><=;|&(:"

void bash_line_release(struct bash_line *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		free(l->words[i]);
	free(l->words);
	free(l->raw);
	memset(l, 0, sizeof(*l));
}

static void push_word(struct bash_line *l, struct buf *w)
{
	l->words = xrealloc(l->words, (l->n + 1) * sizeof(*l->words));
	l->words[l->n++] = xmemdup(w->data ? w->data : "", w->len);
	buf_setlen(w, 0);
}

void bash_line_split(const char *line, const char *wordbreaks, struct bash_line *out)
{
	struct buf w = BUF_INIT, raw = BUF_INIT;
	size_t i, breakat = 0;
	int quote = 0, inword = 0;

	memset(out, 0, sizeof(*out));
	if (!wordbreaks)
		wordbreaks = BASH_WORDBREAKS;
	for (i = 0; line[i]; i++) {
		char c = line[i];

		if (quote == '\'') {
			if (c == '\'')
				quote = 0;
			else
				buf_addch(&w, c);
			buf_addch(&raw, c);
			continue;
		}
		if (quote == '"') {
			if (c == '"')
				quote = 0;
			else if (c == '\\' && line[i + 1] && strchr("$`\"\\\n", line[i + 1]))
				buf_addch(&w, line[++i]), buf_addch(&raw, c), c = line[i];
			else
				buf_addch(&w, c);
			buf_addch(&raw, c);
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || strchr(";|&()<>", c)) {
			if (inword)
				push_word(out, &w);
			inword = 0;
			buf_setlen(&raw, 0);
			breakat = 0;
			if (strchr(";|&()\n", c)) {
				/* a new command starts: forget the words so far */
				while (out->n)
					free(out->words[--out->n]);
			}
			continue;
		}
		inword = 1;
		if (c == '\\') {
			buf_addch(&raw, c);
			if (line[i + 1]) {
				buf_addch(&w, line[++i]);
				buf_addch(&raw, line[i]);
			}
			continue;
		}
		buf_addch(&raw, c);
		if (c == '\'' || c == '"') {
			quote = c;
			breakat = raw.len; /* readline completes the text inside */
			continue;
		}
		buf_addch(&w, c);
		if (strchr(wordbreaks, c) && c != '"' && c != '\'')
			breakat = raw.len;
	}
	if (!quote && !inword)
		buf_setlen(&raw, 0), breakat = 0;
	push_word(out, &w);
	out->raw = xmemdup(raw.data ? raw.data : "", raw.len);
	out->breakat = breakat;
	out->quote = quote;
	/* the command name is not an argument */
	if (out->n > 1) {
		free(out->words[0]);
		memmove(out->words, out->words + 1, (out->n - 1) * sizeof(*out->words));
		out->n--;
	}
	buf_release(&w);
	buf_release(&raw);
}

static int bash_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("_./@%+,-", c) || c >= 0x80;
}

void bash_quote(struct buf *out, const char *s)
{
	const unsigned char *p;
	int control = 0;

	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			control = 1;
	if (control) {
		buf_adds(out, "$'");
		for (p = (const unsigned char *)s; *p; p++) {
			if (*p == '\'' || *p == '\\')
				buf_addch(out, '\\'), buf_addch(out, (char)*p);
			else if (*p == '\n')
				buf_adds(out, "\\n");
			else if (*p == '\t')
				buf_adds(out, "\\t");
			else if (*p < 0x20 || *p == 0x7f)
				buf_addf(out, "\\x%02x", *p);
			else
				buf_addch(out, (char)*p);
		}
		buf_addch(out, '\'');
		return;
	}
	for (p = (const unsigned char *)s; *p; p++) {
		if (!bash_safe(*p))
			buf_addch(out, '\\');
		buf_addch(out, (char)*p);
	}
}

void bash_quote_in(struct buf *out, const char *s, int quote)
{
	for (; *s; s++) {
		if (quote == '\'' && *s == '\'')
			buf_adds(out, "'\\''");
		else if (quote == '"' && strchr("\"$`\\", *s))
			buf_addch(out, '\\'), buf_addch(out, *s);
		else
			buf_addch(out, *s);
	}
}

/* The bash text for S in the context of the word LN is completing. */
static char *bash_entry(const struct bash_line *ln, const char *s)
{
	struct buf b = BUF_INIT;

	if (ln->quote) {
		/* readline replaces the text after the open quote: what came
		   before it in the word must already be S's start */
		const char *dq = ln->n ? ln->words[ln->n - 1] : "";
		size_t keep = 0;
		char *q = memrchr(ln->raw, ln->quote, strlen(ln->raw));
		if (q && q > ln->raw) {
			/* dequoted text before the quote: the word minus the
			   part typed inside it */
			size_t inside = strlen(q + 1);
			keep = strlen(dq) >= inside ? strlen(dq) - inside : 0;
		}
		if (strncmp(s, dq, keep))
			keep = 0;
		bash_quote_in(&b, s + keep, ln->quote);
	} else {
		/* a ~/ typed as such stays a tilde for bash to expand, as in
		   its own completion of file names */
		int tilde = s[0] == '~' && s[1] == '/' && ln->raw[0] == '~' && !ln->breakat;
		if (tilde)
			buf_addch(&b, '~');
		bash_quote(&b, s + tilde);
		if (ln->breakat && b.len >= ln->breakat && !strncmp(b.data, ln->raw, ln->breakat))
			memmove(b.data, b.data + ln->breakat, b.len - ln->breakat + 1);
	}
	if (!b.data)
		buf_adds(&b, "");
	return b.data;
}

void bash_render(const struct complete_list *l, const struct bash_line *ln, struct buf *out)
{
	const char *typed = ln->raw + ln->breakat;
	char **e = xcalloc(l->n + 1, sizeof(*e));
	size_t i, n = 0, lcd = 0;
	int space = 1;

	/* one candidate: its exact text; several: what people read, as
	   typeable text (their longest common prefix may be inserted) */
	for (i = 0; i < l->n; i++)
		if (l->v[i].kind != COMPLETE_DIRS && l->v[i].kind != COMPLETE_FILES &&
		    l->v[i].kind != COMPLETE_PICKER)
			n++;
	for (i = 0, n = n > 1; i < l->n; i++) {
		const struct complete_item *it = &l->v[i];
		if (it->kind == COMPLETE_DIRS || it->kind == COMPLETE_FILES ||
		    it->kind == COMPLETE_PICKER)
			continue;
		if (it->kind == COMPLETE_DIR)
			space = 0;
		e[lcd++] =
		    bash_entry(ln, n && it->kind == COMPLETE_TARGET ? it->display : it->insert);
	}
	n = lcd;
	if (complete_has(l, COMPLETE_PICKER))
		buf_adds(out, "picker");
	else if (complete_has(l, COMPLETE_FILES))
		buf_adds(out, "files");
	else if (!space && n == 1)
		buf_adds(out, "nospace");
	else
		buf_adds(out, "-");
	buf_addch(out, '\n');
	if (n > 1) {
		/* readline replaces the typed word by the entries' longest
		   common prefix: when that is not an extension of what was
		   typed (a fuzzy query), one more entry makes it empty, so
		   the typed text stays */
		lcd = strlen(e[0]);
		for (i = 1; i < n; i++) {
			size_t k = 0;
			while (k < lcd && e[i][k] == e[0][k])
				k++;
			lcd = k;
		}
		if (lcd && (lcd < strlen(typed) || strncmp(e[0], typed, strlen(typed)))) {
			e = xrealloc(e, (n + 2) * sizeof(*e));
			e[n++] = xstrdup(typed[0] && typed[0] != e[0][0] ? typed : " ");
		}
	}
	for (i = 0; i < n; i++) {
		buf_adds(out, e[i]);
		buf_addch(out, '\n');
		free(e[i]);
	}
	free(e);
}
