/* keywords.h - what the user typed, as a query
 *
 * The keywords of `mcd KEYWORD...`, normalised (folded, prefilter.h) once:
 * the earlier ones must appear along a path, the last one names the last
 * component or a declared name. Gradle's ":api:all" means api/all; a last
 * keyword "api/user" is split at its last slash. An earlier keyword that
 * is a folder's declared name is anchored to that folder.
 */
#ifndef MCD_KEYWORDS_H
#define MCD_KEYWORDS_H

#include <stddef.h>

/* A folder whose declared name is an earlier keyword ("pacquet" in "mcd
 * pacquet src"): what is at or below it has that keyword along its path. */
struct rank_anchor {
	size_t kw;  /* the keyword, kw[0..nbefore) */
	char *path; /* repository-relative */
	size_t len;
};

struct rank_query {
	char **kw; /* normalised keywords for the path; the last one is
	              matched against the last component */
	size_t *len;
	size_t n;
	char *full; /* the last keyword whole, for declared names ("@acme/ui") */
	size_t fulllen;
	size_t nbefore;              /* keywords before the last one as typed: kw[0..nbefore) */
	struct rank_anchor *anchors; /* rank_query_anchor() */
	size_t nanchors;
};

/* Parse KEYWORDS into Q (copies, normalised). Empty keywords are dropped.
 * A last keyword with '/' ("api/user") is split: the part before its last
 * '/' must appear along the path. A keyword in Gradle's form ":api:all"
 * means the path "api/all". Release with rank_query_release. */
void rank_query_init(struct rank_query *q, char *const *keywords, size_t n);
void rank_query_release(struct rank_query *q);

/* Earlier keyword KW (< Q->nbefore) is the declared name of the folder
 * PATH (LEN bytes, relative to the repository's root): what is at or below
 * it matches that keyword. PATH is copied. */
void rank_query_anchor(struct rank_query *q, size_t kw, const char *path, size_t len);

/* The short form of a declared name, as users type it: the last element of
 * a path-like name ("@acme/ui" -> "ui", "example.com/x/foo/v2" -> "foo").
 * Returns NAME itself (and LEN in *OUTLEN) when there is no shorter form;
 * else a pointer into NAME. */
const char *rank_short_name(const char *name, size_t len, size_t *outlen);

/* Forget Q's anchors (the snapshot they were found in changed). */
void rank_query_unanchor(struct rank_query *q);

/* Into OUT, a query that matches a superset of what Q matches: Q's last
 * keyword alone, in a last component or a declared name. Release it with
 * rank_query_release(). */
void rank_query_last(struct rank_query *out, const struct rank_query *q);

#endif
