#!/usr/bin/env python3
"""typescript-eslint/typescript-eslint: pnpm workspace (packages/*, root declares
@typescript-eslint/typescript-eslint, packages/typescript-eslint declares
typescript-eslint); integration-tests/fixtures hold their own package.json.
packages/ast-spec/src holds ~2000 fixture folders: we keep every AST node folder
with its fixtures/ folder, and whole fixture subtrees for a few nodes only."""
import treelib

FULL = ("declaration/ClassDeclaration", "declaration/ImportDeclaration",
        "type/TSTypeLiteral", "legacy-fixtures/basics")


def keep(d):
    p = "packages/ast-spec/src/"
    if not d.startswith(p):
        return True
    rest = d[len(p):].split("/")
    if len(rest) <= 3:  # category/Node/fixtures
        return True
    return any(d.startswith(p + f + "/") or d == p + f for f in FULL)


IGNORED = [
    "node_modules/.pnpm/typescript@5.9.2",
    "node_modules/@typescript-eslint",
    "packages/eslint-plugin/node_modules/.bin",
    "packages/eslint-plugin/dist/rules",
    "packages/typescript-estree/dist",
    "packages/parser/coverage",
    "packages/website/.docusaurus/client-modules",
    "packages/website/build/assets",
    ".nx/cache/terminalOutputs",
]


def make(gitdir):
    return treelib.build(gitdir, keep=keep, extra_dirs=IGNORED)


if __name__ == "__main__":
    treelib.main("/work/.mirror/typescript-eslint+typescript-eslint/repo", make)
