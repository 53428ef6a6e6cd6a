#!/usr/bin/env python3
"""Kotlin/kotlinx.coroutines: Gradle, multiplatform modules with flat source sets
(common/ jvm/ js/ native/ ... each holding src/ and test/)."""
import treelib

IGNORED = [
    "kotlinx-coroutines-core/build/classes/kotlin/jvm/main/kotlinx/coroutines/flow",
    "kotlinx-coroutines-core/build/classes/kotlin/jvm/main/kotlinx/coroutines/channels",
    "kotlinx-coroutines-core/build/tmp/kotlin-classes",
    "kotlinx-coroutines-test/build/libs",
    "reactive/kotlinx-coroutines-reactor/build/classes/kotlin/main",
    "integration-testing/build/reports",
    ".gradle/8.13/fileHashes",
    "kotlin-js-store",
    "build/dokka",
]


def make(gitdir):
    return treelib.build(gitdir, keep=lambda d: True, extra_dirs=IGNORED)


if __name__ == "__main__":
    treelib.main("/work/.mirror/Kotlin+kotlinx.coroutines/repo", make)
