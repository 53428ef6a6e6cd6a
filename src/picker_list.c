/* picker_list.c - the picker's list: the matches of the line being
 * edited, by the number rule, one selected, drawn below the prompt line
 * (picker.h) */
#include "picker.h"

#include <stdlib.h>
#include <string.h>

void picker_list_init(struct picker_list *l, struct query *qy, size_t rows, int cols)
{
	memset(l, 0, sizeof(*l));
	l->qy = qy;
	l->rows = rows ? rows : 1;
	l->cols = cols;
}

static void clear_entries(struct picker_list *l)
{
	while (l->ne) {
		l->ne--;
		free(l->e[l->ne].label);
		free(l->e[l->ne].abs);
	}
}

static void free_words(struct picker_list *l)
{
	while (l->nwords)
		free(l->words[--l->nwords]);
	free(l->words);
	l->words = NULL;
}

void picker_list_release(struct picker_list *l)
{
	clear_entries(l);
	free(l->e);
	l->e = NULL;
	l->cap = 0;
	if (l->rq_live)
		rank_query_release(&l->rq);
	l->rq_live = 0;
	free_words(l);
}

/* Fetch matches until there are N (or no more). */
static void fetch(struct picker_list *l, size_t n)
{
	const struct cand *c;
	const char *abs;

	while (l->more && l->ne < n) {
		c = query_next(l->qy, &abs);
		if (!c) {
			l->more = 0;
			l->failed |= l->qy->failed;
			break;
		}
		if (l->ne == l->cap)
			l->e = xrealloc(l->e, (l->cap = l->cap ? 2 * l->cap : 32) * sizeof(*l->e));
		l->e[l->ne].label = picker_label(abs, l->qy->root);
		l->e[l->ne].abs = xstrdup(abs);
		l->ne++;
	}
}

/* Rank the words of TEXT's first LEN bytes; the matches are fetched as
 * they are needed. */
static void run_query(struct picker_list *l, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *start;

	clear_entries(l);
	if (l->rq_live)
		rank_query_release(&l->rq);
	free_words(l);
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		start = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		l->words = xrealloc(l->words, (l->nwords + 1) * sizeof(*l->words));
		l->words[l->nwords++] = xmemdup(start, (size_t)(p - start));
	}
	rank_query_init(&l->rq, l->words, l->nwords);
	l->rq_live = 1;
	l->more = query_find(l->qy, &l->rq, l->rows) == 0;
	l->failed |= !l->more;
	l->sel = l->top = 0;
}

void picker_list_rank(struct picker_list *l, const char *line)
{
	size_t before, k = picker_number(line, &before);

	if (k) {
		run_query(l, line, before);
		fetch(l, k);
		if (l->ne >= k) {
			l->sel = k - 1;
			l->top = l->sel >= l->rows ? l->sel + 1 - l->rows : 0;
			return;
		}
	}
	run_query(l, line, strlen(line));
	fetch(l, l->rows);
}

void picker_list_move(struct picker_list *l, long d)
{
	if (d > 0) {
		fetch(l, l->sel + (size_t)d + 1);
		l->sel = l->sel + (size_t)d < l->ne ? l->sel + (size_t)d : (l->ne ? l->ne - 1 : 0);
	} else {
		l->sel = l->sel > (size_t)-d ? l->sel - (size_t)-d : 0;
	}
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + l->rows)
		l->top = l->sel + 1 - l->rows;
}

void picker_list_resize(struct picker_list *l, size_t rows, int cols)
{
	l->rows = rows ? rows : 1;
	l->cols = cols;
	if (l->sel >= l->top + l->rows)
		l->top = l->sel + 1 - l->rows;
}

const struct picker_entry *picker_list_selected(const struct picker_list *l)
{
	return l->ne ? &l->e[l->sel] : NULL;
}

static void draw_entry(const struct picker_list *l, struct buf *b, size_t i, int digits)
{
	const struct picker_entry *e = &l->e[i];
	size_t len = strlen(e->label), width = l->cols > 1 ? (size_t)l->cols - 1 : 0;
	size_t prefix = (size_t)digits + 3;
	unsigned char *marks = xmalloc(len + 1);
	int sel = i == l->sel;

	picker_marks(e->label, len, l->words, l->nwords, marks);
	if (sel && l->colour)
		buf_adds(b, "\033[7m");
	buf_addf(b, "%s%*zu ", sel ? "> " : "  ", digits, i + 1);
	picker_render(b, e->label, len, marks, width > prefix ? width - prefix : 0, l->colour,
	              l->utf8);
	if (sel && l->colour)
		buf_adds(b, "\033[m");
	free(marks);
}

void picker_list_draw(struct picker_list *l, struct buf *b)
{
	size_t i, last;
	int digits = 1;

	fetch(l, l->top + l->rows);
	last = l->top + l->rows < l->ne ? l->top + l->rows : l->ne;
	for (i = last; i >= 10; i /= 10)
		digits++;
	buf_adds(b, "\0337");
	if (!l->ne)
		buf_adds(b,
		         l->colour ? "\r\n\033[K  \033[2mno match\033[m" : "\r\n\033[K  no match");
	for (i = l->top; i < last; i++) {
		buf_adds(b, "\r\n\033[K");
		draw_entry(l, b, i, digits);
	}
	buf_adds(b, "\033[J\0338");
}
