#!/usr/bin/env python3
"""netty/netty: Maven multi-module; folder codec-http declares artifactId
netty-codec-http; deep io/netty/... package chains in main and test."""
import treelib

IGNORED = [
    "codec-http/target/classes/io/netty/handler/codec/http/websocketx",
    "codec-http/target/test-classes/io/netty/handler/codec/http",
    "transport/target/classes/io/netty/channel/socket/nio",
    "handler/target/surefire-reports",
    "common/target/generated-sources/java/io/netty/util",
    "target/site",
    ".idea/libraries",
]


def make(gitdir):
    return treelib.build(gitdir, keep=lambda d: True, extra_dirs=IGNORED)


if __name__ == "__main__":
    treelib.main("/work/.mirror/netty+netty/repo", make)
