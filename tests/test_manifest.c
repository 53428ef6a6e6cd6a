/* test_manifest.c - which files are manifests, and the names they declare (manifest.c) */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "manifest.h"
#include "util.h"

static struct buf name = BUF_INIT;

/* The name LEN bytes of TEXT declare as the manifest FILENAME of KIND, or
 * NULL. The bytes are copied to a heap block of exactly LEN bytes with no
 * NUL after them, so ASan catches a parser reading past the end. Valid
 * until the next call. */
static const char *name_in_file(enum manifest_kind kind, const char *filename, const char *text,
                                size_t len)
{
	char *copy = text ? xmalloc(len) : NULL;
	int found;

	if (text)
		memcpy(copy, text, len);
	found = manifest_name(kind, filename, copy, len, &name);
	free(copy);
	if (!found) {
		assert_int_equal(name.len, 0);
		return NULL;
	}
	assert_int_equal(strlen(name.data), name.len);
	return name.data;
}

static const char *name_in(enum manifest_kind kind, const char *text)
{
	return name_in_file(kind, "manifest", text, strlen(text));
}

static const char package_json[] =
    "\xef\xbb\xbf{\n"
    "  \"private\": false,\n"
    "  \"repository\": {\"type\": \"git\", \"name\": \"not-this\", \"url\": \"x\"},\n"
    "  \"keywords\": [\"ui\", {\"name\": \"nor-this\"}, 3.5e-2, -0, true, null],\n"
    "  \"name\": \"@acme/ui\",\n"
    "  \"version\": \"1.4.0\",\n"
    "  \"dependencies\": {\"react\": \"^18.2.0\", \"name\": \"dep\"}\n"
    "}\n";

static const char go_mod[] = "// Billing service.\r\n"
                             "\r\n"
                             "module example.com/acme/billing/v2 // the v2 line\r\n"
                             "\r\n"
                             "go 1.21\r\n"
                             "\r\n"
                             "require (\r\n"
                             "\tgithub.com/google/uuid v1.6.0\r\n"
                             ")\r\n";

static const char cargo_toml[] = "# The gateway.\n"
                                 "[package]\n"
                                 "name = \"pay-gw\"   # the crate\n"
                                 "version = \"0.3.1\"\n"
                                 "description = \"\"\"\n"
                                 "[dependencies]\n"
                                 "name = \"not-this\"\n"
                                 "\"\"\"\n"
                                 "authors = [\n"
                                 "  \"A <a@example.com>\", # first\n"
                                 "  'B',\n"
                                 "]\n"
                                 "\n"
                                 "[dependencies]\n"
                                 "serde = { version = \"1\", features = [\"derive\"] }\n"
                                 "name = \"dep\"\n"
                                 "\n"
                                 "[[bin]]\n"
                                 "name = \"pay-gw-cli\"\n";

static const char pom_xml[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                              "<!-- <artifactId>commented</artifactId> -->\n"
                              "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"\n"
                              "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
                              "  <modelVersion>4.0.0</modelVersion>\n"
                              "  <parent>\n"
                              "    <groupId>com.acme</groupId>\n"
                              "    <artifactId>acme-parent</artifactId>\n"
                              "    <version>3.1.0</version>\n"
                              "  </parent>\n"
                              "  <artifactId>\n"
                              "    billing-core\n"
                              "  </artifactId>\n"
                              "  <dependencies>\n"
                              "    <dependency><artifactId>guava</artifactId></dependency>\n"
                              "  </dependencies>\n"
                              "</project>\n";

static const char pyproject_toml[] = "[build-system]\n"
                                     "requires = [\"hatchling\"]\n"
                                     "\n"
                                     "[project]\n"
                                     "name = \"acme-etl\"\n"
                                     "dependencies = [\"requests>=2\"]\n"
                                     "\n"
                                     "[tool.poetry]\n"
                                     "name = \"legacy-etl\"\n";

static const char chart_yaml[] = "apiVersion: v2\n"
                                 "description: |\n"
                                 "  name: not-this\n"
                                 "name: \"billing-api\"  # the chart\n"
                                 "version: 0.1.0\n";

static const char composer_json[] = "{\n"
                                    "    \"require\": {\"php\": \">=8.1\"},\n"
                                    "    \"name\": \"acme\\/payments\",\n"
                                    "    \"type\": \"library\"\n"
                                    "}\n";

static void should_recognise_manifest_file_names(void **state)
{
	assert_int_equal(manifest_kind("package.json"), MANIFEST_PACKAGE_JSON);
	assert_int_equal(manifest_kind("go.mod"), MANIFEST_GO_MOD);
	assert_int_equal(manifest_kind("Cargo.toml"), MANIFEST_CARGO_TOML);
	assert_int_equal(manifest_kind("pom.xml"), MANIFEST_POM_XML);
	assert_int_equal(manifest_kind("pyproject.toml"), MANIFEST_PYPROJECT_TOML);
	assert_int_equal(manifest_kind("Billing.Api.csproj"), MANIFEST_CSPROJ);
	assert_int_equal(manifest_kind("Parser.fsproj"), MANIFEST_CSPROJ);
	assert_int_equal(manifest_kind("Chart.yaml"), MANIFEST_CHART_YAML);
	assert_int_equal(manifest_kind("composer.json"), MANIFEST_COMPOSER_JSON);
	assert_int_equal(manifest_kind("pubspec.yaml"), MANIFEST_PUBSPEC_YAML);
	assert_int_equal(manifest_kind("DESCRIPTION"), MANIFEST_R_DESCRIPTION);
	assert_int_equal(manifest_kind("Legacy.vbproj"), MANIFEST_CSPROJ);
	/* short stems too: names as long as setup.py or setup.cfg */
	assert_int_equal(manifest_kind("UI.csproj"), MANIFEST_CSPROJ);
	assert_int_equal(manifest_kind("a.fsproj"), MANIFEST_CSPROJ);
	assert_int_equal(manifest_kind("BUILD"), MANIFEST_MARKER);
	assert_int_equal(manifest_kind("BUILD.bazel"), MANIFEST_MARKER);
	assert_int_equal(manifest_kind("build.gradle"), MANIFEST_MARKER);
	assert_int_equal(manifest_kind("build.gradle.kts"), MANIFEST_MARKER);
	assert_int_equal(manifest_kind("Dockerfile"), MANIFEST_MARKER);

	assert_int_equal(manifest_kind(""), MANIFEST_NONE);
	assert_int_equal(manifest_kind(".csproj"), MANIFEST_NONE);
	assert_int_equal(manifest_kind("package.json5"), MANIFEST_NONE);
	assert_int_equal(manifest_kind("package-lock.json"), MANIFEST_NONE);
	assert_int_equal(manifest_kind("Dockerfile.dev"), MANIFEST_NONE);
	assert_int_equal(manifest_kind("go.sum"), MANIFEST_NONE);
	assert_int_equal(manifest_kind("chart.yaml"), MANIFEST_NONE);
	assert_int_equal(manifest_kind("build"), MANIFEST_NONE);
	assert_int_equal(manifest_kind("README.md"), MANIFEST_NONE);
	assert_int_equal(manifest_kind("x.vcxproj"), MANIFEST_NONE);
	assert_int_equal(manifest_kind("proj"), MANIFEST_NONE);

	assert_false(manifest_needs_contents(MANIFEST_MARKER));
	assert_false(manifest_needs_contents(MANIFEST_CSPROJ));
	assert_false(manifest_needs_contents(MANIFEST_NONE));
	assert_true(manifest_needs_contents(MANIFEST_PACKAGE_JSON));
	assert_true(manifest_needs_contents(MANIFEST_POM_XML));
}

/* A refresh re-checks, for each kind named by its contents, the file
 * manifest_file_name() gives: the one manifest_kind() takes for that kind.
 * The kinds named otherwise have no file to re-check. */
static void should_give_a_refresh_the_file_of_every_kind_named_by_its_contents(void **state)
{
	int k, named = 0;

	for (k = MANIFEST_NONE; k < MANIFEST__COUNT; k++) {
		const char *file = manifest_file_name(k);

		if (!manifest_needs_contents(k)) {
			assert_null(file);
			continue;
		}
		assert_non_null(file);
		assert_int_equal(manifest_kind(file), k);
		named++;
	}
	assert_true(named >= 11);
	assert_string_equal(manifest_file_name(MANIFEST_PUBSPEC_YAML), "pubspec.yaml");
	assert_string_equal(manifest_file_name(MANIFEST_SETUP_CFG), "setup.cfg");
	assert_string_equal(manifest_file_name(MANIFEST_SETUP_PY), "setup.py");
	assert_string_equal(manifest_file_name(MANIFEST_R_DESCRIPTION), "DESCRIPTION");
	assert_null(manifest_file_name(MANIFEST__COUNT));
}

static void should_read_scoped_package_json_name(void **state)
{
	assert_string_equal(name_in(MANIFEST_PACKAGE_JSON, package_json), "@acme/ui");
	assert_string_equal(name_in(MANIFEST_PACKAGE_JSON, "{\"name\":\"left-pad\"}"), "left-pad");
	assert_string_equal(name_in(MANIFEST_PACKAGE_JSON, " \t\r\n{ \"name\" : \"a\" } \n"), "a");
}

static void should_ignore_nested_name_in_package_json(void **state)
{
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"repository\": {\"name\": \"x\"}}"));
	assert_null(
	    name_in(MANIFEST_PACKAGE_JSON, "{\"workspaces\": [\"name\", {\"name\": \"x\"}]}"));
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "[{\"name\": \"x\"}]"));
	assert_null(
	    name_in(MANIFEST_PACKAGE_JSON, "{\"description\": \"\\\"name\\\": \\\"x\\\"\"}"));
	assert_string_equal(name_in(MANIFEST_PACKAGE_JSON,
	                            "{\"a\": {\"b\": [[{\"name\": \"deep\"}]], \"name\": \"mid\"},"
	                            " \"name\": \"top\", \"z\": {\"name\": \"after\"}}"),
	                    "top");
	/* the last of duplicate keys wins, as with JSON.parse */
	assert_string_equal(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"a\", \"name\": \"b\"}"),
	                    "b");
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"a\", \"name\": 7}"));
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": [\"a\"]}"));
}

static void should_decode_json_escapes(void **state)
{
	assert_string_equal(name_in(MANIFEST_PACKAGE_JSON, "{\"na\\u006de\": \"@acme\\/ui\"}"),
	                    "@acme/ui");
	assert_string_equal(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"a\\\"b\\\\c\"}"),
	                    "a\"b\\c");
	assert_string_equal(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"caf\\u00e9-\\u20ac\"}"),
	                    "caf\xc3\xa9-\xe2\x82\xac");
	assert_string_equal(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"g\\ud83d\\ude00\"}"),
	                    "g\xf0\x9f\x98\x80");
	assert_string_equal(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"raw-\xc3\xa9\"}"),
	                    "raw-\xc3\xa9");
	/* a lone surrogate is no name; the document stays valid */
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"a\\ud83d\"}"));
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"a\\ude00b\"}"));
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"a\\ud83d\\u0041\"}"));
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"a\\u0000b\"}"));
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"a\\qb\"}"));
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"a\\u12g4\"}"));
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"\"}"));
}

static void should_reject_truncated_json(void **state)
{
	size_t len, full = strlen(package_json);

	for (len = 0; len < full; len++)
		if (name_in_file(MANIFEST_PACKAGE_JSON, "package.json", package_json, len))
			assert_true(len == full - 1); /* only the final newline may go */
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"ui\""));
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"ui\",}"));
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"ui\"} }"));
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"ui\", \"v\": 01}"));
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"ui\", \"v\": tru}"));
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"u\ni\"}"));
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{name: \"ui\"}"));
	assert_null(name_in(MANIFEST_PACKAGE_JSON, ""));
}

static void should_reject_json_nested_too_deep(void **state)
{
	struct buf doc = BUF_INIT;
	int i;

	/* 255 levels below the root are fine, 256 are not */
	for (int depth = 255; depth <= 256; depth++) {
		buf_setlen(&doc, 0);
		buf_adds(&doc, "{\"a\": ");
		for (i = 0; i < depth; i++)
			buf_adds(&doc, i % 2 ? "{\"b\": " : "[");
		for (i = depth - 1; i >= 0; i--)
			buf_adds(&doc, i % 2 ? "}" : "]");
		buf_adds(&doc, ", \"name\": \"deep\"}");
		if (depth == 255)
			assert_string_equal(name_in(MANIFEST_PACKAGE_JSON, doc.data), "deep");
		else
			assert_null(name_in(MANIFEST_PACKAGE_JSON, doc.data));
	}
	buf_release(&doc);
}

static void should_read_go_module_path(void **state)
{
	assert_string_equal(name_in(MANIFEST_GO_MOD, go_mod), "example.com/acme/billing/v2");
	assert_string_equal(name_in(MANIFEST_GO_MOD, "module \"example.com/q\"\n"),
	                    "example.com/q");
	assert_string_equal(name_in(MANIFEST_GO_MOD, "module `example.com/raw` // c\n"),
	                    "example.com/raw");
	assert_string_equal(name_in(MANIFEST_GO_MOD, "  \tmodule\tgithub.com/acme/tool"),
	                    "github.com/acme/tool");
	assert_string_equal(name_in(MANIFEST_GO_MOD, "// module not/this\n"
	                                             "// Deprecated: use v3\n"
	                                             "module ( // block form\n"
	                                             "\n"
	                                             "\t// a comment\n"
	                                             "\tacme.dev/blocky\n"
	                                             ")\n"),
	                    "acme.dev/blocky");
	assert_string_equal(name_in(MANIFEST_GO_MOD, "module a//b"), "a");
	assert_null(name_in(MANIFEST_GO_MOD, "go 1.22\nrequire x v1\n"));
	assert_null(name_in(MANIFEST_GO_MOD, "modules x\n"));
	assert_null(name_in(MANIFEST_GO_MOD, "module\nx\n"));
	assert_null(name_in(MANIFEST_GO_MOD, "module a b\n"));
	assert_null(name_in(MANIFEST_GO_MOD, "module \"unterminated\n\"\n"));
	assert_null(name_in(MANIFEST_GO_MOD, "module (\n)\n"));
}

static void should_read_cargo_package_name_not_dependency_name(void **state)
{
	assert_string_equal(name_in(MANIFEST_CARGO_TOML, cargo_toml), "pay-gw");
	assert_string_equal(name_in(MANIFEST_CARGO_TOML, "[dependencies]\n"
	                                                 "name = \"dep\"\n"
	                                                 "[ package ]\n"
	                                                 "version = \"1.0.0\"\n"
	                                                 "name='literal\\path'\n"),
	                    "literal\\path");
	assert_string_equal(name_in(MANIFEST_CARGO_TOML, "package.name = \"dotted\"\r\n"
	                                                 "package . version = \"1\"\r\n"),
	                    "dotted");
	assert_null(name_in(MANIFEST_CARGO_TOML, "[\"package\"]\nname = \"tab\\tbad\"\n"));
	assert_string_equal(name_in(MANIFEST_CARGO_TOML, "[package]\n\"name\" = \"q\\u00e9\"\n"),
	                    "q\xc3\xa9");
	assert_null(name_in(MANIFEST_CARGO_TOML, "[lib]\nname = \"lib\"\n[[bin]]\nname = \"b\"\n"));
	assert_null(name_in(MANIFEST_CARGO_TOML, "[package]\nname.workspace = true\n"));
	assert_null(name_in(MANIFEST_CARGO_TOML, "[package.metadata]\nname = \"meta\"\n"));
	assert_null(name_in(MANIFEST_CARGO_TOML, "[package]\n\"package.name\" = \"x\"\n"));
	assert_null(name_in(MANIFEST_CARGO_TOML, "[\"package.name\"]\nx = 1\n[package]\n"));
	assert_null(name_in(MANIFEST_CARGO_TOML, "[package]\nname = \"unterminated\n"));
	assert_null(name_in(MANIFEST_CARGO_TOML, "[package\nname = \"x\"\n"));
}

static void should_skip_multiline_toml_strings_and_arrays(void **state)
{
	assert_string_equal(name_in(MANIFEST_CARGO_TOML, "[workspace.metadata]\n"
	                                                 "notes = '''\n"
	                                                 "[package]\n"
	                                                 "name = \"in-a-string\"\n"
	                                                 "'''\n"
	                                                 "list = [\n"
	                                                 "  \"]\", # ]\n"
	                                                 "  [1, 2], {a = \"}\"},\n"
	                                                 "  1979-05-27 07:32:00Z,\n"
	                                                 "]\n"
	                                                 "[package]\n"
	                                                 "edition = \"2021\" # [lib]\n"
	                                                 "name = \"\"\"\\\n"
	                                                 "    real\"\"\"\n"),
	                    "real");
	assert_string_equal(name_in(MANIFEST_CARGO_TOML,
	                            "[package]\nname = \"\"\"a\"\"\"\"\"\nversion = '''x''''\n"),
	                    "a\"\"");
}

static void should_treat_cargo_workspace_only_as_nameless(void **state)
{
	static const char workspace[] = "[workspace]\n"
	                                "resolver = \"2\"\n"
	                                "members = [\"crates/*\", \"tools/xtask\"]\n"
	                                "\n"
	                                "[workspace.package]\n"
	                                "name = \"not-a-package\"\n"
	                                "version = \"0.1.0\"\n";

	assert_null(name_in(MANIFEST_CARGO_TOML, workspace));
	assert_true(manifest_needs_contents(manifest_kind("Cargo.toml")));
	assert_int_equal(manifest_kind("Cargo.toml"), MANIFEST_CARGO_TOML); /* still a project */
}

static void should_read_own_artifact_id_not_parent(void **state)
{
	assert_string_equal(name_in(MANIFEST_POM_XML, pom_xml), "billing-core");
	assert_string_equal(name_in(MANIFEST_POM_XML, "<project>\n"
	                                              "  <artifactId>ledger</artifactId>\n"
	                                              "  <parent>\n"
	                                              "    <artifactId>acme-parent</artifactId>\n"
	                                              "  </parent>\n"
	                                              "</project>\n"),
	                    "ledger");
	assert_string_equal(name_in(MANIFEST_POM_XML, "<project><parent><artifactId>p</artifactId>"
	                                              "</parent><artifactId>a&amp;b&#x2D;&#99;"
	                                              "<![CDATA[<d>]]></artifactId ></project>"),
	                    "a&b-c<d>");
	assert_null(name_in(MANIFEST_POM_XML,
	                    "<project><parent><artifactId>p</artifactId></parent></project>"));
	assert_null(name_in(MANIFEST_POM_XML, "<settings><artifactId>s</artifactId></settings>"));
	assert_null(name_in(MANIFEST_POM_XML, "<project><artifactId>a</artifactId>"));
	assert_null(name_in(MANIFEST_POM_XML, "<project><artifactId>a</artifactId></parent>"));
	assert_null(
	    name_in(MANIFEST_POM_XML, "<project><artifactId>a&nbsp;</artifactId></project>"));
	assert_null(name_in(MANIFEST_POM_XML, "<project><artifactId>a<b/></artifactId></project>"));
	assert_null(name_in(MANIFEST_POM_XML, "<project><artifactId>  </artifactId></project>"));
}

static void should_ignore_artifact_id_in_comment_and_dependencies(void **state)
{
	static const char pom[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE project>\n"
	    "<project>\n"
	    "  <!-- <artifactId>old-name</artifactId> -->\n"
	    "  <description><![CDATA[<artifactId>in-cdata</artifactId>]]></description>\n"
	    "  <url attr=\"<artifactId>x</artifactId>\" other='>'/>\n"
	    "  <dependencies>\n"
	    "    <dependency><groupId>g</groupId><artifactId>dep</artifactId></dependency>\n"
	    "  </dependencies>\n"
	    "  <build><plugins><plugin><artifactId>maven-jar-plugin</artifactId>"
	    "</plugin></plugins></build>\n"
	    "  <modules><module>core</module></modules>\n"
	    "  <profiles><profile><artifactId>p</artifactId></profile></profiles>\n"
	    "  <artifactId><!-- the name -->payments<?pi x?></artifactId>\n"
	    "</project>\n";

	assert_string_equal(name_in(MANIFEST_POM_XML, pom), "payments");
}

static void should_read_pyproject_project_then_poetry_name(void **state)
{
	assert_string_equal(name_in(MANIFEST_PYPROJECT_TOML, pyproject_toml), "acme-etl");
	assert_string_equal(name_in(MANIFEST_PYPROJECT_TOML, "[tool.poetry]\n"
	                                                     "name = \"poetry-etl\"\n"
	                                                     "[tool.black]\n"
	                                                     "line-length = 100\n"
	                                                     "[project]\n"
	                                                     "name = \"pep621-etl\"\n"),
	                    "pep621-etl");
	assert_string_equal(name_in(MANIFEST_PYPROJECT_TOML, "[tool.poetry]\n"
	                                                     "name = \"poetry-etl\"\n"
	                                                     "version = \"0.1.0\"\n"
	                                                     "[tool.poetry.dependencies]\n"
	                                                     "python = \"^3.11\"\n"),
	                    "poetry-etl");
	assert_string_equal(name_in(MANIFEST_PYPROJECT_TOML, "tool.poetry.name = 'dotted'\n"),
	                    "dotted");
	assert_null(name_in(MANIFEST_PYPROJECT_TOML, "[tool.black]\nname = \"no\"\n"));
	assert_null(name_in(MANIFEST_PYPROJECT_TOML, "[project]\ndynamic = [\"name\"]\n"));
}

static void should_take_csproj_stem(void **state)
{
	assert_string_equal(name_in_file(MANIFEST_CSPROJ, "Acme.Billing.Api.csproj", NULL, 0),
	                    "Acme.Billing.Api");
	assert_string_equal(name_in_file(MANIFEST_CSPROJ, "src/Parser.fsproj", NULL, 0), "Parser");
	assert_null(name_in_file(MANIFEST_CSPROJ, "noext", NULL, 0));
	assert_null(name_in_file(MANIFEST_CSPROJ, NULL, NULL, 0));
	assert_int_equal(manifest_name(MANIFEST_CSPROJ, "Legacy.vbproj", NULL, 0, &name), 1);
	assert_string_equal(name.data, "Legacy");
}

static void should_read_python_setup_names(void **state)
{
	assert_int_equal(manifest_kind("setup.py"), MANIFEST_SETUP_PY);
	assert_int_equal(manifest_kind("setup.cfg"), MANIFEST_SETUP_CFG);
	assert_string_equal(
	    name_in(MANIFEST_SETUP_PY,
	            "from setuptools import setup\n"
	            "package_name = 'not-this'\n"
	            "setup(\n    name='pyspark-connect',\n    version=VERSION,\n)\n"),
	    "pyspark-connect");
	assert_string_equal(name_in(MANIFEST_SETUP_PY, "setup(name = \"tool\", packages=[])\n"),
	                    "tool");
	/* a computed name is no name */
	assert_null(name_in(MANIFEST_SETUP_PY, "setup(name=NAME)\n"));
	assert_null(name_in(MANIFEST_SETUP_PY, "name = 'x'\n"));
	assert_string_equal(
	    name_in(MANIFEST_SETUP_CFG,
	            "[options]\nname = wrong\n[metadata]\nname = my-lib\r\nversion = 1\n"),
	    "my-lib");
	assert_null(name_in(MANIFEST_SETUP_CFG, "[options]\nname = wrong\n"));
}

static void should_read_pubspec_and_r_description_names(void **state)
{
	assert_int_equal(manifest_kind("pubspec.yaml"), MANIFEST_PUBSPEC_YAML);
	assert_int_equal(manifest_kind("DESCRIPTION"), MANIFEST_R_DESCRIPTION);
	assert_string_equal(
	    name_in(MANIFEST_PUBSPEC_YAML,
	            "name: tour_of_beam\ndescription: x\nenvironment:\n  name: no\n"),
	    "tour_of_beam");
	assert_string_equal(
	    name_in(MANIFEST_R_DESCRIPTION, "Package: SparkR\nType: Package\nVersion: 4.0.0\n"),
	    "SparkR");
	assert_null(name_in(MANIFEST_R_DESCRIPTION, "Title: no package here\n"));
}

static void should_read_chart_yaml_name_with_quotes_and_comment(void **state)
{
	assert_string_equal(name_in(MANIFEST_CHART_YAML, chart_yaml), "billing-api");
	assert_string_equal(name_in(MANIFEST_CHART_YAML, "name: 'it''s'\r\nversion: 1\r\n"),
	                    "it's");
	assert_string_equal(name_in(MANIFEST_CHART_YAML, "name: plain-chart # comment\r\n"),
	                    "plain-chart");
	assert_string_equal(name_in(MANIFEST_CHART_YAML, "name:  a#b  \n"), "a#b");
	assert_string_equal(name_in(MANIFEST_CHART_YAML, "name : \"esc\\u00e9\\\"\"\n"),
	                    "esc\xc3\xa9\"");
	assert_string_equal(name_in(MANIFEST_CHART_YAML, "namespace: x\nname: y"), "y");
	assert_null(name_in(MANIFEST_CHART_YAML, "  name: indented\n"));
	assert_null(name_in(MANIFEST_CHART_YAML, "name:\n  x\n"));
	assert_null(name_in(MANIFEST_CHART_YAML, "name:x\n"));
	assert_null(name_in(MANIFEST_CHART_YAML, "name: \"open\n"));
	assert_null(name_in(MANIFEST_CHART_YAML, "name: \"a\" b\n"));
	assert_null(name_in(MANIFEST_CHART_YAML, "name: |\n  block\n"));
}

static void should_read_composer_name(void **state)
{
	assert_string_equal(name_in(MANIFEST_COMPOSER_JSON, composer_json), "acme/payments");
	assert_null(name_in(MANIFEST_COMPOSER_JSON, "{\"require\": {\"name\": \"x\"}}"));
}

static void should_mark_build_files_as_nameless_projects(void **state)
{
	static const char *const markers[] = {"BUILD", "BUILD.bazel", "build.gradle",
	                                      "build.gradle.kts", "Dockerfile"};
	size_t i;

	for (i = 0; i < MCD_ARRAY_SIZE(markers); i++) {
		assert_int_equal(manifest_kind(markers[i]), MANIFEST_MARKER);
		assert_false(manifest_needs_contents(MANIFEST_MARKER));
		assert_int_equal(manifest_name(MANIFEST_MARKER, markers[i], NULL, 0, &name), 0);
		assert_null(name_in_file(MANIFEST_MARKER, markers[i], "name = \"x\"", 10));
	}
	assert_int_equal(manifest_name(MANIFEST_NONE, "README", NULL, 0, &name), 0);
}

static void should_reject_names_with_control_characters(void **state)
{
	char long_name[300];

	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"a\\nb\"}"));
	assert_null(name_in(MANIFEST_PACKAGE_JSON, "{\"name\": \"a\\u007fb\"}"));
	assert_null(name_in(MANIFEST_GO_MOD, "module \"a\\tb\"\n"));
	assert_null(name_in(MANIFEST_GO_MOD, "module a\x01"
	                                     "b\n"));
	assert_null(name_in(MANIFEST_CARGO_TOML, "[package]\nname = \"a\\u001bb\"\n"));
	assert_null(
	    name_in(MANIFEST_POM_XML, "<project><artifactId>a&#7;b</artifactId></project>"));
	assert_null(name_in(MANIFEST_CHART_YAML, "name: a\x7f"
	                                         "b\n"));
	assert_null(name_in_file(MANIFEST_CSPROJ, "a\nb.csproj", NULL, 0));

	/* 255 bytes are a name, 256 are not */
	memset(long_name, 'x', sizeof(long_name));
	memcpy(long_name, "module ", 7);
	long_name[7 + 255] = '\0';
	assert_int_equal(strlen(name_in(MANIFEST_GO_MOD, long_name)), 255);
	long_name[7 + 255] = 'x';
	long_name[7 + 256] = '\0';
	assert_null(name_in(MANIFEST_GO_MOD, long_name));
}

/* A small deterministic PRNG (xorshift64), so failures reproduce. */
static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void should_survive_binary_garbage(void **state)
{
	static const char *const tokens[] = {"{",
	                                     "}",
	                                     "[",
	                                     "]",
	                                     "\"",
	                                     "'",
	                                     "\\",
	                                     "\\u",
	                                     "name",
	                                     "\"name\"",
	                                     ":",
	                                     "=",
	                                     ",",
	                                     "\n",
	                                     "\r\n",
	                                     " ",
	                                     "#",
	                                     "//",
	                                     "<",
	                                     ">",
	                                     "</",
	                                     "<!--",
	                                     "-->",
	                                     "&",
	                                     "&#x",
	                                     ";",
	                                     "'''",
	                                     "\"\"\"",
	                                     "[[",
	                                     "]]",
	                                     ".",
	                                     "\xef",
	                                     "\xbb",
	                                     "\0",
	                                     "module",
	                                     "`",
	                                     "(",
	                                     "[package]",
	                                     "artifactId",
	                                     "<project>",
	                                     "</project>",
	                                     "<artifactId>",
	                                     "</artifactId>",
	                                     "<![CDATA[",
	                                     "]]>",
	                                     "name:",
	                                     "\\ud83d",
	                                     "e5",
	                                     "-",
	                                     "0",
	                                     "true",
	                                     "null"};
	static const struct {
		enum manifest_kind kind;
		const char *text;
	} valid[] = {
	    {MANIFEST_PACKAGE_JSON, package_json},     {MANIFEST_GO_MOD, go_mod},
	    {MANIFEST_CARGO_TOML, cargo_toml},         {MANIFEST_POM_XML, pom_xml},
	    {MANIFEST_PYPROJECT_TOML, pyproject_toml}, {MANIFEST_CHART_YAML, chart_yaml},
	    {MANIFEST_COMPOSER_JSON, composer_json},
	};
	char text[600];
	size_t i, len;
	int kind, iter;

	/* random bytes, and random runs of the formats' own tokens */
	for (kind = MANIFEST_NONE; kind <= MANIFEST_MARKER; kind++) {
		for (iter = 0; iter < 3000; iter++) {
			size_t want = next_random() % 512;

			for (len = 0; len < want;) {
				uint64_t r = next_random();
				if (iter % 2) {
					text[len++] = (char)(r >> 8);
				} else {
					const char *t = tokens[r % MCD_ARRAY_SIZE(tokens)];
					size_t n = t[0] ? strlen(t) : 1;
					memcpy(text + len, t, n);
					len += n;
				}
			}
			name_in_file((enum manifest_kind)kind, "x.csproj", text, len);
		}
	}

	/* every truncation of a valid manifest, and single-byte corruptions */
	for (i = 0; i < MCD_ARRAY_SIZE(valid); i++) {
		size_t full = strlen(valid[i].text);

		assert_non_null(name_in(valid[i].kind, valid[i].text));
		for (len = 0; len <= full; len++)
			name_in_file(valid[i].kind, "x", valid[i].text, len);
		for (iter = 0; iter < 2000; iter++) {
			memcpy(text, valid[i].text, full);
			text[next_random() % full] = (char)next_random();
			name_in_file(valid[i].kind, "x", text, full);
		}
	}
}

static int teardown(void **state)
{
	buf_release(&name);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(should_recognise_manifest_file_names),
	    cmocka_unit_test(should_give_a_refresh_the_file_of_every_kind_named_by_its_contents),
	    cmocka_unit_test(should_read_scoped_package_json_name),
	    cmocka_unit_test(should_ignore_nested_name_in_package_json),
	    cmocka_unit_test(should_decode_json_escapes),
	    cmocka_unit_test(should_reject_truncated_json),
	    cmocka_unit_test(should_reject_json_nested_too_deep),
	    cmocka_unit_test(should_read_go_module_path),
	    cmocka_unit_test(should_read_cargo_package_name_not_dependency_name),
	    cmocka_unit_test(should_skip_multiline_toml_strings_and_arrays),
	    cmocka_unit_test(should_treat_cargo_workspace_only_as_nameless),
	    cmocka_unit_test(should_read_own_artifact_id_not_parent),
	    cmocka_unit_test(should_ignore_artifact_id_in_comment_and_dependencies),
	    cmocka_unit_test(should_read_pyproject_project_then_poetry_name),
	    cmocka_unit_test(should_take_csproj_stem),
	    cmocka_unit_test(should_read_chart_yaml_name_with_quotes_and_comment),
	    cmocka_unit_test(should_read_python_setup_names),
	    cmocka_unit_test(should_read_pubspec_and_r_description_names),
	    cmocka_unit_test(should_read_composer_name),
	    cmocka_unit_test(should_mark_build_files_as_nameless_projects),
	    cmocka_unit_test(should_reject_names_with_control_characters),
	    cmocka_unit_test(should_survive_binary_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
