# apache/spark (Maven multi-module, Scala/Java; PySpark; SparkR). Module poms put <parent> (spark-parent_2.13) before their own artifactId.
import sys; sys.path.insert(0, __file__.rsplit("/", 1)[0])
from treelib import Tree
t = Tree()
def pom(artifact, name, parent="spark-parent_2.13", rel="../pom.xml", packaging="jar"):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n'
            f'  <parent>\n    <groupId>org.apache.spark</groupId>\n    <artifactId>{parent}</artifactId>\n    <version>4.1.0-SNAPSHOT</version>\n    <relativePath>{rel}</relativePath>\n  </parent>\n\n'
            f'  <artifactId>{artifact}</artifactId>\n  <packaging>{packaging}</packaging>\n  <name>{name}</name>\n  <url>https://spark.apache.org/</url>\n</project>\n')
t.f(".gitignore", "*.class\n*.pyc\n__pycache__/\n.idea/\n*.iml\ntarget/\n/lib/\nbuild/*.jar\nbuild/apache-maven*\nbuild/scala*\nbuild/zinc*\ndist/\nspark-warehouse/\nmetastore_db/\npython/pyspark.egg-info\npython/build/\npython/.eggs\nR/pkg/man\nR/lib/\nnode_modules\ndocs/_site\nproject/target\nproject/project\n")
t.f("pom.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <parent>\n    <groupId>org.apache</groupId>\n    <artifactId>apache</artifactId>\n    <version>33</version>\n  </parent>\n  <groupId>org.apache.spark</groupId>\n  <artifactId>spark-parent_2.13</artifactId>\n  <version>4.1.0-SNAPSHOT</version>\n  <packaging>pom</packaging>\n  <name>Spark Project Parent POM</name>\n</project>\n')
def scala(mod, pkg, subs, test_subs=()):
    base = f"{mod}/src/main/scala/" + pkg.replace(".", "/")
    t.d(base, f"{mod}/target/scala-2.13/classes")
    for s in subs: t.d(f"{base}/{s}")
    tb = f"{mod}/src/test/scala/" + pkg.replace(".", "/")
    for s in test_subs: t.d(f"{tb}/{s}" if s else tb)
mods = {  # dir: (artifact, name, relativePath)
 "core": ("spark-core_2.13", "Spark Project Core", "../pom.xml"),
 "sql/core": ("spark-sql_2.13", "Spark Project SQL", "../../pom.xml"),
 "sql/catalyst": ("spark-catalyst_2.13", "Spark Project Catalyst", "../../pom.xml"),
 "sql/api": ("spark-sql-api_2.13", "Spark Project SQL API", "../../pom.xml"),
 "sql/hive": ("spark-hive_2.13", "Spark Project Hive", "../../pom.xml"),
 "sql/hive-thriftserver": ("spark-hive-thriftserver_2.13", "Spark Project Hive Thrift Server", "../../pom.xml"),
 "sql/pipelines": ("spark-pipelines_2.13", "Spark Project Declarative Pipelines", "../../pom.xml"),
 "sql/connect/server": ("spark-connect_2.13", "Spark Project Connect Server", "../../../pom.xml"),
 "sql/connect/common": ("spark-connect-common_2.13", "Spark Project Connect Common", "../../../pom.xml"),
 "sql/connect/client/jvm": ("spark-connect-client-jvm_2.13", "Spark Project Connect Client", "../../../../pom.xml"),
 "sql/connect/shims": ("spark-connect-shims_2.13", "Spark Project Connect Shims", "../../../pom.xml"),
 "streaming": ("spark-streaming_2.13", "Spark Project Streaming", "../pom.xml"),
 "mllib": ("spark-mllib_2.13", "Spark Project ML Library", "../pom.xml"),
 "mllib-local": ("spark-mllib-local_2.13", "Spark Project ML Local Library", "../pom.xml"),
 "graphx": ("spark-graphx_2.13", "Spark Project GraphX", "../pom.xml"),
 "repl": ("spark-repl_2.13", "Spark Project REPL", "../pom.xml"),
 "launcher": ("spark-launcher_2.13", "Spark Project Launcher", "../pom.xml"),
 "assembly": ("spark-assembly_2.13", "Spark Project Assembly", "../pom.xml"),
 "examples": ("spark-examples_2.13", "Spark Project Examples", "../pom.xml"),
 "hadoop-cloud": ("spark-hadoop-cloud_2.13", "Spark Project Hadoop Cloud Integration", "../pom.xml"),
 "common/network-common": ("spark-network-common_2.13", "Spark Project Networking", "../../pom.xml"),
 "common/network-shuffle": ("spark-network-shuffle_2.13", "Spark Project Shuffle Streaming Service", "../../pom.xml"),
 "common/network-yarn": ("spark-network-yarn_2.13", "Spark Project YARN Shuffle Service", "../../pom.xml"),
 "common/kvstore": ("spark-kvstore_2.13", "Spark Project Local DB", "../../pom.xml"),
 "common/sketch": ("spark-sketch_2.13", "Spark Project Sketch", "../../pom.xml"),
 "common/tags": ("spark-tags_2.13", "Spark Project Tags", "../../pom.xml"),
 "common/unsafe": ("spark-unsafe_2.13", "Spark Project Unsafe", "../../pom.xml"),
 "common/utils": ("spark-common-utils_2.13", "Spark Project Common Utils", "../../pom.xml"),
 "common/variant": ("spark-variant_2.13", "Spark Project Variant", "../../pom.xml"),
 "connector/kafka-0-10": ("spark-streaming-kafka-0-10_2.13", "Spark Integration for Kafka 0.10", "../../pom.xml"),
 "connector/kafka-0-10-sql": ("spark-sql-kafka-0-10_2.13", "Kafka 0.10+ Source for Structured Streaming", "../../pom.xml"),
 "connector/kafka-0-10-token-provider": ("spark-token-provider-kafka-0-10_2.13", "Kafka 0.10+ Token Provider for Streaming", "../../pom.xml"),
 "connector/kafka-0-10-assembly": ("spark-streaming-kafka-0-10-assembly_2.13", "Spark Integration for Kafka 0.10 Assembly", "../../pom.xml"),
 "connector/avro": ("spark-avro_2.13", "Spark Avro", "../../pom.xml"),
 "connector/protobuf": ("spark-protobuf_2.13", "Spark Protobuf", "../../pom.xml"),
 "connector/kinesis-asl": ("spark-streaming-kinesis-asl_2.13", "Spark Kinesis Integration", "../../pom.xml"),
 "connector/docker-integration-tests": ("spark-docker-integration-tests_2.13", "Spark Project Docker Integration Tests", "../../pom.xml"),
 "connector/profiler": ("spark-profiler_2.13", "Spark Profiler", "../../pom.xml"),
 "resource-managers/yarn": ("spark-yarn_2.13", "Spark Project YARN", "../../pom.xml"),
 "resource-managers/kubernetes/core": ("spark-kubernetes_2.13", "Spark Project Kubernetes", "../../../pom.xml"),
 "resource-managers/kubernetes/integration-tests": ("spark-kubernetes-integration-tests_2.13", "Spark Project Kubernetes Integration Tests", "../../../pom.xml"),
}
for d, (a, n, rel) in mods.items():
    t.f(f"{d}/pom.xml", pom(a, n, rel=rel, packaging="pom" if d == "assembly" else "jar"))
scala("core", "org.apache.spark", ["scheduler/cluster", "scheduler/dynalloc", "storage/memory", "rdd", "deploy/master/ui", "deploy/worker", "deploy/history", "deploy/k8s", "executor", "shuffle/sort",
      "memory", "util/collection", "api/java", "api/python", "ui/jobs", "ui/storage", "broadcast", "rpc/netty", "status/api/v1", "internal/config", "serializer", "metrics/sink"],
      ["scheduler", "storage", "rdd", "deploy/history", "shuffle/sort", "util/collection"])
t.d("core/src/main/java/org/apache/spark/unsafe/map", "core/src/main/java/org/apache/spark/shuffle/sort", "core/src/main/resources/org/apache/spark/ui/static",
    "core/src/test/resources/spark-events", "core/src/test/resources/HistoryServerExpectations", "core/benchmarks")
scala("sql/core", "org.apache.spark.sql", ["execution/datasources/parquet", "execution/datasources/orc", "execution/datasources/csv", "execution/datasources/json",
      "execution/datasources/jdbc", "execution/datasources/v2/jdbc", "execution/adaptive", "execution/joins", "execution/aggregate", "execution/columnar", "execution/command",
      "execution/streaming/state", "execution/streaming/sources", "execution/python", "execution/ui", "internal", "classic", "jdbc", "sources", "streaming/ui"],
      ["execution/datasources/parquet", "execution/datasources/orc", "execution/adaptive", "execution/joins", "execution/streaming/state", "streaming", "jdbc", "connector"])
t.d("sql/core/src/test/resources/sql-tests/inputs/ansi", "sql/core/src/test/resources/sql-tests/inputs/postgreSQL", "sql/core/src/test/resources/sql-tests/results/ansi",
    "sql/core/src/test/resources/sql-tests/analyzer-results", "sql/core/src/test/resources/test-data", "sql/core/src/test/resources/tpcds", "sql/core/src/test/resources/tpcds-query-results/v1_4",
    "sql/core/src/test/resources/structured-streaming/checkpoint-version-2.1.0", "sql/core/benchmarks", "sql/core/spark-warehouse/t1", "sql/core/src/main/java/org/apache/spark/sql/execution/datasources/parquet",
    "sql/core/src/main/resources/org/apache/spark/sql/execution/ui/static")
scala("sql/catalyst", "org.apache.spark.sql.catalyst", ["analysis/resolver", "optimizer", "expressions/aggregate", "expressions/codegen", "expressions/json", "parser", "plans/logical",
      "plans/physical", "catalog", "trees", "util", "rules", "encoders", "csv", "json", "xml"], ["analysis", "optimizer", "expressions", "parser"])
t.d("sql/api/src/main/antlr4/org/apache/spark/sql/catalyst/parser", "sql/api/src/main/scala/org/apache/spark/sql/types", "sql/api/src/main/scala/org/apache/spark/sql/errors",
    "sql/hive/src/main/scala/org/apache/spark/sql/hive/client", "sql/hive/src/main/scala/org/apache/spark/sql/hive/execution", "sql/hive/src/test/resources/golden", "sql/hive/src/test/scala/org/apache/spark/sql/hive/execution",
    "sql/hive-thriftserver/src/main/java/org/apache/hive/service/cli/thrift", "sql/hive-thriftserver/src/main/scala/org/apache/spark/sql/hive/thriftserver/ui",
    "sql/connect/server/src/main/scala/org/apache/spark/sql/connect/planner", "sql/connect/server/src/main/scala/org/apache/spark/sql/connect/service",
    "sql/connect/common/src/main/protobuf/spark/connect", "sql/connect/common/src/main/scala/org/apache/spark/sql/connect/common", "sql/connect/client/jvm/src/test/scala/org/apache/spark/sql/connect/client",
    "sql/connect/shims/src/main/scala/org/apache/spark", "sql/pipelines/src/main/scala/org/apache/spark/sql/pipelines/graph", "sql/gen-sql-functions-docs.py.d")
scala("streaming", "org.apache.spark.streaming", ["dstream", "receiver", "scheduler", "ui", "api/java", "util"], ["", "scheduler"])
scala("mllib", "org.apache.spark.ml", ["classification", "regression", "clustering", "feature", "recommendation", "tuning", "evaluation", "linalg", "param/shared", "stat", "tree/impl", "util", "fpm"], ["feature", "classification"])
t.d("mllib/src/main/scala/org/apache/spark/mllib/clustering", "mllib/src/main/scala/org/apache/spark/mllib/linalg/distributed", "mllib/src/main/scala/org/apache/spark/mllib/tree/model",
    "mllib-local/src/main/scala/org/apache/spark/ml/linalg", "mllib-local/src/main/scala/org/apache/spark/ml/stat/distribution",
    "graphx/src/main/scala/org/apache/spark/graphx/lib", "graphx/src/main/scala/org/apache/spark/graphx/impl", "graphx/src/main/scala/org/apache/spark/graphx/util",
    "repl/src/main/scala/org/apache/spark/repl", "launcher/src/main/java/org/apache/spark/launcher", "hadoop-cloud/src/main/scala/org/apache/spark/internal/io/cloud")
for c, pk in [("network-common", "network/client"), ("network-common", "network/server"), ("network-common", "network/crypto"), ("network-shuffle", "network/shuffle/checksum"),
              ("network-yarn", "network/yarn"), ("kvstore", "util/kvstore"), ("sketch", "util/sketch"), ("tags", "tags"), ("unsafe", "unsafe/types"), ("variant", "types/variant")]:
    t.d(f"common/{c}/src/main/java/org/apache/spark/{pk}")
t.d("common/utils/src/main/scala/org/apache/spark/util", "common/utils/src/main/resources/error", "common/utils/src/main/java/org/apache/spark/network/util")
for c, pk in [("kafka-0-10", "streaming/kafka010"), ("kafka-0-10-sql", "sql/kafka010/consumer"), ("kafka-0-10-token-provider", "kafka010"), ("avro", "sql/avro"),
              ("protobuf", "sql/protobuf/utils"), ("kinesis-asl", "streaming/kinesis"), ("docker-integration-tests", "sql/jdbc/v2"), ("profiler", "profiler")]:
    t.d(f"connector/{c}/src/main/scala/org/apache/spark/{pk}", f"connector/{c}/target/tmp")
t.d("connector/kafka-0-10-sql/src/test/scala/org/apache/spark/sql/kafka010", "connector/protobuf/src/test/resources/protobuf", "connector/spark-ganglia-lgpl/src/main/scala/org/apache/spark/metrics/sink",
    "connector/kinesis-asl/src/main/python/examples/streaming", "connector/kinesis-asl-assembly")
t.d("resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn", "resource-managers/yarn/src/test/scala/org/apache/spark/deploy/yarn",
    "resource-managers/kubernetes/core/src/main/scala/org/apache/spark/deploy/k8s/features", "resource-managers/kubernetes/core/src/main/scala/org/apache/spark/scheduler/cluster/k8s",
    "resource-managers/kubernetes/docker/src/main/dockerfiles/spark/bindings/python", "resource-managers/kubernetes/integration-tests/src/test/scala/org/apache/spark/deploy/k8s/integrationtest/backend/minikube",
    "resource-managers/kubernetes/integration-tests/scripts")
for lang, ext in [("scala", "scala"), ("java", "java"), ("python", None), ("r", None)]:
    if ext:
        for s in ["ml", "mllib", "sql/streaming", "sql/hive", "streaming"]: t.d(f"examples/src/main/{lang}/org/apache/spark/examples/{s}")
t.d("examples/src/main/python/ml", "examples/src/main/python/mllib", "examples/src/main/python/sql/streaming", "examples/src/main/python/streaming", "examples/src/main/r/ml",
    "examples/src/main/resources/dir1/dir2")
# PySpark
t.f("python/setup.py", "from setuptools import setup\n\nsetup(\n    name='pyspark',\n    version=VERSION,\n    description='Apache Spark Python API',\n)\n")
for p, n in [("classic", "pyspark"), ("client", "pyspark-client"), ("connect", "pyspark-connect")]:
    t.f(f"python/packaging/{p}/setup.py", f"from setuptools import setup\n\nsetup(\n    name='{n}',\n)\n")
for p in ["sql/connect/proto", "sql/connect/client", "sql/connect/streaming/worker", "sql/connect/shell", "sql/pandas", "sql/streaming", "sql/tests/connect/arrow", "sql/tests/pandas", "sql/tests/streaming",
          "sql/functions", "sql/worker", "ml/connect", "ml/linalg", "ml/tests/connect", "ml/param", "mllib/linalg", "mllib/stat", "mllib/tests", "pandas/data_type_ops", "pandas/plot",
          "pandas/tests/frame", "pandas/tests/indexes", "pandas/tests/connect/frame", "pandas/indexes", "pandas/spark", "streaming/tests", "errors/exceptions", "testing", "tests",
          "resource", "logger", "cloudpickle", "pipelines"]:
    t.d("python/pyspark/" + p)
t.d("python/docs/source/reference/pyspark.sql", "python/docs/source/reference/pyspark.pandas", "python/docs/source/user_guide/pandas_on_spark", "python/docs/source/getting_started",
    "python/docs/source/development", "python/test_support/sql/streaming", "python/test_support/sql/orc_partitioned", "python/benchmarks", "python/lib", "python/build/lib/pyspark",
    "python/pyspark.egg-info", "python/pyspark/__pycache__", "python/pyspark/sql/__pycache__")
# SparkR
t.d("R/pkg/R", "R/pkg/inst/tests", "R/pkg/inst/worker", "R/pkg/tests/fulltests", "R/pkg/vignettes", "R/pkg/man", "R/lib/SparkR")
t.f("R/pkg/DESCRIPTION", "Package: SparkR\nType: Package\nVersion: 4.1.0\nTitle: R Front End for 'Apache Spark'\n")
# docs, dev, build, misc
for d in ["_layouts", "_includes", "_plugins", "_data", "css", "js", "img", "sql-ref-syntax", "_site/api", "streaming", "mllib"]: t.d("docs/" + d)
t.d("dev/create-release/spark-rm", "dev/deps", "dev/infra", "dev/sparktestsupport", "dev/spark-test-image/python-312", "dev/spark-test-image/docs", "dev/connect-jvm-client-mima-check.d",
    "dev/tox.d", "bin", "sbin", "conf", "build", "data/mllib/images/origin/kittens", "data/mllib/sample_lda", "data/streaming", "data/graphx", "licenses", "licenses-binary",
    "project/target/streams", "project/project", "ui-test/tests", "ui-test/node_modules/jest", "binder", "common/network-common/target/tmp", "core/target/tmp", "assembly/target/scala-2.13/jars",
    ".github/workflows", ".idea/codeStyles", "dist/jars", "spark-warehouse", "metastore_db/seg0")
t.f("project/SparkBuild.scala", "object BuildCommons {\n}\n")
t.f("ui-test/package.json", '{\n  "name": "spark-ui-test",\n  "version": "1.0.0",\n  "private": true\n}\n')
t.write(sys.argv[1])
