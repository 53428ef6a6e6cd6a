/* manifest.h - build manifests: which folders are projects, and their names
 *
 * A folder holding a build manifest is a project. Some manifests declare a
 * name users type: package.json "name" (also scoped, "@acme/ui"), go.mod
 * module path, Cargo.toml [package] name, pom.xml the project's own
 * artifactId (not the one inside <parent>), pyproject.toml [project] or
 * [tool.poetry] name, *.csproj (also *.fsproj, *.vbproj) the file stem,
 * Chart.yaml name, composer.json "name", pubspec.yaml name, setup.cfg
 * [metadata] name, setup.py setup(name=...), R DESCRIPTION Package. BUILD,
 * BUILD.bazel, build.gradle(.kts), Dockerfile and a [workspace]-only
 * Cargo.toml mark a project without a name.
 *
 * Parsers are pure functions over a buffer: no I/O, no global state, no
 * allocation but into the caller's buffer, and never a crash or a message,
 * whatever the bytes (huge, truncated, binary, invalid JSON/TOML/XML).
 */
#ifndef MCD_MANIFEST_H
#define MCD_MANIFEST_H

#include <stddef.h>

#include "util.h"

#define MANIFEST_MAX_SIZE (1 << 20) /* larger files are not read */

/* The kinds of manifest. The values are stored in snapshots (snapshot.h:
 * SNAP_MANIFEST(kind), one bit each of 16): append new kinds just before
 * MANIFEST__COUNT, never renumber or reuse a value; changing one needs a
 * SNAP_VERSION bump. The lower value wins when a folder holds several
 * manifests that declare a name. */
enum manifest_kind {
	MANIFEST_NONE = 0,
	MANIFEST_PACKAGE_JSON = 1,
	MANIFEST_GO_MOD = 2,
	MANIFEST_CARGO_TOML = 3,
	MANIFEST_POM_XML = 4,
	MANIFEST_PYPROJECT_TOML = 5,
	MANIFEST_CSPROJ = 6, /* also *.fsproj, *.vbproj: named by the file's stem */
	MANIFEST_CHART_YAML = 7,
	MANIFEST_COMPOSER_JSON = 8,
	MANIFEST_PUBSPEC_YAML = 9,   /* Dart and Flutter: top-level name: */
	MANIFEST_SETUP_CFG = 10,     /* Python: [metadata] name = */
	MANIFEST_SETUP_PY = 11,      /* Python: the literal name= passed to setup() */
	MANIFEST_R_DESCRIPTION = 12, /* R packages: DESCRIPTION's Package: field */
	MANIFEST_MARKER = 13,        /* BUILD, BUILD.bazel, build.gradle(.kts), Dockerfile */
	MANIFEST__COUNT              /* not a kind: one more than the last */
};

/* The kind of manifest a file named FILENAME is, or MANIFEST_NONE. Cheap:
 * called for every regular file of the tree. */
enum manifest_kind manifest_kind(const char *filename);

/* Does KIND need the file's contents to find the name? (MARKER and CSPROJ
 * do not.) */
int manifest_needs_contents(enum manifest_kind kind);

/* The file name of a manifest of KIND when its name is read from its
 * contents ("package.json" for MANIFEST_PACKAGE_JSON): the file a refresh
 * re-checks, since rewriting it in place leaves its folder's mtime alone.
 * NULL for the other kinds (NONE, MARKER, and CSPROJ, whose name changes
 * only with a rename). A static string. */
const char *manifest_file_name(enum manifest_kind kind);

/* Find the name declared by the manifest FILENAME of KIND whose contents are
 * BUF (LEN bytes, need not be NUL-terminated; may be NULL when
 * manifest_needs_contents() is 0). Appends the name to NAME (the caller's
 * buffer, emptied first) and returns 1; returns 0 when the manifest declares
 * no name or cannot be parsed. A name is 1..255 bytes with no control
 * characters; anything else is treated as no name. */
int manifest_name(enum manifest_kind kind, const char *filename, const char *buf, size_t len,
                  struct buf *name);

#endif
