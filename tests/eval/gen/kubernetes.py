# kubernetes/kubernetes: cmd/*, pkg/*, staging/src/k8s.io/* (each its own go.mod), test/, hack/, vendor/
import sys; sys.path.insert(0, __file__.rsplit("/", 1)[0])
from treelib import Tree, go_mod
t = Tree()
t.f(".gitignore", "# build output\n/_output*/\n/_output\n/bazel-*\n.make/\n*.swp\n.idea/\n/www/master/node_modules/\n/cluster/env.sh\n/doc_tmp/\n.tmp/\n")
t.f("go.mod", go_mod("k8s.io/kubernetes"))
t.d(".github/ISSUE_TEMPLATE", ".github/workflows", "CHANGELOG", "LICENSES/vendor", "logo", "third_party/forked/golang/reflect",
    "api/openapi-spec/v3", "api/api-rules", "api/discovery",
    "build/pause/linux", "build/pause/windows", "build/root", "build/server-image/kube-apiserver",
    "hack/lib", "hack/make-rules/helpers", "hack/boilerplate", "hack/verify-flags",
    "cluster/addons/dns/coredns", "cluster/addons/metrics-server", "cluster/gce/gci", "cluster/gce/manifests",
    "cluster/images/etcd/migrate", "cluster/images/kubemark")
t.f("hack/tools/go.mod", go_mod("k8s.io/kubernetes/hack/tools"))
t.d("hack/tools/golangci-lint", "hack/tools/logcheck")
# ignored build output
t.d("_output/bin", "_output/local/go/bin", "_output/local/bin/linux/amd64", "_output/dockerized/bin/linux/amd64",
    "_output/release-stage/server/linux-amd64/kubernetes/server/bin", ".make", ".tmp/kubectl")
cmds = {"kube-apiserver": ["app/options", "app/testing"], "kube-controller-manager": ["app/options", "names"],
        "kube-scheduler": ["app/options", "app/config"], "kube-proxy": ["app/options"], "kubelet": ["app/options"],
        "kubectl": [], "kubectl-convert": [], "cloud-controller-manager": ["options"], "kubemark": ["app"],
        "gendocs": [], "genman": [], "genkubedocs": [], "importverifier": [], "dependencycheck": [], "prune-junit-xml": [],
        "kubeadm": ["app/cmd/phases/init", "app/cmd/phases/join", "app/cmd/phases/reset", "app/cmd/phases/upgrade/node",
                    "app/cmd/upgrade", "app/phases/certs/renewal", "app/phases/controlplane", "app/phases/etcd",
                    "app/phases/kubeconfig", "app/phases/upgrade", "app/phases/addons/dns", "app/phases/addons/proxy",
                    "app/apis/kubeadm/v1beta4", "app/apis/kubeadm/validation", "app/constants", "app/util/pkiutil",
                    "app/util/staticpod", "app/preflight", "test/kubeconfig"]}
for c, subs in cmds.items():
    t.d("cmd/" + c)
    for s in subs:
        t.d(f"cmd/{c}/{s}")
pkg = ["kubelet/cm/cpumanager/state", "kubelet/cm/memorymanager", "kubelet/cm/topologymanager", "kubelet/cm/devicemanager/checkpoint",
       "kubelet/container", "kubelet/kuberuntime/logs", "kubelet/pleg", "kubelet/prober/results", "kubelet/eviction", "kubelet/volumemanager/reconciler",
       "kubelet/config", "kubelet/server/stats", "kubelet/apis/config/v1beta1", "kubelet/status", "kubelet/images",
       "scheduler/framework/plugins/noderesources", "scheduler/framework/plugins/nodeaffinity", "scheduler/framework/plugins/interpodaffinity",
       "scheduler/framework/plugins/volumebinding", "scheduler/framework/plugins/tainttoleration", "scheduler/framework/plugins/defaultpreemption",
       "scheduler/framework/runtime", "scheduler/framework/preemption", "scheduler/backend/queue", "scheduler/backend/cache/debugger",
       "scheduler/apis/config/v1", "scheduler/apis/config/validation", "scheduler/metrics", "scheduler/profile", "scheduler/testing/framework",
       "controller/deployment/util", "controller/replicaset", "controller/statefulset", "controller/daemon/util", "controller/job/metrics",
       "controller/cronjob", "controller/endpoint", "controller/endpointslice", "controller/namespace/deletion", "controller/nodelifecycle/scheduler",
       "controller/garbagecollector/metaonly", "controller/podautoscaler/metrics", "controller/serviceaccount", "controller/volume/persistentvolume",
       "controller/volume/attachdetach/reconciler", "controller/ttl", "controller/disruption", "controller/resourcequota",        "apis/apps/v1", "apis/apps/validation", "apis/batch/v1", "apis/batch/validation", "apis/core/v1", "apis/core/validation",
       "apis/networking/v1", "apis/rbac/v1", "apis/storage/v1", "apis/autoscaling/v2", "apis/policy/v1",
       "proxy/iptables", "proxy/ipvs/ipset", "proxy/nftables", "proxy/winkernel", "proxy/config", "proxy/healthcheck", "proxy/conntrack",
       "registry/apps/deployment/storage", "registry/apps/statefulset", "registry/batch/job", "registry/batch/cronjob",
       "registry/core/pod/storage", "registry/core/service/ipallocator", "registry/core/node", "registry/core/namespace",
       "volume/csi/nodeinfomanager", "volume/emptydir", "volume/hostpath", "volume/nfs", "volume/util/operationexecutor",
       "kubeapiserver/options", "kubeapiserver/admission", "controlplane/apiserver/options", "controlplane/reconcilers", "features",
       "credentialprovider/plugin", "securitycontext", "printers/internalversion", "util/iptables", "util/ipset", "generated/openapi"]
for p in pkg:
    t.d("pkg/" + p)
t.d("plugin/pkg/admission/noderestriction", "plugin/pkg/admission/serviceaccount", "plugin/pkg/admission/limitranger",
    "plugin/pkg/admission/podnodeselector", "plugin/pkg/admission/namespace/autoprovision", "plugin/pkg/auth/authorizer/node",
    "plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata")
staging = {
 "api": ["apps/v1", "apps/v1beta1", "batch/v1", "core/v1", "networking/v1", "rbac/v1", "storage/v1", "autoscaling/v2", "policy/v1", "testdata/HEAD"],
 "apimachinery": ["pkg/apis/meta/v1/unstructured", "pkg/runtime/schema", "pkg/util/wait", "pkg/util/sets", "pkg/types", "pkg/labels", "pkg/api/resource", "pkg/watch"],
 "client-go": ["kubernetes/typed/apps/v1", "kubernetes/typed/core/v1/fake", "informers/core/v1", "listers/apps/v1", "tools/cache/synctrack",
               "tools/clientcmd/api", "tools/leaderelection", "tools/record", "rest/watch", "dynamic/fake", "discovery/cached",
               "util/workqueue", "examples/in-cluster-client-configuration", "examples/out-of-cluster-client-configuration",
               "examples/workqueue", "plugin/pkg/client/auth/exec", "applyconfigurations/apps/v1"],
 "kubectl": ["pkg/cmd/get", "pkg/cmd/apply", "pkg/cmd/describe", "pkg/cmd/logs", "pkg/cmd/exec", "pkg/cmd/rollout", "pkg/cmd/drain",
             "pkg/cmd/create", "pkg/cmd/util/editor", "pkg/describe", "pkg/drain", "pkg/util/i18n/translations", "testdata/apply"],
 "apiserver": ["pkg/server/options", "pkg/server/filters", "pkg/admission/plugin/webhook", "pkg/authentication/request",
               "pkg/authorization/authorizerfactory", "pkg/endpoints/handlers", "pkg/storage/etcd3/metrics", "pkg/storage/cacher",
               "pkg/registry/generic/registry", "plugin/pkg/authenticator/token/oidc"],
 "kubelet": ["pkg/apis/credentialprovider/v1", "pkg/apis/podresources/v1", "config/v1beta1"],
 "kube-scheduler": ["config/v1", "extender/v1"], "kube-proxy": ["config/v1alpha1"], "kube-controller-manager": ["config/v1alpha1"],
 "code-generator": ["cmd/client-gen/generators", "cmd/deepcopy-gen", "cmd/informer-gen", "cmd/lister-gen", "cmd/applyconfiguration-gen", "hack"],
 "component-base": ["featuregate", "logs/api/v1", "metrics/prometheus", "cli/flag", "version"],
 "cri-api": ["pkg/apis/runtime/v1", "pkg/errors"], "cloud-provider": ["controllers/node", "controllers/service", "options"],
 "csi-translation-lib": ["plugins"],
 "apiextensions-apiserver": ["pkg/apis/apiextensions/v1", "pkg/registry/customresource", "pkg/controller/openapi", "test/integration/fixtures"],
 "kube-aggregator": ["pkg/apiserver", "pkg/controllers/openapi"], "metrics": ["pkg/apis/metrics/v1beta1"],
 "sample-apiserver": ["pkg/apis/wardle/v1alpha1", "pkg/admission/plugin/banflunder"], "sample-controller": ["pkg/apis/samplecontroller/v1alpha1", "artifacts/examples"],
 "kms": ["apis/v2", "internal/plugins"], "dynamic-resource-allocation": ["resourceslice", "structured"], "mount-utils": [],
 "cli-runtime": ["pkg/genericclioptions", "pkg/printers", "pkg/resource"], "pod-security-admission": ["policy", "admission"],
 "endpointslice": [], "externaljwt": ["apis/v1"], "cluster-bootstrap": ["token/util"], "kube-openapi-hack": [],
}
del staging["kube-openapi-hack"]
for s, subs in staging.items():
    t.f(f"staging/src/k8s.io/{s}/go.mod", go_mod("k8s.io/" + s))
    for x in subs:
        t.d(f"staging/src/k8s.io/{s}/{x}")
t.f("staging/src/k8s.io/code-generator/examples/go.mod", go_mod("k8s.io/code-generator/examples"))
t.d("staging/src/k8s.io/code-generator/examples/apiserver/apis/example/v1", "staging/src/k8s.io/code-generator/examples/crd/apis/example/v1")
t.f("staging/publishing/rules.yaml", "recursive-delete-patterns:\n- '*/.gitattributes'\n")
test = ["e2e/apps", "e2e/network/netpol", "e2e/storage/testsuites", "e2e/node", "e2e/auth", "e2e/common/node", "e2e/framework/pod",
        "e2e/framework/kubectl", "e2e/apimachinery", "e2e/scheduling", "e2e/autoscaling", "e2e/kubectl",         "e2e_node/services", "e2e_kubeadm",
        "integration/apiserver/apply", "integration/scheduler/preemption", "integration/deployment", "integration/etcd",
        "integration/garbagecollector", "integration/replicaset", "integration/daemonset", "integration/job", "integration/cronjob",
        "integration/framework", "integration/kubelet",
        "fixtures/pkg/kubectl/cmd/apply", "fixtures/doc-yaml/user-guide", "images/agnhost/netexec", "images/agnhost/webhook",
        "utils/image", "conformance/testdata", "cmd"]
for x in test:
    t.d("test/" + x)
t.d("vendor/github.com/google/cel-go/cel", "vendor/github.com/spf13/cobra", "vendor/github.com/prometheus/client_golang/prometheus",
    "vendor/go.etcd.io/etcd/client/v3/concurrency", "vendor/go.etcd.io/etcd/api/v3/etcdserverpb", "vendor/sigs.k8s.io/structured-merge-diff/v4/fieldpath",
    "vendor/sigs.k8s.io/yaml", "vendor/k8s.io/klog/v2", "vendor/k8s.io/kube-openapi/pkg/handler3", "vendor/k8s.io/utils/ptr",
    "vendor/google.golang.org/grpc/credentials")
t.f("vendor/modules.txt", "# k8s.io/klog/v2 v2.130.1\n## explicit; go 1.21\nk8s.io/klog/v2\n")
t.write(sys.argv[1])
