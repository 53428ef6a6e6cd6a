#!/usr/bin/env python3
"""jestjs/jest: yarn workspaces (packages/*, e2e fixture projects with their own
package.json, __fixtures__/__mocks__ holding look-alike package names)."""
import treelib

IGNORED = [
    "node_modules/@jest/core",
    "node_modules/jest-config/build",
    "node_modules/.bin",
    "packages/jest-config/build/normalize",
    "packages/jest-runtime/build",
    "packages/expect/build",
    "packages/jest-core/coverage/lcov-report",
    "website/node_modules/react",
    "website/build/docs",
    "e2e/coverage-report/node_modules/lodash",
    "e2e/coverage-report/coverage",
]


def make(gitdir):
    return treelib.build(gitdir, keep=lambda d: True, extra_dirs=IGNORED)


if __name__ == "__main__":
    treelib.main("/work/.mirror/jestjs+jest/repo", make)
