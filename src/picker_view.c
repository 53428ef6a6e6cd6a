/* picker_view.c - what the picker draws, without a terminal: the number
 * rule, labels, matched letters, lines cut to the width (picker.h) */
#include "picker.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "match.h"
#include "prefilter.h"

size_t picker_number(const char *line, size_t *before)
{
	size_t end = strlen(line), start, k = 0, i;

	*before = end;
	while (end && isspace((unsigned char)line[end - 1]))
		end--;
	start = end;
	while (start && isdigit((unsigned char)line[start - 1]))
		start--;
	if (start == end || end - start > 4 || (start && !isspace((unsigned char)line[start - 1])))
		return 0;
	for (i = start; i < end; i++)
		k = k * 10 + (size_t)(line[i] - '0');
	if (k < 1 || k > PICKER_NUMBER)
		return 0;
	*before = start;
	return k;
}

char *picker_label(const char *abs, const char *root)
{
	size_t n = root ? strlen(root) : 0;

	if (root && !strcmp(abs, root))
		return xstrdup(".");
	if (root && n > 1 && !strncmp(abs, root, n) && abs[n] == '/')
		return xstrdup(abs + n + 1);
	if (root && !strcmp(root, "/") && abs[0] == '/' && abs[1])
		return xstrdup(abs + 1);
	return xstrdup(abs);
}

/* Mark the first place at or after FROM (below END) where the folded
 * NEEDLE occurs in LABEL; returns the offset past it, or -1. */
static long mark_substring(const char *needle, size_t nlen, const char *label, size_t end,
                           size_t from, unsigned char *marks)
{
	long past = match_find(needle, nlen, label, end, from);

	if (past >= 0)
		memset(marks + (size_t)past - nlen, 1, nlen);
	return past;
}

/* Mark NEEDLE's letters scattered through LABEL[FROM, END), each as early
 * as it comes; nothing unless all of them are there. */
static void mark_scattered(const char *needle, size_t nlen, const char *label, size_t end,
                           size_t from, unsigned char *marks)
{
	size_t i, k = 0;

	for (i = from; i < end && k < nlen; i++)
		if (prefilter_fold((unsigned char)label[i]) == (unsigned char)needle[k])
			k++;
	if (k < nlen)
		return;
	for (i = from, k = 0; i < end && k < nlen; i++)
		if (prefilter_fold((unsigned char)label[i]) == (unsigned char)needle[k])
			marks[i] = 1, k++;
}

/* Mark one word (folded, W): an earlier one along the path from *FROM,
 * before the last component (at LAST) if it can; the last one in the last
 * component, as a substring, else as scattered letters. */
static void mark_word(const struct buf *w, int is_last, const char *label, size_t len, size_t last,
                      size_t *from, unsigned char *marks)
{
	long past;

	if (!w->len)
		return;
	if (!is_last) {
		past = mark_substring(w->data, w->len, label, last, *from, marks);
		if (past < 0)
			past = mark_substring(w->data, w->len, label, len, *from, marks);
		if (past >= 0)
			*from = (size_t)past;
		return;
	}
	if (last < *from)
		last = *from;
	if (mark_substring(w->data, w->len, label, len, last, marks) < 0)
		mark_scattered(w->data, w->len, label, len, last, marks);
}

void picker_marks(const char *label, size_t len, char *const *words, size_t n, unsigned char *marks)
{
	size_t from = 0, last = len, i;
	struct buf w = BUF_INIT;

	memset(marks, 0, len);
	while (last && label[last - 1] != '/')
		last--;
	for (i = 0; i < n; i++) {
		const char *slash = i + 1 == n ? strrchr(words[i], '/') : NULL;

		buf_setlen(&w, 0);
		if (slash) {
			/* a last word "a/b": "a" along the path, "b" last */
			buf_add(&w, words[i], (size_t)(slash - words[i]));
			match_normalize(w.data);
			mark_word(&w, 0, label, len, last, &from, marks);
			buf_setlen(&w, 0);
			buf_adds(&w, slash + 1);
		} else {
			buf_adds(&w, words[i]);
		}
		match_normalize(w.data);
		mark_word(&w, i + 1 == n, label, len, last, &from, marks);
	}
	buf_release(&w);
}

/* One drawn piece of a label: the bytes it shows, the columns they take,
 * whether it is highlighted. */
struct unit {
	char text[8];
	unsigned char len, width, marked;
};

/* The unit of LABEL at S (N bytes left); returns the bytes it consumes. */
static size_t next_unit(const unsigned char *s, size_t n, struct unit *u)
{
	unsigned cp = 0;
	size_t len = utf8_char(s, n, &cp);
	int w;

	if (len == 1 && cp >= 0x20 && cp != 0x7f && cp != '\\') {
		u->text[0] = (char)cp;
		u->len = u->width = 1;
	} else if (len > 1 && cp >= 0xa0) {
		memcpy(u->text, s, len);
		u->len = (unsigned char)len;
		w = wcwidth((wchar_t)cp);
		u->width = (unsigned char)(w < 0 ? 1 : w);
	} else if (len == 1 && (cp == '\n' || cp == '\t' || cp == '\\')) {
		u->text[0] = '\\';
		u->text[1] = cp == '\n' ? 'n' : cp == '\t' ? 't' : '\\';
		u->len = u->width = 2;
	} else {
		/* another control (C0, DEL, C1) or invalid UTF-8: byte by byte */
		static const char hex[] = "0123456789abcdef";
		memcpy(u->text, "\\x", 2);
		u->text[2] = hex[s[0] >> 4];
		u->text[3] = hex[s[0] & 15];
		u->len = u->width = 4;
		return 1;
	}
	return len ? len : 1;
}

size_t picker_render(struct buf *out, const char *label, size_t len, const unsigned char *marks,
                     size_t width, int colour, int utf8)
{
	const unsigned char *s = (const unsigned char *)label;
	const char *ellipsis = utf8 ? "\xe2\x80\xa6" : "...";
	size_t ellw = utf8 ? 1 : 3, n = 0, cap = 0, i, total = 0, first = 0, used;
	struct unit *u = NULL;
	int on = 0;

	for (i = 0; i < len; n++) {
		size_t k;
		if (n == cap)
			u = xrealloc(u, (cap = cap ? 2 * cap : 64) * sizeof(*u));
		k = next_unit(s + i, len - i, &u[n]);
		u[n].marked = marks && memchr(marks + i, 1, k) != NULL;
		total += u[n].width;
		i += k;
	}
	used = total;
	if (total > width) {
		/* the end of the path tells folders apart: cut the start */
		size_t room = width > ellw ? width - ellw : 0;
		while (first < n && total > room)
			total -= u[first++].width;
		used = total;
		if (width >= ellw) {
			buf_adds(out, ellipsis);
			used += ellw;
		}
	}
	for (i = first; i < n; i++) {
		if (colour && u[i].marked != on) {
			buf_adds(out, u[i].marked ? PICKER_HL_ON : PICKER_HL_OFF);
			on = u[i].marked;
		}
		buf_add(out, u[i].text, u[i].len);
	}
	if (on)
		buf_adds(out, PICKER_HL_OFF);
	free(u);
	return used;
}
