# quarkusio/quarkus (Maven multi-module): core/, extensions/<x>/{deployment,runtime}, independent-projects/, integration-tests/, devtools/
import sys; sys.path.insert(0, __file__.rsplit("/", 1)[0])
from treelib import Tree, pom
t = Tree()
t.f(".gitignore", "target/\n.idea/\n*.iml\n.settings/\n.project\n.classpath\nnode_modules/\n.gradle/\n/devtools/gradle/build/\n/devtools/gradle/*/build/\n.quarkus/\n")
t.f("pom.xml", pom("quarkus-project", packaging="pom"))
t.d(".github/workflows", ".github/ISSUE_TEMPLATE", ".mvn/wrapper", "adr", "jakarta/rewrite", "misc/maven", "docs/src/main/asciidoc/images",
    "docs/src/main/asciidoc/_attributes", "docs/src/main/java/io/quarkus/docs/generation", "tcks/microprofile-config", "tcks/microprofile-rest-client",
    "tcks/microprofile-health", "tcks/resteasy-reactive")
t.f("docs/pom.xml", pom("quarkus-documentation", "quarkus-build-parent"))
t.f("bom/application/pom.xml", pom("quarkus-bom", "quarkus-project"))
t.f("build-parent/pom.xml", pom("quarkus-build-parent", "quarkus-project"))
def jpath(pkg): return "src/main/java/" + pkg.replace(".", "/")
core = {"runtime": ("quarkus-core", "io.quarkus.runtime", ["annotations", "configuration", "util", "logging", "shutdown"]),
        "deployment": ("quarkus-core-deployment", "io.quarkus.deployment", ["builditem/nativeimage", "steps", "pkg/steps", "dev/testing", "configuration", "logging"]),
        "processor": ("quarkus-extension-processor", "io.quarkus.annotation.processor", ["documentation/config"]),
        "builder": ("quarkus-builder", "io.quarkus.builder", ["item"]), "launcher": ("quarkus-launcher", "io.quarkus.launcher", []),
        "junit4-mock": ("quarkus-junit4-mock", "org.junit", [])}
t.f("core/pom.xml", pom("quarkus-core-parent", "quarkus-build-parent"))
for d, (a, pkg, subs) in core.items():
    t.f(f"core/{d}/pom.xml", pom(a, "quarkus-core-parent"))
    t.d(f"core/{d}/{jpath(pkg)}")
    for s in subs:
        t.d(f"core/{d}/{jpath(pkg)}/{s}")
    if d == "runtime":
        t.d(f"core/{d}/target/classes/" + pkg.replace(".", "/"))  # ignored
t.d("core/deployment/src/test/java/io/quarkus/deployment/builditem", "core/runtime/src/main/resources/META-INF/services")
t.f("extensions/pom.xml", pom("quarkus-extensions-parent", "quarkus-build-parent"))
exts = {  # folder: (artifact base, java package)
 "arc": ("quarkus-arc", "io.quarkus.arc"), "vertx-http": ("quarkus-vertx-http", "io.quarkus.vertx.http"),
 "hibernate-orm": ("quarkus-hibernate-orm", "io.quarkus.hibernate.orm"),

 "kafka-client": ("quarkus-kafka-client", "io.quarkus.kafka.client"), "smallrye-reactive-messaging-kafka": ("quarkus-messaging-kafka", "io.quarkus.smallrye.reactivemessaging.kafka"),
 "oidc": ("quarkus-oidc", "io.quarkus.oidc"), "oidc-client": ("quarkus-oidc-client", "io.quarkus.oidc.client"),
 "scheduler": ("quarkus-scheduler", "io.quarkus.scheduler"),

 "grpc": ("quarkus-grpc", "io.quarkus.grpc"),




}
def ext_module(base_dir, art, pkg, parent):
    t.f(f"{base_dir}/pom.xml", pom(art + "-parent", parent, packaging="pom"))
    t.f(f"{base_dir}/deployment/pom.xml", pom(art + "-deployment", art + "-parent"))
    t.f(f"{base_dir}/runtime/pom.xml", pom(art, art + "-parent"))
    t.d(f"{base_dir}/deployment/{jpath(pkg)}/deployment", f"{base_dir}/runtime/{jpath(pkg)}/runtime",
        f"{base_dir}/runtime/src/main/resources/META-INF",
        f"{base_dir}/deployment/target/classes", f"{base_dir}/runtime/target/classes")  # target/ ignored
for d, (a, pkg) in exts.items():
    ext_module("extensions/" + d, a, pkg, "quarkus-extensions-parent")
# nested extension groups
t.f("extensions/resteasy-reactive/pom.xml", pom("quarkus-resteasy-reactive-parent-aggregator", "quarkus-extensions-parent", packaging="pom"))
for d, a, pkg in [("rest", "quarkus-rest", "io.quarkus.resteasy.reactive.server"), ("rest-client", "quarkus-rest-client", "io.quarkus.rest.client.reactive"),
                  ]:
    ext_module("extensions/resteasy-reactive/" + d, a, pkg, "quarkus-resteasy-reactive-parent-aggregator")
t.f("extensions/jdbc/pom.xml", pom("quarkus-jdbc-parent", "quarkus-extensions-parent", packaging="pom"))
for db in ["postgresql"]:
    ext_module("extensions/jdbc/jdbc-" + db, "quarkus-jdbc-" + db, "io.quarkus.jdbc." + db, "quarkus-jdbc-parent")
t.f("extensions/panache/pom.xml", pom("quarkus-panache-parent", "quarkus-extensions-parent", packaging="pom"))
for d, a, pkg in [("hibernate-orm-panache", "quarkus-hibernate-orm-panache", "io.quarkus.hibernate.orm.panache")]:
    ext_module("extensions/panache/" + d, a, pkg, "quarkus-panache-parent")
t.f("extensions/kubernetes/pom.xml", pom("quarkus-kubernetes-parent", "quarkus-extensions-parent", packaging="pom"))
ext_module("extensions/kubernetes/vanilla", "quarkus-kubernetes", "io.quarkus.kubernetes", "quarkus-kubernetes-parent")
t.f("extensions/kubernetes/spi/pom.xml", pom("quarkus-kubernetes-spi", "quarkus-kubernetes-parent"))
t.d("extensions/kubernetes/spi/src/main/java/io/quarkus/kubernetes/spi")
t.d("extensions/vertx-http/dev-ui-resources/src/main/resources/dev-ui/qwc", "extensions/vertx-http/dev-ui-resources/node_modules/lit")
t.f("extensions/vertx-http/dev-ui-resources/pom.xml", pom("quarkus-vertx-http-dev-ui-resources", "quarkus-vertx-http-parent"))
# independent projects (own parents)
t.f("independent-projects/arc/pom.xml", pom("arc-parent", group="io.quarkus.arc"))
for d, a in [("runtime", "arc"), ("processor", "arc-processor"), ("tests", "arc-tests"), ("tcks/cdi-tck-runner", "arc-cdi-tck-runner")]:
    t.f(f"independent-projects/arc/{d}/pom.xml", pom(a, "arc-parent", group="io.quarkus.arc"))
    t.d(f"independent-projects/arc/{d}/src/main/java/io/quarkus/arc")
t.d("independent-projects/arc/processor/src/main/java/io/quarkus/arc/processor", "independent-projects/arc/runtime/src/main/java/io/quarkus/arc/impl")
t.f("independent-projects/qute/pom.xml", pom("qute-parent", group="io.quarkus.qute"))
for d in ["core", "generator", "debug"]:
    t.f(f"independent-projects/qute/{d}/pom.xml", pom("qute-" + d, "qute-parent", group="io.quarkus.qute"))
    t.d(f"independent-projects/qute/{d}/src/main/java/io/quarkus/qute")
t.f("independent-projects/resteasy-reactive/pom.xml", pom("resteasy-reactive-parent", group="io.quarkus.resteasy.reactive"))
for d, a in [("server/runtime", "resteasy-reactive"), ("server/processor", "resteasy-reactive-processor"), ("client/runtime", "resteasy-reactive-client"),
             ("common/runtime", "resteasy-reactive-common")]:
    t.f(f"independent-projects/resteasy-reactive/{d}/pom.xml", pom(a, "resteasy-reactive-" + d.split("/")[0] + "-parent", group="io.quarkus.resteasy.reactive"))
    t.d(f"independent-projects/resteasy-reactive/{d}/src/main/java/org/jboss/resteasy/reactive")
t.f("independent-projects/bootstrap/pom.xml", pom("quarkus-bootstrap-parent"))
for d, a in [("core", "quarkus-bootstrap-core"), ("app-model", "quarkus-bootstrap-app-model"), ("maven-resolver", "quarkus-bootstrap-maven-resolver"),
             ("runner", "quarkus-bootstrap-runner")]:
    t.f(f"independent-projects/bootstrap/{d}/pom.xml", pom(a, "quarkus-bootstrap-parent"))
    t.d(f"independent-projects/bootstrap/{d}/src/main/java/io/quarkus/bootstrap")
t.f("independent-projects/tools/pom.xml", pom("quarkus-tools-parent"))
for d, a in [("devtools-common", "quarkus-devtools-common"), ("registry-client", "quarkus-devtools-registry-client"), ("codestarts", "quarkus-devtools-codestarts")]:
    t.f(f"independent-projects/tools/{d}/pom.xml", pom(a, "quarkus-tools-parent"))
    t.d(f"independent-projects/tools/{d}/src/main/java/io/quarkus/devtools")
t.d("independent-projects/tools/codestarts/src/main/resources/codestarts/quarkus/extension-codestarts")
t.f("independent-projects/extension-maven-plugin/pom.xml", pom("quarkus-extension-maven-plugin"))
t.d("independent-projects/extension-maven-plugin/src/main/java/io/quarkus/maven")
# integration tests (artifactIds differ from folder names)
t.f("integration-tests/pom.xml", pom("quarkus-integration-tests-parent", "quarkus-build-parent", packaging="pom"))
for d, a, pkg in [("kafka", "quarkus-integration-test-kafka", "io.quarkus.it.kafka"), ("hibernate-orm-panache", "quarkus-integration-test-hibernate-orm-panache", "io.quarkus.it.panache"),
                  ("rest-client", "quarkus-integration-test-rest-client", "io.quarkus.it.rest.client"), ("main", "quarkus-integration-test-main", "io.quarkus.it"),
                  ("oidc", "quarkus-integration-test-oidc", "io.quarkus.it.keycloak"), ("grpc-hello-world", "quarkus-integration-test-grpc-hello-world", "io.quarkus.grpc.examples.hello"),
                  ("scheduler", "quarkus-integration-test-scheduler", "io.quarkus.it.scheduler"),
                  ]:
    t.f(f"integration-tests/{d}/pom.xml", pom(a, "quarkus-integration-tests-parent"))
    t.d(f"integration-tests/{d}/{jpath(pkg)}", f"integration-tests/{d}/src/main/resources",
        f"integration-tests/{d}/target/quarkus-app")
t.f("integration-tests/kubernetes/pom.xml", pom("quarkus-integration-test-kubernetes-parent", "quarkus-integration-tests-parent", packaging="pom"))
t.f("integration-tests/kubernetes/quarkus-standard-way/pom.xml", pom("quarkus-integration-test-kubernetes-standard", "quarkus-integration-test-kubernetes-parent"))
t.d("integration-tests/kubernetes/quarkus-standard-way/src/test/java/io/quarkus/it/kubernetes", "integration-tests/kubernetes/maven-invoker-way/src/it/kubernetes-with-defaults")
t.f("integration-tests/gradle/pom.xml", pom("quarkus-integration-test-gradle-plugin", "quarkus-integration-tests-parent"))
for proj in ["basic-java-application-project", "multi-module-kotlin-project", "kafka-client-project", "grpc-multi-module-project"]:
    t.f(f"integration-tests/gradle/src/main/resources/{proj}/settings.gradle", f"rootProject.name = '{proj}'\n")
    t.d(f"integration-tests/gradle/src/main/resources/{proj}/src/main/java/org/acme")
t.d("integration-tests/gradle/src/test/java/io/quarkus/gradle", "integration-tests/gradle/src/main/resources/kafka-client-project/build/classes")
# devtools
t.f("devtools/pom.xml", pom("quarkus-devtools-all", "quarkus-build-parent", packaging="pom"))
t.f("devtools/cli/pom.xml", pom("quarkus-cli", "quarkus-devtools-all"))
t.d("devtools/cli/src/main/java/io/quarkus/cli/build", "devtools/cli/src/main/java/io/quarkus/cli/create", "devtools/cli/src/test/java/io/quarkus/cli")
t.f("devtools/maven/pom.xml", pom("quarkus-maven-plugin", "quarkus-devtools-all"))
t.d("devtools/maven/src/main/java/io/quarkus/maven/dependency", "devtools/maven/src/main/java/io/quarkus/maven/components")
t.f("devtools/gradle/settings.gradle.kts", 'rootProject.name = "quarkus-gradle-plugins"\ninclude("gradle-application-plugin", "gradle-extension-plugin", "gradle-model")\n')
for d in ["gradle-application-plugin", "gradle-extension-plugin", "gradle-model"]:
    t.d(f"devtools/gradle/{d}/src/main/java/io/quarkus/gradle", f"devtools/gradle/{d}/build/libs")
t.d("devtools/gradle/gradle/wrapper", "devtools/gradle/.gradle/8.10")
t.f("devtools/bom-descriptor-json/pom.xml", pom("quarkus-bom-quarkus-platform-descriptor", "quarkus-devtools-all"))
t.f("test-framework/pom.xml", pom("quarkus-test-framework", "quarkus-build-parent", packaging="pom"))
for d in ["junit5", "junit5-internal", "common", "h2"]:
    t.f(f"test-framework/{d}/pom.xml", pom("quarkus-" + d if d not in ("common", "maven", "kubernetes-client", "h2", "jacoco") else "quarkus-test-" + d, "quarkus-test-framework"))
    t.d(f"test-framework/{d}/src/main/java/io/quarkus/test")
t.write(sys.argv[1])
