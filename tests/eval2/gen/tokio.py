# tokio-rs/tokio (Cargo [workspace] root; crates tokio, tokio-util, tokio-stream, tokio-macros, tokio-test + benches/examples/tests-*)
import sys; sys.path.insert(0, __file__.rsplit("/", 1)[0])
from treelib import Tree
t = Tree()
def cargo(name, ver="0.1.0", publish=True):
    s = f'[package]\nname = "{name}"\nversion = "{ver}"\nedition = "2021"\nrust-version = "1.70"\n'
    if not publish: s += "publish = false\n"
    return s + "\n[dependencies]\n"
t.f(".gitignore", "target\nCargo.lock\n.cargo/config.toml\n")
t.f("Cargo.toml", '[workspace]\nresolver = "2"\nmembers = [\n  "tokio",\n  "tokio-macros",\n  "tokio-test",\n  "tokio-stream",\n  "tokio-util",\n\n  # Internal\n  "benches",\n  "examples",\n  "stress-test",\n  "tests-build",\n  "tests-integration",\n]\n\n[workspace.metadata.spellcheck]\nconfig = "spellcheck.toml"\n')
t.d(".github/workflows", ".github/ISSUE_TEMPLATE", ".cargo", "target/debug/build/tokio-6f2a/out", "target/debug/deps", "target/debug/incremental/tokio-1x2k", "target/release/examples",
    "target/doc/tokio/runtime", "target/nextest/ci", "docs/contributing", "netlify")
t.f("tokio/Cargo.toml", cargo("tokio", "1.45.1"))
for d in ["src/runtime/scheduler/multi_thread/worker", "src/runtime/scheduler/multi_thread/handle", "src/runtime/scheduler/current_thread", "src/runtime/scheduler/inject",
          "src/runtime/task/trace", "src/runtime/time/wheel", "src/runtime/time/tests", "src/runtime/io/driver", "src/runtime/blocking",
          "src/runtime/metrics", "src/runtime/context", "src/runtime/signal", "src/runtime/process", "src/runtime/tests", "src/runtime/local_runtime",
          "src/net/tcp", "src/net/unix/datagram", "src/net/windows", "src/sync/mpsc", "src/sync/rwlock", "src/sync/task", "src/sync/tests", "src/time", "src/io/util", "src/io/bsd",
          "src/fs", "src/process/unix", "src/process/windows", "src/signal/unix", "src/task/coop", "src/macros", "src/util/rand", "src/util/linked_list", "src/loom/std",
          "src/future", "src/doc", "tests/support", "tests/tracing-instrumentation", "fuzz/fuzz_targets", "docs"]:
    t.d("tokio/" + d)
for pk, subs in [("tokio-1.45.1", ["src/runtime/scheduler/multi_thread/worker", "src/runtime/task", "src/sync/mpsc", "src/net/tcp", "src/io/util", "src/fs", "tests/support"]),
                 ("tokio-util-0.7.15", ["src/codec", "src/sync/cancellation_token", "src/time/wheel"]), ("tokio-stream-0.1.17", ["src/wrappers", "src/stream_ext"])]:
    for x in subs: t.d(f"target/package/{pk}/{x}")  # `cargo package` output, ignored
for x in ["tokio/runtime/scheduler", "tokio/sync/mpsc", "tokio/net/tcp", "tokio/io/util", "tokio_util/codec", "tokio_util/sync", "tokio_stream/wrappers", "src/tokio/runtime", "src/tokio_util/codec"]:
    t.d("target/doc/" + x)
t.d("target/debug/.fingerprint/tokio-util-1f3c", "target/debug/.fingerprint/tokio-macros-77b1", "target/debug/examples", "target/llvm-cov-target/debug/deps", "tokio/fuzz/target/x86_64-unknown-linux-gnu/release",
    "tokio/fuzz/corpus/fuzz_linked_list", "tokio/fuzz/artifacts/fuzz_linked_list")
t.f("tokio/fuzz/.gitignore", "target\ncorpus\nartifacts\ncoverage\n")
t.f("tokio/fuzz/Cargo.toml", cargo("tokio-fuzz", publish=False))
t.f("tokio-util/Cargo.toml", cargo("tokio-util", "0.7.15"))
t.d("tokio-util/src/codec", "tokio-util/src/io", "tokio-util/src/sync/cancellation_token", "tokio-util/src/sync/tests", "tokio-util/src/task", "tokio-util/src/time/wheel",
    "tokio-util/src/udp", "tokio-util/src/net/unix", "tokio-util/tests", "tokio-util/src/loom")
t.f("tokio-stream/Cargo.toml", cargo("tokio-stream", "0.1.17"))
t.d("tokio-stream/src/wrappers", "tokio-stream/src/stream_ext", "tokio-stream/tests/support", "tokio-stream/fuzz/fuzz_targets")
t.f("tokio-stream/fuzz/Cargo.toml", cargo("tokio-stream-fuzz", publish=False))
t.f("tokio-macros/Cargo.toml", '[package]\nname = "tokio-macros"\nversion = "2.5.0"\nedition = "2021"\n\n[lib]\nproc-macro = true\n')
t.d("tokio-macros/src")
t.f("tokio-test/Cargo.toml", cargo("tokio-test", "0.4.4"))
t.d("tokio-test/src", "tokio-test/tests")
t.f("benches/Cargo.toml", cargo("benches", publish=False))
t.d("benches/src")
t.f("examples/Cargo.toml", cargo("examples", publish=False))
t.d("examples/src")
t.f("stress-test/Cargo.toml", cargo("stress-test", publish=False))
t.d("stress-test/examples", "stress-test/src")
t.f("tests-build/Cargo.toml", cargo("tests-build", publish=False))
t.d("tests-build/src", "tests-build/tests/fail", "tests-build/tests/pass")
t.f("tests-integration/Cargo.toml", cargo("tests-integration", publish=False))
t.d("tests-integration/src/bin", "tests-integration/tests")
t.write(sys.argv[1])
