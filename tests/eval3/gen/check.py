#!/usr/bin/env python3
"""Check case files against their trees, replaying the session directives:
every cwd, visit and target must exist at that point (made by the tree or an
earlier mkdir, not removed by an rmdir) and must not be ignored by git; a
//NAME/PATH target needs tree NAME materialized earlier in the same file.
Also warns when a query's last keyword does not plausibly name the target
(a typo of the case writer), and when a target is the working directory.

    gen/check.py [cases/*.case]     (default: every case file)
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)


def load_tree(name):
    dirs, files = set(), {}
    with open(os.path.join(TOP, "trees", name + ".tree")) as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                continue
            parts = line.split("\t", 2)
            if parts[0] == "D":
                dirs.add(parts[1])
            elif parts[0] == "F":
                files[parts[1]] = parts[2] if len(parts) > 2 else ""
            else:
                raise SystemExit("%s.tree: bad line %r" % (name, line))
    for d in list(dirs) + [f.rpartition("/")[0] for f in files]:
        while d:
            dirs.add(d)
            d = d.rpartition("/")[0]
    return dirs, files


_ignored_cache = {}


def ignored_set(name):
    """Directories of tree NAME that git ignores once materialized."""
    if name in _ignored_cache:
        return _ignored_cache[name]
    dirs, files = load_tree(name)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["git", "init", "-q", tmp], check=True)
        for d in dirs:
            os.makedirs(os.path.join(tmp, d), exist_ok=True)
        for f, text in files.items():
            with open(os.path.join(tmp, f), "w") as fh:
                out = subprocess.run(["printf", "%b", text], capture_output=True).stdout
                fh.write(out.decode())
        ds = sorted(dirs)
        res = subprocess.run(["git", "-C", tmp, "check-ignore", "--stdin", "-z"],
                             input="\0".join(d + "/" for d in ds).encode(),
                             capture_output=True)
        ign = {p.rstrip("/") for p in res.stdout.decode().split("\0") if p}
    # a directory under an ignored one is ignored too
    out = set()
    for d in dirs:
        p = d
        while p:
            if p in ign:
                out.add(d)
                break
            p = p.rpartition("/")[0]
    _ignored_cache[name] = out
    return out


def norm(s):
    return re.sub(r"[-_.]", "-", s.lower())


def names_of(path, files):
    """Folder name and declared names (full and short forms) of a path."""
    base = path.rpartition("/")[2]
    out = {norm(base)}
    for f, text in files.items():
        d, _, b = f.rpartition("/")
        if d != path:
            continue
        m = None
        if b == "package.json":
            m = re.search(r'"name": "([^"]*)"', text)
        elif b == "pom.xml":
            m = re.search(r"</parent><artifactId>([^<]*)<|^<project><artifactId>([^<]*)<", text)
        elif b == "go.mod":
            m = re.search(r"module (\S+)", text.replace("\\n", "\n"))
        elif b == "Cargo.toml":
            m = re.search(r'name = \\?"([^"\\]*)', text)
        if m:
            n = next(g for g in m.groups() if g)
            out.add(norm(n))
            out.add(norm(re.sub(r"^@[^/]*/", "", n)))
            out.add(norm(re.sub(r"/v\d+$", "", n).rpartition("/")[2]))
    return out


def edit1(a, b):
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) <= 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1:] == a for i in range(len(b)))


def subseq(k, s):
    it = iter(s)
    return all(c in it for c in k)


def plausible(kw, path, files):
    k = norm(kw)
    for n in names_of(path, files):
        if k in n or subseq(k, n) or (len(n) >= 5 and edit1(k, n)):
            return True
    return False


def check(path):
    errs, warns = [], []
    trees = {}          # name -> (dirs set (mutable), files, ignored)
    cur = None
    cwd = "."
    nq = 0
    with open(path) as fh:
        lines = fh.read().splitlines()
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        w = s.split()
        where = "%s:%d" % (os.path.basename(path), n)

        def exists(rel, tname=None):
            t = trees[tname or cur]
            if rel == ".":
                return True
            return rel in t[0] and rel not in t[2]

        if w[0] == "tree":
            if w[1] not in trees:
                d, f = load_tree(w[1])
                trees[w[1]] = (d, f, ignored_set(w[1]))
            cur, cwd = w[1], "."
        elif cur is None:
            errs.append("%s: %s before any tree" % (where, w[0]))
        elif w[0] == "cwd":
            cwd = s[4:].strip()
            if not exists(cwd):
                errs.append("%s: cwd %s missing or ignored" % (where, cwd))
        elif w[0] == "visit":
            rel = s[6:].strip()
            m = re.match(r"^(.*\S)\s+(\d+)$", rel)
            if m:
                rel = m.group(1)
            if not exists(rel):
                errs.append("%s: visit %s missing or ignored" % (where, rel))
        elif w[0] == "mkdir":
            d = w[1]
            while d:
                trees[cur][0].add(d)
                d = d.rpartition("/")[0]
        elif w[0] == "rmdir":
            t = trees[cur][0]
            for d in [x for x in t if x == w[1] or x.startswith(w[1] + "/")]:
                t.discard(d)
        elif w[0] == "write":
            rel = w[1]
            text = s.split(None, 2)[2] if len(w) > 2 else ""
            trees[cur][1][rel] = text
        elif w[0] == "kind":
            pass
        elif w[0] == "query":
            nq += 1
            if "=>" not in s:
                errs.append("%s: query without =>" % where)
                continue
            kws = s[5:].split("=>")[0].split()
            want = s.split("=>")[-1].strip()
            if not kws:
                errs.append("%s: no keywords" % where)
                continue
            if want.startswith("//"):
                other, _, rel = want[2:].partition("/")
                if other not in trees:
                    errs.append("%s: tree %s not materialized" % (where, other))
                    continue
                ok = exists(rel or ".", other)
                tfiles = trees[other][1]
            else:
                rel = want
                ok = exists(rel)
                tfiles = trees[cur][1]
                if rel == cwd:
                    warns.append("%s: target is the working directory" % where)
            if not ok:
                errs.append("%s: target %s missing or ignored" % (where, want))
                continue
            if rel not in (".", "") and not plausible(kws[-1], rel, tfiles):
                warns.append("%s: '%s' does not look like a name of %s" % (where, kws[-1], want))
        else:
            errs.append("%s: unknown directive %s" % (where, w[0]))
    return errs, warns, nq


def main():
    files = sys.argv[1:] or sorted(glob.glob(os.path.join(TOP, "cases", "*.case")))
    bad = 0
    for f in files:
        errs, warns, nq = check(f)
        for e in errs:
            print("ERROR " + e)
        for w in warns:
            print("warn  " + w)
        print("%s: %d queries, %d errors, %d warnings" % (os.path.basename(f), nq, len(errs), len(warns)))
        bad += len(errs)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
