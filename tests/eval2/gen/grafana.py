# grafana/grafana (Go backend + TypeScript frontend, yarn workspaces with @grafana/* packages, Go sub-modules)
import sys; sys.path.insert(0, __file__.rsplit("/", 1)[0])
from treelib import Tree, go_mod
t = Tree()
def pj(name, private=False):
    s = '{\n  "name": "%s",\n  "version": "12.1.0-pre",\n  "license": "Apache-2.0"' % name
    if private: s += ',\n  "private": true'
    return s + ',\n  "main": "src/index.ts"\n}\n'
t.f(".gitignore", "node_modules\n.yarn/cache\n/dist\n/public/build\n/public/lib/monaco\n/public/views/index.html\n/data/*\n/bin/*\n/tmp\n*.log\npackages/**/dist\npublic/app/plugins/**/dist/\n/e2e/test-results\n/playwright-report\n/.awcache\n.idea/\n/devenv/docker/blocks/*/data\n")
t.f("package.json", pj("grafana", True))
t.f("go.mod", go_mod("github.com/grafana/grafana"))
t.f("go.work", "go 1.24.0\n\nuse (\n\t.\n\t./apps/dashboard\n\t./apps/folder\n\t./apps/playlist\n\t./pkg/apimachinery\n\t./pkg/apiserver\n\t./pkg/promlib\n)\n")
t.d(".github/workflows", ".github/ISSUE_TEMPLATE", ".vscode", ".yarn/releases", ".yarn/cache/lodash", "node_modules/@grafana/ui", "node_modules/react/cjs",
    "bin/linux-amd64", "data/log", "data/plugins", "public/build/static/js", "dist/grafana-12.1.0", "tmp/cache")
# ---- Go backend
svc = {
 "accesscontrol": ["acimpl", "database", "ossaccesscontrol", "resourcepermissions", "api"],
 "auth": ["authimpl", "jwt", "identity"],
 "authn": ["authnimpl", "clients", "authntest"],
 "dashboards": ["database", "service", "dashboardaccess"],
 "datasources": ["service", "guardian", "datasourcetest"],
 "featuremgmt": [],
 "folder": ["folderimpl", "foldertest"],
 "libraryelements": [],
 "librarypanels": [],
 "ngalert": ["api/tooling/definitions", "api", "eval", "models", "notifier/channels_config", "notifier", "schedule", "state/historian", "state", "store", "provisioning", "remote", "sender", "image"],
 "org": ["orgimpl", "orgtest"],
 "pluginsintegration": ["pluginstore", "pluginsettings", "plugininstaller", "managedplugins", "pluginaccesscontrol"],
 "provisioning": ["dashboards", "datasources", "alerting", "plugins", "notifiers"],
 "publicdashboards": ["api", "database", "service", "validation"],
 "query": [],
 "search": ["model"],
 "serviceaccounts": ["api", "database", "manager", "extsvcaccounts"],
 "sqlstore": ["migrations/accesscontrol", "migrations/ualert", "migrations", "migrator", "searchstore", "session"],
 "team": ["teamimpl", "teamapi", "teamtest"],
 "user": ["userimpl", "usertest"],
}
for s, subs in svc.items():
    t.d(f"pkg/services/{s}")
    for x in subs: t.d(f"pkg/services/{s}/{x}")
t.d("pkg/services/ngalert/api/tooling/definitions", "pkg/services/ngalert/notifier/testdata", "pkg/services/provisioning/dashboards/testdata/test-dashboards/folder-one",
    "pkg/services/provisioning/datasources/testdata/all-properties", "pkg/services/provisioning/alerting/testdata")
tsdb = ["azuremonitor/metrics", "azuremonitor/loganalytics", "azuremonitor/resourcegraph", "azuremonitor/testdata", "cloud-monitoring", "cloudwatch/models", "cloudwatch/routes",
        "elasticsearch/client", "elasticsearch/testdata_request", "elasticsearch/testdata_response", "grafana-postgresql-datasource/sqleng", "grafana-testdata-datasource/scenarios",
        "grafana-pyroscope-datasource", "graphite", "influxdb/influxql", "influxdb/flux", "influxdb/fsql", "jaeger", "loki/instrumentation", "loki/testdata", "loki/kinds/dataquery",
        "mssql/sqleng", "mysql/sqleng", "opentsdb", "parca", "prometheus", "tempo/kinds/dataquery", "zipkin", "grafanads", "legacydata"]
for x in tsdb: t.d("pkg/tsdb/" + x)
t.d("pkg/api/dtos", "pkg/api/routing", "pkg/api/response", "pkg/api/webassets", "pkg/api/frontendlogging", "pkg/api/static",
    "pkg/cmd/grafana/commands", "pkg/cmd/grafana-cli/commands/datamigrations", "pkg/cmd/grafana-cli/services", "pkg/cmd/grafana-server",
    "pkg/infra/log/logtest", "pkg/infra/db/dbtest", "pkg/infra/tracing", "pkg/infra/metrics/metricutil", "pkg/infra/kvstore",
    "pkg/setting", "pkg/server", "pkg/middleware/csrf", "pkg/models", "pkg/util/errutil", "pkg/util/testutil", "pkg/util/xorm",
    "pkg/plugins/manager/loader", "pkg/plugins/manager/pipeline/bootstrap", "pkg/plugins/manager/pipeline/discovery", "pkg/plugins/manager/registry", "pkg/plugins/manager/signature",
    "pkg/plugins/manager/testdata/test-app/dashboards", "pkg/plugins/manager/testdata/includes-symlinks", "pkg/plugins/manager/testdata/duplicate-plugins/nested/nested",
    "pkg/plugins/manager/testdata/test-panel", "pkg/plugins/backendplugin/coreplugin", "pkg/plugins/backendplugin/grpcplugin", "pkg/plugins/config", "pkg/plugins/log",
    "pkg/registry/apis/dashboard/legacy", "pkg/registry/apis/folders", "pkg/registry/apis/query/queryschema", "pkg/registry/apis/datasource", "pkg/registry/apis/provisioning/jobs", "pkg/registry/apis/provisioning/repository",
    "pkg/storage/unified/resource", "pkg/storage/unified/sql/db/dbimpl", "pkg/storage/unified/apistore", "pkg/storage/unified/search", 
    "pkg/tests/api/alerting", "pkg/tests/api/dashboards", "pkg/tests/api/plugins/data/expectedListResp", "pkg/tests/testinfra", "pkg/kinds/dashboard", "pkg/codegen/generators", "pkg/web/webtest")
for m, subs in {"pkg/apimachinery": ["identity", "errutil", "utils"], "pkg/apiserver": ["rest", "endpoints/request", "storage/file"],
                "pkg/promlib": ["querydata", "models", "resource", "converter/testdata"]}.items():
    t.f(m + "/go.mod", go_mod("github.com/grafana/grafana/" + m))
    for x in subs: t.d(f"{m}/{x}")
for a, subs in {"dashboard": ["kinds/v2alpha1", "pkg/apis/dashboard/v1beta1", "pkg/migration/testdata/input"], "folder": ["kinds", "pkg/apis/folder/v1beta1"],
                "playlist": ["kinds", "pkg/apis/playlist/v0alpha1", "pkg/app"]}.items():
    t.f(f"apps/{a}/go.mod", go_mod(f"github.com/grafana/grafana/apps/{a}"))
    for x in subs: t.d(f"apps/{a}/{x}")
# ---- frontend workspaces
pk = {"grafana-ui": "@grafana/ui", "grafana-data": "@grafana/data", "grafana-runtime": "@grafana/runtime", "grafana-schema": "@grafana/schema",
      "grafana-e2e-selectors": "@grafana/e2e-selectors", "grafana-prometheus": "@grafana/prometheus", "grafana-sql": "@grafana/sql",
      "grafana-flamegraph": "@grafana/flamegraph", "grafana-o11y-ds-frontend": "@grafana/o11y-ds-frontend", "grafana-i18n": "@grafana/i18n",
      "grafana-plugin-configs": "@grafana/plugin-configs", "grafana-alerting": "@grafana/alerting", "grafana-eslint-rules": "@grafana/eslint-plugin",
      "grafana-icons": "@grafana/saga-icons", "grafana-test-utils": "@grafana/test-utils"}
for d, n in pk.items():
    t.f(f"packages/{d}/package.json", pj(n, d in ("grafana-plugin-configs", "grafana-test-utils")))
    t.d(f"packages/{d}/src", f"packages/{d}/dist/esm", f"packages/{d}/node_modules/.bin")
t.d("packages/grafana-ui/src/components/Button", "packages/grafana-ui/src/components/Select", "packages/grafana-ui/src/components/Table/TableNG/Cells",
    "packages/grafana-ui/src/components/DateTimePickers/TimeRangePicker", "packages/grafana-ui/src/components/PanelChrome", "packages/grafana-ui/src/components/uPlot/config", "packages/grafana-ui/src/themes", "packages/grafana-ui/src/utils",
    "packages/grafana-ui/.storybook", "packages/grafana-data/src/dataframe", "packages/grafana-data/src/transformations/transformers", "packages/grafana-data/src/types",
    "packages/grafana-runtime/src/services", "packages/grafana-runtime/src/utils",
    "packages/grafana-schema/src/raw/dashboard/x", "packages/grafana-schema/src/common", "packages/grafana-prometheus/src/querybuilder/components", "packages/grafana-prometheus/src/components/monaco-query-field",
    "packages/grafana-prometheus/src/configuration", "packages/grafana-sql/src/components/query-editor-raw", "packages/grafana-e2e-selectors/src/selectors",
    "packages/grafana-flamegraph/src/FlameGraph", "packages/grafana-o11y-ds-frontend/src/TraceToLogs", "packages/grafana-alerting/src/grafana/notificationPolicies")
feat = {"alerting": ["unified/components/rules", "unified/components/notification-policies", "unified/components/contact-points", "unified/components/rule-editor/alert-rule-form",
                     "unified/components/silences", "unified/api", "unified/hooks", "unified/state", "unified/utils", "unified/mocks/server/handlers", "unified/rule-list", "unified/home"],
        "dashboard": ["components/DashboardSettings", "components/ShareModal", "components/PanelEditor", "containers", "state", "services", "utils", "api"],
        "dashboard-scene": ["scene/layout-manager", "scene/layouts-ng", "serialization", "settings/variables", "sharing/ShareButton", "panel-edit", "saving", "pages", "utils", "v2schema"],
        "explore": ["Logs", "TraceView/components/TraceTimelineViewer", "state"],
        "panel": ["components/VizTypePicker", "state", "panellinks", "suggestions"],
        "plugins": ["admin/components/PluginDetailsPage", "admin/pages", "admin/state", "extensions/registry", "sql/components", "loader", "utils"],
        "search": ["page/components", "service", "state"], "browse-dashboards": ["components/BrowseActions", "api", "state"],
        "admin": ["ldap", "migrate-to-cloud/onprem", "migrate-to-cloud/api", "state"], "users": ["state"], "teams": ["state"], "org": ["state"],
        "datasources": ["components/picker", "state", "api"], "connections": ["pages", "tabs/ConnectData", "components/ConnectionsRedirectNotice"],
        "query": ["components/QueryEditorRows", "state"], "variables": ["adhoc", "query", "custom", "interval", "textbox", "state", "pickers/OptionsPicker", "editor"],
        "live": ["centrifuge", "dashboard", "data"], "library-panels": ["components/LibraryPanelsView", "state"], "transformers": ["editors/CalculateFieldTransformerEditor", "calculateHeatmap", "partitionByValues", "extractFields"],
        "playlist": []}
for f, subs in feat.items():
    t.d("public/app/features/" + f)
    for x in subs: t.d(f"public/app/features/{f}/{x}")
ds = {"prometheus": None, "loki": "@grafana-plugins/loki", "elasticsearch": None, "cloudwatch": "@grafana-plugins/cloudwatch", "tempo": "@grafana-plugins/tempo",
      "graphite": None, "influxdb": None, "mysql": "@grafana-plugins/mysql", "grafana-postgresql-datasource": "@grafana-plugins/grafana-postgresql-datasource",
      "mssql": "@grafana-plugins/mssql", "azuremonitor": "@grafana-plugins/grafana-azure-monitor-datasource", "cloud-monitoring": "@grafana-plugins/stackdriver",
      "jaeger": "@grafana-plugins/jaeger", "zipkin": "@grafana-plugins/zipkin", "parca": "@grafana-plugins/parca", "grafana-testdata-datasource": "@grafana-plugins/grafana-testdata-datasource",
      "grafana-pyroscope-datasource": "@grafana-plugins/grafana-pyroscope-datasource", "opentsdb": None, "alertmanager": None, "dashboard": None, "grafana": None, "mixed": None}
for d, n in ds.items():
    b = "public/app/plugins/datasource/" + d
    t.d(b + "/components")
    if n:
        t.f(b + "/package.json", pj(n, True)); t.d(b + "/dist")
    t.f(b + "/plugin.json", '{\n  "type": "datasource",\n  "name": "%s",\n  "id": "%s"\n}\n' % (d.capitalize(), d))
t.d("public/app/plugins/datasource/loki/querybuilder/components", "public/app/plugins/datasource/loki/components/monaco-query-field/monaco-completion-provider",
    "public/app/plugins/datasource/loki/configuration", "public/app/plugins/datasource/tempo/traceql", "public/app/plugins/datasource/tempo/_importedDependencies/components",
    "public/app/plugins/datasource/elasticsearch/QueryEditor/MetricAggregationsEditor", "public/app/plugins/datasource/elasticsearch/QueryEditor/BucketAggregationsEditor",
    "public/app/plugins/datasource/cloudwatch/components/QueryEditor/MetricsQueryEditor", "public/app/plugins/datasource/cloudwatch/language/logs",
    "public/app/plugins/datasource/azuremonitor/components/LogsQueryEditor", "public/app/plugins/datasource/influxdb/components/editor/query/influxql/visual")
for p in ["timeseries", "stat", "gauge", "bargauge", "table", "barchart", "piechart", "text", "logs", "nodeGraph", "heatmap", "geomap", "canvas", "news", "xychart", "state-timeline",
          "status-history", "histogram", "flamegraph", "traces", "dashlist", "alertlist"]:
    t.d(f"public/app/plugins/panel/{p}")
t.d("public/app/plugins/panel/timeseries/plugins", "public/app/plugins/panel/geomap/layers/data", "public/app/plugins/panel/geomap/editor", "public/app/plugins/panel/canvas/editor/element",
    "public/app/plugins/panel/table/table-new", "public/app/plugins/panel/heatmap/migrations", "public/app/plugins/panel/nodeGraph/layout", "public/app/plugins/panel/xychart/v2")
t.d("public/app/core/components/Page", "public/app/core/components/AppChrome/MegaMenu", "public/app/core/components/TimelineChart", "public/app/core/components/Select",
    "public/app/core/services", "public/app/core/utils", "public/app/types", "public/app/store", "public/app/routes",
    "public/app/api/clients/dashboard", "public/app/api/clients/folder", "public/sass/components", "public/sass/utils", "public/img/icons/mono", "public/img/plugins",
    "public/test/mocks", "public/test/helpers", "public/test/specs", "public/locales/en-US")
# ---- e2e, docs, devenv, conf, scripts
t.d("e2e/old-arch/dashboards-suite", "e2e/old-arch/various-suite", "e2e/old-arch/panels-suite", "e2e/utils/flows", "e2e/cypress/screenshots", "e2e/test-results/artifacts",
    "e2e-playwright/dashboards-suite", "e2e-playwright/various-suite", "e2e-playwright/panels-suite", "e2e-playwright/plugin-e2e/mysql", "e2e-playwright/plugin-e2e/loki",
    "e2e-playwright/plugin-e2e/cloudmonitoring", "e2e-playwright/plugin-e2e/elasticsearch", "e2e-playwright/plugin-e2e/plugin-e2e-api-tests/as-admin-user",
    "e2e-playwright/plugin-e2e/plugin-e2e-api-tests/as-viewer-user", "e2e-playwright/test-plugins/grafana-extensionstest-app/plugins/grafana-extensionexample1-app",
    "e2e-playwright/dashboards/TestDashboards", "e2e-playwright/utils")
t.f("e2e-playwright/test-plugins/grafana-extensionstest-app/package.json", pj("@test-plugins/extensions-test-app", True))
t.f("e2e-playwright/test-plugins/grafana-test-datasource/package.json", pj("@test-plugins/grafana-test-datasource", True))
t.d("e2e-playwright/test-plugins/grafana-test-datasource/src")
for d in ["alerting/alerting-rules/create-grafana-managed-rule", "alerting/configure-notifications/manage-contact-points", "alerting/set-up", "dashboards/build-dashboards/create-dashboard",
          "datasources/loki/query-editor", "datasources/prometheus/configure", "datasources/elasticsearch", "datasources/tempo/traceql",
          "panels-visualizations/visualizations/time-series", "panels-visualizations/visualizations/table",
          "setup-grafana/configure-grafana/configure-tracing",
          "setup-grafana/configure-security/configure-authentication/ldap", "setup-grafana/installation/docker", "developers/http_api/dashboard", "administration/provisioning"]:
    t.d("docs/sources/" + d)
for b in ["loki", "prometheus", "mysql", "postgres", "elastic", "tempo", "influxdb", "graphite", "jaeger", "zipkin", "ldap", "auth/oauth", "alertmanager", "mssql"]:
    t.d("devenv/docker/blocks/" + b)
t.d("devenv/docker/blocks/loki/data/chunks", "devenv/docker/blocks/prometheus/data", "devenv/dev-dashboards/panel-timeseries", "devenv/dev-dashboards/panel-table",
    "devenv/dev-dashboards/panel-geomap", "devenv/dev-dashboards/datasource-loki", "devenv/dev-dashboards/datasource-elasticsearch", "devenv/dev-dashboards/feature-templating",
    "devenv/dev-dashboards/all-panels", "devenv/datasources/testdata", "devenv/docker/ha-test-unified-alerting/grafana/provisioning/dashboards")
t.d("conf/provisioning/dashboards", "conf/provisioning/datasources", "conf/provisioning/alerting", "conf/provisioning/plugins", "conf/provisioning/access-control", "conf/ldap",
    "scripts/drone", "scripts/webpack", "kinds/dashboard", "contribute/architecture",
    "packaging/docker/custom", "packaging/deb/init.d", "packaging/rpm/control", "packaging/wrappers", "cue/data")
t.write(sys.argv[1])
