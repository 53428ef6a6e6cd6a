# apache/airflow (3.x layout): airflow-core, task-sdk, airflow-ctl, providers/*/ each a uv workspace member
import sys; sys.path.insert(0, __file__.rsplit("/", 1)[0])
from treelib import Tree, pyproject, pkg_json
t = Tree()
t.f(".gitignore", "# Python\n__pycache__/\n*.py[cod]\n*.egg-info/\n.venv/\nvenv/\ndist/\nbuild/\n.mypy_cache/\n.pytest_cache/\n.ruff_cache/\n# runtime\n/logs/\n/files/\n/airflow.db\n# ui\nnode_modules/\n/airflow-core/src/airflow/ui/dist/\n/airflow-core/src/airflow/ui/openapi-gen/\n.build/\n")
t.f("pyproject.toml", pyproject("apache-airflow", "3.1.0") + "\n[tool.uv.workspace]\nmembers = [\"airflow-core\", \"task-sdk\", \"airflow-ctl\", \"providers/*\"]\n")
t.d(".github/workflows", ".github/actions/breeze", ".github/ISSUE_TEMPLATE", ".devcontainer/mysql", "scripts/ci/pre_commit", "scripts/ci/docker-compose",
    "scripts/in_container/bin", "scripts/docker", "dev/breeze/src/airflow_breeze/commands", "dev/breeze/src/airflow_breeze/utils",
    "dev/breeze/src/airflow_breeze/params", "dev/breeze/tests", "dev/breeze/doc/images", "dev/airflow-github", "dev/system_tests",
    "chart/templates/scheduler", "chart/templates/webserver", "chart/templates/workers", "chart/templates/dag-processor", "chart/files/pod-template-file",
    "chart/docs", "generated/provider_dependencies", "clients/python/test", "docker-stack-docs/docker-examples/extending",
    "airflow-e2e-tests/tests/airflow_e2e_tests", "docker-tests/tests/docker_tests", "kubernetes-tests/tests/kubernetes_tests",
    "helm-tests/tests/helm_tests/airflow_core", "helm-tests/tests/helm_tests/security", "task-sdk-integration-tests/tests")
t.f("dev/breeze/pyproject.toml", pyproject("apache-airflow-breeze", "0.0.1"))
t.f("helm-tests/pyproject.toml", pyproject("apache-airflow-helm-tests", "0.0.1"))
t.f("docker-tests/pyproject.toml", pyproject("apache-airflow-docker-tests", "0.0.1"))
t.f("kubernetes-tests/pyproject.toml", pyproject("apache-airflow-kubernetes-tests", "0.0.1"))
t.f("devel-common/pyproject.toml", pyproject("apache-airflow-devel-common", "0.1.0"))
t.d("devel-common/src/tests_common/test_utils", "devel-common/src/tests_common/pytest_plugin", "devel-common/src/sphinx_exts")
t.f("clients/python/pyproject.toml", pyproject("apache-airflow-client", "3.1.0"))
# ignored: virtualenv holding an installed airflow, logs, node_modules, dist
t.d(".venv/lib/python3.12/site-packages/airflow/providers/amazon/aws/hooks", ".venv/lib/python3.12/site-packages/airflow/sdk",
    ".venv/bin", "logs/dag_id=example_bash_operator/run_id=manual", "dist", "files/dags",
    "airflow-core/src/airflow/ui/node_modules/@tanstack/react-query", "airflow-core/src/airflow/ui/node_modules/@chakra-ui/react",
    "airflow-core/src/airflow/ui/dist/assets", ".mypy_cache/3.12/airflow", "providers/amazon/build/lib/airflow/providers/amazon")
# airflow-core
t.f("airflow-core/pyproject.toml", pyproject("apache-airflow-core", "3.1.0"))
core = ["api/common", "api_fastapi/core_api/routes/public", "api_fastapi/core_api/routes/ui", "api_fastapi/core_api/datamodels/ui",
        "api_fastapi/core_api/services/public", "api_fastapi/core_api/openapi", "api_fastapi/execution_api/routes", "api_fastapi/execution_api/datamodels",
        "api_fastapi/execution_api/versions", "api_fastapi/auth/managers/simple", "api_fastapi/common/db", "cli/commands", "dag_processing/bundles",
        "executors", "jobs", "models", "serialization/serializers", "utils/log", "migrations/versions", "config_templates", "timetables",
        "triggers", "secrets", "security", "callbacks", "assets", "example_dags/plugins", "listeners/spec", "notifications", "plugins",
        "ui/src/components/Graph", "ui/src/pages/Dag/Overview", "ui/src/pages/DagsList", "ui/src/queries", "ui/src/layouts/Nav", "ui/src/utils",
        "ui/public/i18n/locales/en", "ui/openapi-gen/queries"]
for c in core:
    t.d("airflow-core/src/airflow/" + c)
t.f("airflow-core/src/airflow/ui/package.json", pkg_json("ui", True))
for c in ["api_fastapi/core_api/routes/public", "api_fastapi/execution_api/versions", "cli/commands", "dag_processing", "executors", "jobs",
          "models", "serialization", "utils", "timetables", "triggers", "always", "assets"]:
    t.d("airflow-core/tests/unit/" + c)
t.d("airflow-core/tests/integration/otel", "airflow-core/tests/system/example_empty", "airflow-core/docs/administration-and-deployment/logging-monitoring",
    "airflow-core/docs/howto/docker-compose", "airflow-core/docs/img/ui-dark", "airflow-core/docs/core-concepts", "airflow-core/newsfragments")
# task sdk
t.f("task-sdk/pyproject.toml", pyproject("apache-airflow-task-sdk", "1.1.0"))
for c in ["src/airflow/sdk/api/datamodels", "src/airflow/sdk/bases", "src/airflow/sdk/definitions/_internal", "src/airflow/sdk/definitions/decorators",
          "src/airflow/sdk/execution_time", "src/airflow/sdk/io", "src/airflow/sdk/log", "tests/task_sdk/api", "tests/task_sdk/definitions/decorators",
          "tests/task_sdk/execution_time", "docs"]:
    t.d("task-sdk/" + c)
t.f("airflow-ctl/pyproject.toml", pyproject("apache-airflow-ctl", "0.1.0"))
t.d("airflow-ctl/src/airflowctl/api", "airflow-ctl/src/airflowctl/ctl/commands", "airflow-ctl/tests/airflow_ctl/ctl", "airflow-ctl/docs")
# providers
def provider(path, dist, pkgpath, subdirs, testsub=None, system=True):
    t.f(f"providers/{path}/pyproject.toml", pyproject("apache-airflow-providers-" + dist, "9.0.0"))
    t.d(f"providers/{path}/docs", f"providers/{path}/src/airflow/providers/{pkgpath}")
    for s in subdirs:
        t.d(f"providers/{path}/src/airflow/providers/{pkgpath}/{s}")
        t.d(f"providers/{path}/tests/unit/{pkgpath}/{s}")   # unit tests mirror the source tree
    if system:
        t.d(f"providers/{path}/tests/system/{pkgpath}")
provider("amazon", "amazon", "amazon", ["aws/hooks", "aws/operators", "aws/sensors", "aws/triggers", "aws/transfers", "aws/links",
         "aws/executors/ecs", "aws/executors/batch", "aws/auth_manager", "aws/utils", "aws/waiters", "aws/log"])
provider("google", "google", "google", ["cloud/hooks", "cloud/operators", "cloud/sensors", "cloud/triggers", "cloud/transfers", "cloud/links",
         "ads/hooks", "ads/operators", "marketing_platform/operators", "suite/operators", "firebase/hooks", "common/hooks", "leveldb"])
provider("microsoft/azure", "microsoft-azure", "microsoft/azure", ["hooks", "operators", "sensors", "transfers", "log"])
provider("cncf/kubernetes", "cncf-kubernetes", "cncf/kubernetes", ["hooks", "operators", "sensors", "triggers", "executors",
         "kubernetes_helper_functions", "pod_template_file_examples", "decorators"])
provider("databricks", "databricks", "databricks", ["hooks", "operators", "sensors", "triggers", "plugins"])
provider("postgres", "postgres", "postgres", ["hooks", "assets"])
provider("http", "http", "http", ["hooks", "operators", "sensors", "triggers"])
provider("standard", "standard", "standard", ["operators", "sensors", "triggers", "decorators", "example_dags", "utils"])
provider("celery", "celery", "celery", ["executors", "cli"])
provider("slack", "slack", "slack", ["hooks", "operators", "notifications"])
provider("openlineage", "openlineage", "openlineage", ["extractors", "plugins", "utils", "facets"])
provider("common/sql", "common-sql", "common/sql", ["hooks", "operators", "sensors", "dialects"])
provider("common/io", "common-io", "common/io", ["operators", "xcom"])
provider("fab", "fab", "fab", ["auth_manager/api_fastapi", "auth_manager/security_manager", "migrations/versions", "www/static"])
provider("apache/spark", "apache-spark", "apache/spark", ["hooks", "operators", "decorators"])
provider("apache/kafka", "apache-kafka", "apache/kafka", ["hooks", "operators", "triggers"])
provider("dbt/cloud", "dbt-cloud", "dbt/cloud", ["hooks", "operators", "sensors"])
t.d("providers/fab/src/airflow/providers/fab/www/static/node_modules/jquery")   # ignored
t.write(sys.argv[1])
