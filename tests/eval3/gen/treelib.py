"""Shared helpers: turn a fetched (bare) git repository into a .tree file.

A .tree file holds one entry a line, tab-separated:
    D<TAB>path             a directory
    F<TAB>path<TAB>text    a file, text in printf %b form
Only paths, ignore files and the declared names of manifests are kept; no code.
"""
import json
import re
import subprocess
import sys

MANIFESTS = ("package.json", "pom.xml", "build.gradle", "build.gradle.kts",
             "settings.gradle", "settings.gradle.kts", "go.mod", "Cargo.toml",
             "pyproject.toml", "setup.py", "Dockerfile", ".gitignore")


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir=" + gitdir, *args], check=True,
                          capture_output=True).stdout.decode("utf-8", "replace")


def listing(gitdir):
    """(dirs, files) tracked at HEAD."""
    dirs = [d for d in git(gitdir, "ls-tree", "-r", "-d", "--name-only", "HEAD").splitlines() if d]
    files = [f for f in git(gitdir, "ls-tree", "-r", "--name-only", "HEAD").splitlines() if f]
    return dirs, files


def show(gitdir, path):
    return git(gitdir, "show", "HEAD:" + path)


def esc(text):
    """printf %b form of text, on one line."""
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", ""))


def pkg_name(text):
    try:
        return json.loads(text).get("name")
    except Exception:
        m = re.search(r'"name"\s*:\s*"([^"]*)"', text)
        return m.group(1) if m else None


def pom_ids(text):
    """(parent artifactId, own artifactId) of a pom."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    parent = None
    m = re.search(r"<parent>(.*?)</parent>", text, flags=re.S)
    if m:
        p = re.search(r"<artifactId>\s*(.*?)\s*</artifactId>", m.group(1))
        g = re.search(r"<groupId>\s*(.*?)\s*</groupId>", m.group(1))
        parent = (g.group(1) if g else None, p.group(1) if p else None)
        text = text[:m.start()] + text[m.end():]
    own = re.search(r"<artifactId>\s*(.*?)\s*</artifactId>", text)
    return parent, own.group(1) if own else None


def minimal(gitdir, path):
    """Minimal stand-in for a manifest, keeping only its declared name."""
    base = path.rsplit("/", 1)[-1]
    text = show(gitdir, path)
    if base == ".gitignore":
        return text
    if base == "package.json":
        name = pkg_name(text)
        return json.dumps({"name": name}) + "\n" if name is not None else "{}\n"
    if base == "pom.xml":
        parent, own = pom_ids(text)
        out = "<project>"
        if parent:
            out += "<parent>"
            if parent[0]:
                out += "<groupId>%s</groupId>" % parent[0]
            out += "<artifactId>%s</artifactId></parent>" % parent[1]
        out += "<artifactId>%s</artifactId></project>\n" % own
        return out
    if base in ("build.gradle", "build.gradle.kts"):
        return "// gradle project\n"
    if base in ("settings.gradle", "settings.gradle.kts"):
        inc = re.findall(r'include\(?\s*["\']([^"\']+)["\']', text)
        name = re.search(r'rootProject\.name\s*=\s*["\']([^"\']+)["\']', text)
        out = ""
        if name:
            out += 'rootProject.name = "%s"\n' % name.group(1)
        for i in inc:
            out += 'include("%s")\n' % i
        return out or "// settings\n"
    if base == "go.mod":
        m = re.search(r"^module\s+(\S+)", text, flags=re.M)
        return "module %s\n" % m.group(1)
    if base == "Cargo.toml":
        m = re.search(r'^\[package\][^\[]*?^name\s*=\s*"([^"]+)"', text, flags=re.M | re.S)
        return '[package]\nname = "%s"\n' % m.group(1) if m else "[workspace]\n"
    if base == "Dockerfile":
        return "FROM scratch\n"
    if base == "setup.py":
        m = re.search(r"name\s*=\s*['\"]([^'\"]+)['\"]", text)
        return "from setuptools import setup\nsetup(name='%s')\n" % (m.group(1) if m else "")
    if base == "pyproject.toml":
        m = re.search(r'^name\s*=\s*"([^"]+)"', text, flags=re.M)
        return '[project]\nname = "%s"\n' % (m.group(1) if m else "")
    raise ValueError(path)


def build(gitdir, keep, extra_dirs=(), extra_files=(), manifests=MANIFESTS):
    """Lines of a tree: tracked dirs for which keep(dir) holds, the manifests in
    them (and at the root), then extra_dirs (e.g. ignored build output) and
    extra_files ((path, text) pairs)."""
    dirs, files = listing(gitdir)
    kept = [d for d in dirs if " " not in d and keep(d)]
    keptset = set(kept) | {""}
    # keep() must be closed under parents; add any missing parents
    for d in list(kept):
        parts = d.split("/")
        for i in range(1, len(parts)):
            p = "/".join(parts[:i])
            if p not in keptset:
                keptset.add(p)
                kept.append(p)
    out = ["D\t" + d for d in sorted(set(kept))]
    for f in files:
        d, _, base = f.rpartition("/")
        if base in manifests and d in keptset:
            out.append("F\t%s\t%s" % (f, esc(minimal(gitdir, f))))
    have = set(kept)
    for d in extra_dirs:
        parts = d.split("/")
        for i in range(1, len(parts) + 1):
            p = "/".join(parts[:i])
            if p not in have:
                have.add(p)
                out.append("D\t" + p)
    for path, text in extra_files:
        out.append("F\t%s\t%s" % (path, esc(text)))
    return out


def write(lines, dest):
    with open(dest, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    nd = sum(1 for l in lines if l.startswith("D\t"))
    nf = sum(1 for l in lines if l.startswith("F\t"))
    print("%s: %d dirs, %d files" % (dest, nd, nf), file=sys.stderr)


def main(gitdir_default, make):
    """CLI: NAME.py [GITDIR] DEST"""
    args = sys.argv[1:]
    if len(args) == 1:
        gitdir, dest = gitdir_default, args[0]
    elif len(args) == 2:
        gitdir, dest = args
    else:
        sys.exit("usage: %s [GITDIR] DEST.tree" % sys.argv[0])
    write(make(gitdir), dest)
