"""Tiny helper to write shared/eval-format .tree files (D/F entries, printf %b content)."""
import os


class Tree:
    def __init__(self):
        self.dirs = set()
        self.files = {}

    def d(self, *paths):
        for p in paths:
            p = p.strip("/")
            parts = p.split("/")
            for i in range(1, len(parts) + 1):
                self.dirs.add("/".join(parts[:i]))

    def f(self, path, content=""):
        if "/" in path:
            self.d(path.rsplit("/", 1)[0])
        self.files[path] = content

    def write(self, out):
        def esc(s):
            return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
        with open(out, "w") as fh:
            for p in sorted(self.dirs):
                fh.write(f"D\t{p}\n")
            for p in sorted(self.files):
                fh.write(f"F\t{p}\t{esc(self.files[p])}\n")
        print(out, len(self.dirs), "dirs", len(self.files), "files")


def pkg_json(name, private=False, extra=""):
    s = '{\n  "name": "%s",\n  "version": "7.26.0"' % name
    if private:
        s += ',\n  "private": true'
    s += extra + "\n}\n"
    return s


def go_mod(mod, go="1.24.0"):
    return f"module {mod}\n\ngo {go}\n"


def pyproject(name, version="1.0.0"):
    return f'[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "{name}"\nversion = "{version}"\nrequires-python = ">=3.10"\n'


def pom(artifact, parent=None, group="io.quarkus", packaging=None, name=None):
    s = '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n    <modelVersion>4.0.0</modelVersion>\n'
    if parent:
        s += f"    <parent>\n        <groupId>{group}</groupId>\n        <artifactId>{parent}</artifactId>\n        <version>999-SNAPSHOT</version>\n        <relativePath>../pom.xml</relativePath>\n    </parent>\n\n"
    else:
        s += f"    <groupId>{group}</groupId>\n"
    s += f"    <artifactId>{artifact}</artifactId>\n"
    if packaging:
        s += f"    <packaging>{packaging}</packaging>\n"
    if name:
        s += f"    <name>{name}</name>\n"
    s += "</project>\n"
    return s
