/* keywords.c - what the user typed, as a query: the keywords normalised,
 * the forms they take (Gradle's ":a:b", "a/b"), the anchors of the earlier
 * ones, and the short forms of declared names */
#include "keywords.h"

#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "util.h"

static void query_push(struct rank_query *q, const char *s, size_t len)
{
	if (!len)
		return;
	q->kw = xrealloc(q->kw, (q->n + 1) * sizeof(*q->kw));
	q->len = xrealloc(q->len, (q->n + 1) * sizeof(*q->len));
	q->kw[q->n] = match_normalize(xmemdup(s, len));
	q->len[q->n] = len;
	q->n++;
}

void rank_query_init(struct rank_query *q, char *const *keywords, size_t n)
{
	struct buf k = BUF_INIT;
	size_t i;

	memset(q, 0, sizeof(*q));
	while (n && !keywords[n - 1][0])
		n--;
	for (i = 0; i < n; i++) {
		const char *slash;

		buf_setlen(&k, 0);
		buf_adds(&k, keywords[i]);
		if (k.data[0] == ':' && k.len > 1) {
			/* Gradle's project path: ":exporters:common" */
			char *c;
			for (c = k.data; *c; c++)
				if (*c == ':')
					*c = '/';
			memmove(k.data, k.data + 1, k.len);
			k.len--;
		}
		/* trailing slashes say "a directory", which all candidates are */
		while (k.len > 1 && k.data[k.len - 1] == '/')
			buf_setlen(&k, k.len - 1);
		if (i + 1 < n) {
			query_push(q, k.data, k.len);
			continue;
		}
		q->nbefore = q->n;
		q->full = match_normalize(xmemdup(keywords[i], strlen(keywords[i])));
		q->fulllen = strlen(q->full);
		slash = memrchr(k.data, '/', k.len);
		if (slash && slash > k.data && (size_t)(slash - k.data) + 1 < k.len) {
			/* "api/user": "api" along the path, "user" last */
			query_push(q, k.data, (size_t)(slash - k.data));
			query_push(q, slash + 1, k.len - (size_t)(slash - k.data) - 1);
		} else {
			query_push(q, k.data, k.len);
		}
	}
	buf_release(&k);
}

void rank_query_last(struct rank_query *out, const struct rank_query *q)
{
	memset(out, 0, sizeof(*out));
	if (!q->n)
		return;
	/* the last keyword is a subsequence of the whole last one as typed
	   (a tail of it, or its Gradle form): it may stand for both */
	query_push(out, q->kw[q->n - 1], q->len[q->n - 1]);
	out->full = xmemdup(out->kw[0], out->len[0]);
	out->fulllen = out->len[0];
}

void rank_query_anchor(struct rank_query *q, size_t kw, const char *path, size_t len)
{
	q->anchors = xrealloc(q->anchors, (q->nanchors + 1) * sizeof(*q->anchors));
	q->anchors[q->nanchors++] = (struct rank_anchor){kw, xmemdup(path, len), len};
}

void rank_query_unanchor(struct rank_query *q)
{
	size_t i;

	for (i = 0; i < q->nanchors; i++)
		free(q->anchors[i].path);
	free(q->anchors);
	q->anchors = NULL;
	q->nanchors = 0;
}

void rank_query_release(struct rank_query *q)
{
	size_t i;

	rank_query_unanchor(q);
	for (i = 0; i < q->n; i++)
		free(q->kw[i]);
	free(q->kw);
	free(q->len);
	free(q->full);
	memset(q, 0, sizeof(*q));
}

const char *rank_short_name(const char *name, size_t len, size_t *outlen)
{
	const char *slash;
	size_t n = len;

	slash = memrchr(name, '/', n);
	if (slash && slash[1] == 'v' && slash[2] >= '0' && slash[2] <= '9' &&
	    strspn(slash + 2, "0123456789") == n - (size_t)(slash + 2 - name))
		n = (size_t)(slash - name); /* a Go major version suffix */
	slash = memrchr(name, '/', n);
	if (!slash) {
		*outlen = n;
		return name;
	}
	*outlen = n - (size_t)(slash + 1 - name);
	return slash + 1;
}
