/* manifest.c - the kinds of manifest, and which one a file is; the parsers
 * of their contents are in manifest_<format>.c (manifest_cursor.h) */
#include "manifest.h"

#include <string.h>

#include "manifest_cursor.h"

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
#define NAMED_BY_CONTENTS(X, ARG)                                                                  \
	X(ARG, "package.json", MANIFEST_PACKAGE_JSON, json_name)                                   \
	X(ARG, "go.mod", MANIFEST_GO_MOD, go_mod)                                                  \
	X(ARG, "Cargo.toml", MANIFEST_CARGO_TOML, cargo_name)                                      \
	X(ARG, "pom.xml", MANIFEST_POM_XML, pom_name)                                              \
	X(ARG, "pyproject.toml", MANIFEST_PYPROJECT_TOML, pyproject_name)                          \
	X(ARG, "Chart.yaml", MANIFEST_CHART_YAML, yaml_name)                                       \
	X(ARG, "composer.json", MANIFEST_COMPOSER_JSON, json_name)                                 \
	X(ARG, "pubspec.yaml", MANIFEST_PUBSPEC_YAML, yaml_name)                                   \
	X(ARG, "setup.cfg", MANIFEST_SETUP_CFG, setup_cfg_name)                                    \
	X(ARG, "setup.py", MANIFEST_SETUP_PY, setup_py_name)                                       \
	X(ARG, "DESCRIPTION", MANIFEST_R_DESCRIPTION, r_description_name)

/* The files that make a folder a project without naming it: MANIFEST_MARKER.
 * X(ARG, file) is expanded once for each. */
/* clang-format off */
#define MARKER_FILES(X, ARG)                                                                       \
	X(ARG, "BUILD")                                                                            \
	X(ARG, "BUILD.bazel")                                                                      \
	X(ARG, "build.gradle")                                                                     \
	X(ARG, "build.gradle.kts")                                                                 \
	X(ARG, "Dockerfile")
/* clang-format on */

/* Every kind: where its name comes from, and how it is found. Those of
 * NAMED_BY_CONTENTS read the contents; MANIFEST_CSPROJ is recognised by a
 * rule, is_csproj(), and named by the file's name; MANIFEST_MARKER names
 * nothing. */
/* clang-format off */
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
/* clang-format on */

/* manifest_kind() has a case for each length of name up to this one. */
#define LONGEST_NAME 16
#define FITS(unused, file, ...)                                                                    \
	_Static_assert(sizeof(file) - 1 <= LONGEST_NAME,                                           \
	               "manifest_kind() needs a longer case: " file);
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
#define NAMED(len, file, kind, parse)                                                              \
	if (IS(len, file))                                                                         \
		return kind;
#define MARKER(len, file)                                                                          \
	if (IS(len, file))                                                                         \
		return MANIFEST_MARKER;
#define LENGTH(len)                                                                                \
	case len:                                                                                  \
		NAMED_BY_CONTENTS(NAMED, len) MARKER_FILES(MARKER, len) break;
	/* clang-format off */
	switch (n) {
	LENGTH(1) LENGTH(2) LENGTH(3) LENGTH(4) LENGTH(5) LENGTH(6) LENGTH(7) LENGTH(8)
	LENGTH(9) LENGTH(10) LENGTH(11) LENGTH(12) LENGTH(13) LENGTH(14) LENGTH(15) LENGTH(16)
	}
	/* clang-format on */
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
