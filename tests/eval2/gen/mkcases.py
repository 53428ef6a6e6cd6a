"""Turn a compact spec (gen/<tree>.spec) into cases/<tree>.case and check every path against trees/<tree>.tree.
Spec lines:  K <kind>  |  C <cwd>  |  V <rel> [N]  |  Q <keywords> => <rel>  |  # comment (copied)  |  blank."""
import sys, os, subprocess
here = os.path.dirname(os.path.abspath(__file__)); base = os.path.dirname(here)
name = sys.argv[1]
dirs = {l.split("\t")[1].rstrip("\n") for l in open(f"{base}/trees/{name}.tree") if l.startswith("D\t")}
dirs.add(".")
out, bad = [f"# {name}: queries a user of this monorepo would type, and where they mean to go", f"tree {name}"], 0
kind = None
for n, line in enumerate(open(f"{here}/{name}.spec"), 1):
    line = line.rstrip("\n")
    if not line.strip(): continue
    if line.startswith("#"): out.append(line); continue
    tag, rest = line.split(" ", 1)
    def chk(p):
        global bad
        if p not in dirs: print(f"{name}.spec:{n}: no dir {p}"); bad += 1
    if tag == "K": kind = rest; continue
    if tag == "C": chk(rest); out.append(f"kind {kind}"); out.append(f"cwd {rest}"); continue
    if tag == "V":
        p = rest.rsplit(" ", 1); chk(p[0] if len(p) == 2 and p[1].isdigit() else rest); out.append(f"visit {rest}"); continue
    if tag == "Q":
        kw, want = rest.split(" => "); chk(want); out.append(f"query {kw} => {want}"); continue
    print(f"{name}.spec:{n}: bad line"); bad += 1
open(f"{base}/cases/{name}.case", "w").write("\n".join(out) + "\n")
print(name, sum(l.startswith("query") for l in out), "queries", bad, "problems")
