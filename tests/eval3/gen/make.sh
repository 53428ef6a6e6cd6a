#!/bin/sh
# Regenerate every tree from the fetched repositories (bare git dirs under
# /work/.mirror, or pass MIRROR=DIR), then the second-checkout copies, then check.
set -e
cd "$(dirname "$0")/.."
M=${MIRROR:-/work/.mirror}
python3 gen/okhttp.py "$M/square+okhttp/repo" trees/okhttp.tree
python3 gen/kotlinx-coroutines.py "$M/Kotlin+kotlinx.coroutines/repo" trees/kotlinx-coroutines.tree
python3 gen/netty.py "$M/netty+netty/repo" trees/netty.tree
python3 gen/jest.py "$M/jestjs+jest/repo" trees/jest.tree
python3 gen/typescript-eslint.py "$M/typescript-eslint+typescript-eslint/repo" trees/typescript-eslint.tree
for t in okhttp kotlinx-coroutines netty jest typescript-eslint; do
  cp "trees/$t.tree" "trees/${t}2.tree"   # a second checkout of the same repository
done
python3 gen/check.py
