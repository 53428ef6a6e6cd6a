# apache/beam (multi-language: Java via Gradle, Python, Go module github.com/apache/beam/sdks/v2, TypeScript, Flutter playground)
import sys; sys.path.insert(0, __file__.rsplit("/", 1)[0])
from treelib import Tree, go_mod, pkg_json
t = Tree()
t.f(".gitignore", "**/build/\n.gradle/\n**/.gradletasknamecache\n*.pyc\n__pycache__/\n*.egg-info/\nsdks/python/.tox/\nsdks/python/.eggs/\nsdks/python/apache_beam/portability/api/*_pb2*.py\nnode_modules/\n**/dist/\ntarget/\n.idea/\n*.iml\n.dart_tool/\n")
t.f("settings.gradle.kts", 'rootProject.name = "beam"\n\n' + "".join(f'include(":{p}")\n' for p in [
    "sdks:java:core", "sdks:java:harness", "sdks:java:io:kafka", "sdks:java:io:google-cloud-platform", "sdks:java:io:google-cloud-platform:expansion-service", "sdks:java:io:iceberg",
    "sdks:java:extensions:sql", "sdks:java:extensions:sql:zetasql", "sdks:java:extensions:sql:shell", "sdks:java:testing:nexmark", "runners:direct-java", "runners:flink:1.18", "runners:flink:1.19",
    "runners:flink:1.19:job-server", "runners:google-cloud-dataflow-java", "runners:google-cloud-dataflow-java:worker", "runners:spark:3", "runners:spark:3:job-server", "examples:java",
    "examples:java:twitter", "sdks:go", "sdks:python", "sdks:typescript"]))
t.f("build.gradle.kts", 'plugins {\n  base\n  id("org.apache.beam.module")\n}\n')
t.d(".github/workflows", ".github/actions/setup-environment-action", ".github/trigger_files", ".gradle/8.12", "build/reports", ".idea/runConfigurations",
    "buildSrc/src/main/groovy/org/apache/beam/gradle", "release/src/main/scripts", "scripts/ci/pr-bot", "scripts/tools", "model/pipeline/src/main/proto/org/apache/beam/model/pipeline/v1",
    "model/fn-execution/src/main/proto/org/apache/beam/model/fn_execution/v1", "model/job-management/src/main/proto/org/apache/beam/model/job_management/v1")
def jmod(path, pkg, tests=False, extra=()):
    t.f(f"{path}/build.gradle", f"plugins {{ id 'org.apache.beam.module' }}\napplyJavaNature(automaticModuleName: '{pkg}')\n\ndescription = \"Apache Beam :: {path.replace('/', ' :: ')}\"\n")
    p = pkg.replace(".", "/")
    t.d(f"{path}/src/main/java/{p}", f"{path}/build/libs")
    if tests: t.d(f"{path}/src/test/java/{p}")
    for e in extra: t.d(f"{path}/src/main/java/{p}/{e}")
jmod("sdks/java/core", "org.apache.beam.sdk", tests=True, extra=["transforms/windowing", "io/fs", "coders", "values", "options", "schemas/transforms", "state", "testing", "metrics"])
t.d("sdks/java/core/src/test/java/org/apache/beam/sdk/transforms/windowing", "sdks/java/core/src/test/java/org/apache/beam/sdk/coders", "sdks/java/core/src/test/resources/schemas/avro")
for io, pkg, ex in [("kafka", "org.apache.beam.sdk.io.kafka", ["upgrade", "jmh"]), ("google-cloud-platform", "org.apache.beam.sdk.io.gcp", ["bigquery", "pubsub", "spanner/changestreams", "bigtable", "datastore", "firestore", "pubsublite"]),
                    ("jdbc", "org.apache.beam.sdk.io.jdbc", []), ("kinesis", "org.apache.beam.sdk.io.kinesis", []), ("amazon-web-services2", "org.apache.beam.sdk.io.aws2", ["s3", "sqs", "dynamodb", "kinesis"]),
                    ("iceberg", "org.apache.beam.sdk.io.iceberg", ["catalog"])]:
    jmod("sdks/java/io/" + io, pkg, extra=ex)
t.d("sdks/java/io/google-cloud-platform/src/test/java/org/apache/beam/sdk/io/gcp/bigquery", "sdks/java/io/google-cloud-platform/expansion-service", "sdks/java/io/kafka/kafka-integration-test/kafka-312")
for ext, pkg in [("sql", "org.apache.beam.sdk.extensions.sql"), ("protobuf", "org.apache.beam.sdk.extensions.protobuf"),
                 ("ml", "org.apache.beam.sdk.extensions.ml"), ("python", "org.apache.beam.sdk.extensions.python"), ("avro", "org.apache.beam.sdk.extensions.avro")]:
    jmod("sdks/java/extensions/" + ext, pkg)
t.d("sdks/java/extensions/sql/src/main/java/org/apache/beam/sdk/extensions/sql/impl/rel", "sdks/java/extensions/sql/src/main/java/org/apache/beam/sdk/extensions/sql/meta/provider/kafka",
    "sdks/java/extensions/sql/src/main/codegen/includes", "sdks/java/extensions/sql/zetasql/src/main/java/org/apache/beam/sdk/extensions/sql/zetasql", "sdks/java/extensions/sql/shell")
jmod("sdks/java/harness", "org.apache.beam.fn.harness", extra=["control", "data", "state", "logging"])
jmod("sdks/java/expansion-service", "org.apache.beam.sdk.expansion.service")
jmod("sdks/java/testing/nexmark", "org.apache.beam.sdk.nexmark", extra=["queries/sql", "sources/generator"])
t.d("sdks/java/container/license_scripts", "sdks/java/container/java17", "sdks/java/container/java21")
for a in ["examples", "starter"]:
    t.f(f"sdks/java/maven-archetypes/{a}/build.gradle", "description = \"Apache Beam :: SDKs :: Java :: Maven Archetypes :: %s\"\n" % a)
    t.d(f"sdks/java/maven-archetypes/{a}/src/main/resources/archetype-resources/src/main/java", f"sdks/java/maven-archetypes/{a}/src/main/resources/META-INF/maven")
    t.f(f"sdks/java/maven-archetypes/{a}/src/main/resources/archetype-resources/pom.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>${groupId}</groupId>\n  <artifactId>${artifactId}</artifactId>\n  <version>${version}</version>\n</project>\n')
# runners
for r, pkg, ex in [("direct-java", "org.apache.beam.runners.direct", []), ("core-java", "org.apache.beam.runners.core", ["triggers", "metrics"]),
                   ("google-cloud-dataflow-java", "org.apache.beam.runners.dataflow", ["options", "util"]), ("java-fn-execution", "org.apache.beam.runners.fnexecution", ["control", "artifact"]),
                   ("prism/java", "org.apache.beam.runners.prism", [])]:
    jmod("runners/" + r, pkg, extra=ex)
t.d("runners/google-cloud-dataflow-java/worker/src/main/java/org/apache/beam/runners/dataflow/worker/windmill/client/grpc", "runners/google-cloud-dataflow-java/worker/src/main/java/org/apache/beam/runners/dataflow/worker/streaming",
    "runners/google-cloud-dataflow-java/worker/windmill/src/main/proto", "runners/google-cloud-dataflow-java/examples", "runners/google-cloud-dataflow-java/examples-streaming")
t.f("runners/flink/flink_runner.gradle", "// shared by runners/flink/<version>\n")
t.d("runners/flink/src/main/java/org/apache/beam/runners/flink/translation/wrappers/streaming", "runners/flink/src/test/java/org/apache/beam/runners/flink", "runners/flink/job-server/container")
for v in ["1.18", "1.19"]:
    t.f(f"runners/flink/{v}/build.gradle", "project.ext { flink_major = '%s' }\napply from: '../flink_runner.gradle'\n" % v)
    t.d(f"runners/flink/{v}/src/main/java/org/apache/beam/runners/flink", f"runners/flink/{v}/job-server", f"runners/flink/{v}/job-server-container")
t.d("runners/spark/src/main/java/org/apache/beam/runners/spark/translation/streaming", "runners/spark/src/main/java/org/apache/beam/runners/spark/structuredstreaming", "runners/spark/3/job-server/container", "runners/spark/3/src/main/java")
t.f("runners/spark/spark_runner.gradle", "// shared\n")
# Go SDK (module root is sdks/)
t.f("sdks/go.mod", go_mod("github.com/apache/beam/sdks/v2", "1.23.0"))
gopkg = ["beam/core/runtime/exec/optimized", "beam/core/runtime/harness/statecache", "beam/core/runtime/graphx/schema", "beam/core/runtime/xlangx", "beam/core/graph/coder",
         "beam/core/graph/window/trigger", "beam/core/typex", "beam/core/sdf", "beam/core/metrics", "beam/io/bigqueryio", "beam/io/textio", "beam/io/pubsubio", "beam/io/spannerio",
         "beam/io/databaseio", "beam/io/fileio", "beam/io/xlang/kafkaio", "beam/io/xlang/bigqueryio", "beam/io/xlang/jdbcio", 
         "beam/transforms/stats", "beam/transforms/filter", "beam/transforms/top", "beam/transforms/xlang/python", "beam/runners/dataflow/dataflowlib", "beam/runners/direct",
         "beam/runners/prism/internal/engine", "beam/runners/prism/internal/jobservices", "beam/runners/prism/internal/worker", "beam/runners/prism/internal/web/assets",
         "beam/runners/universal/runnerlib", "beam/runners/vet", "beam/testing/passert", "beam/testing/ptest", "beam/testing/teststream", "beam/register", "beam/x/debug",
         "beam/options/gcpopts", "beam/options/jobopts", "beam/log", "beam/model/pipeline_v1", "beam/model/fnexecution_v1"]
for g in gopkg: t.d("sdks/go/pkg/" + g)
t.d("sdks/go/examples/wordcount", "sdks/go/examples/minimal_wordcount", "sdks/go/examples/debugging_wordcount", "sdks/go/examples/cookbook/filter", "sdks/go/examples/cookbook/join",
    "sdks/go/examples/snippets", "sdks/go/examples/xlang/bigquery", "sdks/go/test/integration/io/xlang/kafka", "sdks/go/test/integration/io/xlang/jdbc", "sdks/go/test/integration/primitives", "sdks/go/test/integration/wordcount",
    "sdks/go/test/regression/coders/fromyaml", "sdks/go/test/load/pardo", "sdks/go/test/load/group_by_key", "sdks/go/test/build/bin",
    "sdks/go/container/tools", "sdks/go/cmd/prism", "sdks/go/cmd/beamctl/cmd", "sdks/go/cmd/starcgen")
# Python SDK
t.f("sdks/python/setup.py", "from setuptools import setup\n\nsetup(\n    name='apache-beam',\n    description='Apache Beam SDK for Python',\n)\n")
t.f("sdks/python/pyproject.toml", '[build-system]\nrequires = ["setuptools", "wheel>=0.36.0", "grpcio-tools==1.62.1"]\nbuild-backend = "setuptools.build_meta"\n')
py = ["io/gcp/bigquery_tools_test_dir", "io/gcp/datastore/v1new", "io/gcp/pubsub_it_pipeline", "io/gcp/tests", "io/aws", "io/azure", "io/external/xlang_jdbcio_it_dir", 
      "runners/dataflow/internal/clients/dataflow", "runners/dataflow/native_io", "runners/direct", "runners/portability/fn_api_runner", "runners/portability/spark", "runners/interactive/display",
      "runners/interactive/caching", "runners/interactive/testing", "runners/worker", "runners/prism",
      "transforms", "coders", "typehints", "dataframe", "ml/inference", "ml/transforms/embeddings", "ml/rag/enrichment",
      "examples/complete/game", "examples/cookbook", "examples/snippets/transforms/aggregation", "examples/snippets/transforms/elementwise",
      "examples/inference", "yaml/examples/transforms/ml", "yaml/tests",
      "testing/load_tests", "options", "metrics", "utils", "tools"]
for p in py: t.d("sdks/python/apache_beam/" + p)
t.d("sdks/python/test-suites/dataflow/common", "sdks/python/test-suites/direct/common", "sdks/python/test-suites/portable/common", "sdks/python/test-suites/tox/py39",
    "sdks/python/test-suites/xlang", "sdks/python/container/py312", "sdks/python/container/py39", "sdks/python/container/license_scripts", "sdks/python/container/ml",
    "sdks/python/expansion-service-container", "sdks/python/scripts", "sdks/python/.tox/py39-cloud/lib", "sdks/python/build/lib/apache_beam", "sdks/python/apache_beam.egg-info",
    "sdks/python/apache_beam/__pycache__", "sdks/python/apache_beam/transforms/__pycache__")
# TypeScript SDK
t.f("sdks/typescript/package.json", pkg_json("apache-beam"))
t.d("sdks/typescript/src/apache_beam/runners/dataflow", "sdks/typescript/src/apache_beam/runners/universal", "sdks/typescript/src/apache_beam/worker", "sdks/typescript/src/apache_beam/io",
    "sdks/typescript/src/apache_beam/transforms", "sdks/typescript/src/apache_beam/coders", "sdks/typescript/test", "sdks/typescript/node_modules/@grpc/grpc-js", "sdks/typescript/dist/src")
# playground, learning, website, test-infra
t.f("playground/backend/go.mod", go_mod("beam.apache.org/playground/backend"))
t.d("playground/backend/cmd/server", "playground/backend/cmd/migration", "playground/backend/internal/executors", "playground/backend/internal/cache/redis", "playground/backend/internal/db/datastore",
    "playground/backend/containers/java", "playground/backend/containers/python", "playground/backend/containers/go", "playground/frontend/lib/pages/standalone_playground", "playground/frontend/lib/modules/editor", "playground/frontend/.dart_tool/flutter_build",
    "playground/frontend/playground_components/lib/src/widgets", "playground/frontend/playground_components/test", "playground/frontend/integration_test")
t.f("playground/frontend/pubspec.yaml", "name: playground\ndescription: A web-based Beam Playground\nversion: 1.0.0+1\n")
t.f("playground/frontend/playground_components/pubspec.yaml", "name: playground_components\nversion: 0.0.1\n")
t.f("learning/tour-of-beam/backend/go.mod", go_mod("beam.apache.org/learning/tour-of-beam/backend"))
t.d("learning/tour-of-beam/backend/internal/storage", "learning/tour-of-beam/backend/cmd/ci_cd", "learning/tour-of-beam/frontend/lib/pages/tour", "learning/tour-of-beam/learning-content/introduction",
    "learning/tour-of-beam/learning-content/core-transforms/map", "learning/tour-of-beam/learning-content/windowing", "learning/katas/java/Core Transforms/Map", "learning/katas/python/Core Transforms/Map",
    "learning/katas/go/core_transforms/map")
t.f("learning/tour-of-beam/frontend/pubspec.yaml", "name: tour_of_beam\nversion: 1.0.0\n")
t.f(".test-infra/mock-apis/go.mod", go_mod("github.com/apache/beam/test-infra/mock-apis"))
t.d(".test-infra/mock-apis/src/main/go/internal/service/echo", ".test-infra/mock-apis/infrastructure/kubernetes/refresher", ".test-infra/jenkins", ".test-infra/metrics/grafana/dashboards", ".test-infra/tools", ".test-infra/kafka/strimzi")
for d in ["documentation/io/built-in/google-bigquery", "documentation/programming-guide", "documentation/runners/flink", "documentation/runners/spark", "documentation/runners/dataflow",
          "documentation/runners/direct", "documentation/runners/prism", "documentation/transforms/python/elementwise", "get-started/quickstart", "get-started/wordcount-example", "blog"]:
    t.d("website/www/site/content/en/" + d)
t.d("website/www/site/layouts/partials", "website/www/site/static/images/blog", "website/www/site/assets/scss")
t.d("examples/java/src/main/java/org/apache/beam/examples/complete/game", "examples/java/src/main/java/org/apache/beam/examples/cookbook", "examples/java/src/test/java/org/apache/beam/examples/cookbook", "examples/java/twitter", "examples/notebooks/beam-ml", "examples/notebooks/get-started")
t.f("examples/java/build.gradle", "applyJavaNature(automaticModuleName: 'org.apache.beam.examples')\n")
t.write(sys.argv[1])
