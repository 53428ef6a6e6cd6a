#!/usr/bin/env python3
"""Case-writing aid (not mcd): list the folders of a tree that a query could
plausibly mean, grouped by how the last keyword meets the folder's names, so
the writer sees the competing candidates before choosing an answer.

    gen/look.py TREE KEYWORD...
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check  # noqa: E402


def cls(k, names):
    best = 9
    for n in names:
        if n == k:
            c = 0
        elif n.startswith(k):
            c = 1
        elif ("-" + k) in ("-" + n) or k in n.split("-"):
            c = 2
        elif k in n:
            c = 3
        elif len(n) >= 5 and check.edit1(k, n):
            c = 4
        elif check.subseq(k, n):
            c = 5
        else:
            c = 9
        best = min(best, c)
    return best


LABEL = ["exact", "prefix", "word", "substr", "typo", "fuzzy"]


def main():
    tree, kws = sys.argv[1], [check.norm(k) for k in sys.argv[2:]]
    dirs, files = check.load_tree(tree)
    ign = check.ignored_set(tree)
    rows = []
    for d in sorted(dirs):
        if d in ign:
            continue
        c = cls(kws[-1], check.names_of(d, files))
        if c == 9:
            continue
        if len(kws) > 1:
            # earlier keywords in order along the ancestors (substring or abbreviation)
            parts = d.split("/")[:-1]
            i = 0
            for k in kws[:-1]:
                while i < len(parts):
                    p = check.norm(parts[i])
                    nm = check.names_of("/".join(d.split("/")[:i + 1]), files)
                    i += 1
                    if any(k in x or (x[:1] == k[:1] and check.subseq(k, x)) for x in nm | {p}):
                        break
                else:
                    c = 9
                    break
            if c == 9:
                continue
        rows.append((c, d.count("/"), d))
    for c, _, d in sorted(rows)[:60]:
        decl = sorted(check.names_of(d, files) - {check.norm(d.rpartition('/')[2])})
        print("%-6s %s%s" % (LABEL[c], d, ("   [" + ", ".join(decl) + "]") if decl else ""))
    if len(rows) > 60:
        print("... %d more" % (len(rows) - 60))


if __name__ == "__main__":
    main()
