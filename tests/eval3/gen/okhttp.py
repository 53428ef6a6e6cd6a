#!/usr/bin/env python3
"""square/okhttp: Gradle multi-module (Kotlin multiplatform source sets in okhttp/)."""
import treelib

IGNORED = [  # build output a developer has lying around (ignored by .gitignore)
    "okhttp/build/classes/kotlin/jvm/main/okhttp3/internal/http2",
    "okhttp/build/classes/kotlin/jvm/main/okhttp3/internal/cache",
    "okhttp/build/generated/sources/kotlinTemplates/okhttp3/internal",
    "okhttp/build/tmp/jvmJar",
    "okhttp-sse/build/classes/kotlin/main/okhttp3/sse",
    "mockwebserver/build/libs",
    "okcurl/build/native/nativeCompile",
    ".gradle/8.14/checksums",
    ".kotlin/sessions",
    "build/reports/problems",
]


def make(gitdir):
    return treelib.build(gitdir, keep=lambda d: True, extra_dirs=IGNORED)


if __name__ == "__main__":
    treelib.main("/work/.mirror/square+okhttp/repo", make)
