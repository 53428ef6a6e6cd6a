# babel/babel (yarn workspaces): packages/babel-*, codemods/*, eslint/*
import sys; sys.path.insert(0, __file__.rsplit("/", 1)[0])
from treelib import Tree, pkg_json
t = Tree()
t.f(".gitignore", "/node_modules\nnode_modules\n/packages/*/lib\n/eslint/*/lib\n/codemods/*/lib\n/coverage\n/build\n/dist\n.yarn/cache\n.yarn/install-state.gz\n/packages/babel-standalone/babel.js\n/test/runtime-integration/*/output.js\n")
t.f("package.json", pkg_json("babel", True))
t.d(".github/workflows", ".github/ISSUE_TEMPLATE", ".yarn/releases", ".yarn/plugins/@yarnpkg", ".yarn/patches",
    "doc/design", "scripts/generators", "scripts/integration-tests", "scripts/release-tool", "scripts/parser-tests/test262",
    "scripts/parser-tests/typescript", "scripts/parser-tests/flow", "test/runtime-integration/webpack", "test/runtime-integration/rollup",
    "test/runtime-integration/node.cjs", "test/esm")
t.f("lib/third-party-libs.js.flow", "// flow stubs\n")
t.d("benchmark/babel-parser/real-case", "benchmark/babel-generator/real-case", "benchmark/babel-types/builders", "benchmark/util")
t.f("benchmark/package.json", pkg_json("@babel/benchmark", True))
# ignored build output and deps
t.d("node_modules/@babel/core/lib", "node_modules/@babel/parser/lib", "node_modules/typescript/lib", "node_modules/core-js/modules",
    "node_modules/@babel/helper-plugin-utils", "node_modules/jest/build", "coverage/lcov-report",
    ".yarn/cache", "build/babel-preset-env")

pkgs = {
 "babel-cli": ["src/babel", "test/fixtures/babel/dir --out-dir", "test/fixtures/babel/stdin --source-maps", "test/fixtures/babel-external-helpers"],
 "babel-code-frame": ["src", "test"],
 "babel-compat-data": ["data", "scripts/data", "scripts/chromium-versions"],
 "babel-core": ["src/config/files", "src/config/validation", "src/config/helpers", "src/transformation/file", "src/transformation/util",
                "src/parser/util", "src/tools", "src/gensync-utils", "src/vendor",
                "test/fixtures/config/config-files", "test/fixtures/config/complex-plugin-config", "test/fixtures/plugins",
                "test/fixtures/transformation", "test/fixtures/parse", "test/fixtures/option-manager", "test/fixtures/resolution",
                "test/fixtures/babel-load-options", "test/api"],
 "babel-generator": ["src/generators", "src/node", "test/fixtures/comments", "test/fixtures/flow", "test/fixtures/typescript", "test/fixtures/edgecase"],
 "babel-helper-compilation-targets": ["src", "test/fixtures"],
 "babel-helper-create-class-features-plugin": ["src"],
 "babel-helper-module-transforms": ["src"],
 "babel-helper-plugin-utils": ["src"],
 "babel-helper-validator-identifier": ["src", "scripts"],
 "babel-helpers": ["src/helpers", "scripts", "test/fixtures"],
 "babel-highlight": ["src", "test"],
 "babel-node": ["src", "test/fixtures/babel-node"],
 "babel-parser": ["src/parser", "src/tokenizer", "src/util", "src/plugins/typescript", "src/plugins/flow", "src/plugins/jsx",
                  "typings", "bin", "test/fixtures/es2015/arrow-functions", "test/fixtures/es2015/class", "test/fixtures/typescript/enum",
                  "test/fixtures/typescript/cast", "test/fixtures/typescript/class", "test/fixtures/flow/type-annotations",
                  "test/fixtures/jsx/basic", "test/fixtures/estree/class-method", "test/fixtures/experimental/decorators",
                  "test/fixtures/experimental/pipeline-operator", "test/fixtures/core/uncategorised"],
 "babel-plugin-proposal-decorators": ["src", "test/fixtures/2023-11", "test/fixtures/legacy-decl-to-expression"],
 "babel-plugin-syntax-jsx": ["src"],
 "babel-plugin-transform-arrow-functions": ["src", "test/fixtures/arrow-functions"],
 "babel-plugin-transform-async-to-generator": ["src", "test/fixtures/async-to-generator"],
 "babel-plugin-transform-classes": ["src", "test/fixtures/spec", "test/fixtures/loose"],
 "babel-plugin-transform-destructuring": ["src", "test/fixtures/destructuring"],
 "babel-plugin-transform-modules-commonjs": ["src", "test/fixtures/interop", "test/fixtures/strict"],
 "babel-plugin-transform-react-jsx": ["src", "test/fixtures/react", "test/fixtures/react-automatic", "test/fixtures/autoImport"],
 "babel-plugin-transform-runtime": ["src", "scripts", "test/fixtures/runtime", "test/fixtures/absoluteRuntime"],
 "babel-plugin-transform-typescript": ["src", "test/fixtures/enum", "test/fixtures/namespace", "test/fixtures/imports", "test/fixtures/class"],
 "babel-preset-env": ["src/polyfills", "data", "test/fixtures/corejs3", "test/fixtures/debug", "test/fixtures/preset-options", "test/fixtures/plugins-integration"],
 "babel-preset-flow": ["src", "test/fixtures"],
 "babel-preset-react": ["src", "test/fixtures/preset-options"],
 "babel-preset-typescript": ["src", "test/fixtures/jsx-compat", "test/fixtures/node-extensions"],
 "babel-register": ["src/worker", "test/fixtures/babelrc", "test/fixtures/mjs-babelrc"],
 "babel-runtime": ["helpers/esm", "regenerator"],
 "babel-runtime-corejs3": ["helpers/esm", "core-js/instance", "core-js-stable/instance", "regenerator"],
 "babel-standalone": ["src", "examples", "scripts", "test/fixtures"],
 "babel-template": ["src", "test"],
 "babel-traverse": ["src/path/inference", "src/path/lib", "src/scope/lib", "src/context", "test/fixtures/rename", "test/fixtures/scope"],
 "babel-types": ["src/builders/generated", "src/builders/flow", "src/builders/typescript", "src/validators/generated", "src/definitions",
                 "src/asserts/generated", "src/converters", "src/modifications/flow", "src/retrievers", "src/traverse", "src/utils/react",
                 "src/comments", "src/clone", "src/ast-types/generated", "scripts/generators", "test/fixtures"],
}
for p, subs in pkgs.items():
    t.f(f"packages/{p}/package.json", pkg_json("@babel/" + p[len("babel-"):]))
    t.d(f"packages/{p}/src")
    for s in subs:
        t.d(f"packages/{p}/{s}")
    t.d(f"packages/{p}/lib")              # build output, ignored
t.d("packages/babel-core/lib/config/files", "packages/babel-parser/lib/plugins", "packages/babel-types/lib/definitions")
t.d("packages/babel-standalone/node_modules/.bin")
# fixture package.json files that reuse real package names (test data)
t.f("packages/babel-core/test/fixtures/resolution/node_modules/babel-preset-env/package.json", '{\n  "name": "babel-preset-env"\n}\n')
t.f("packages/babel-core/test/fixtures/resolution/node_modules/@babel/core/package.json", '{\n  "name": "@babel/core"\n}\n')
t.f("packages/babel-standalone/examples/package.json", pkg_json("babel-standalone-examples", True))

t.f("codemods/babel-plugin-codemod-object-assign-to-object-spread/package.json", pkg_json("@babel/plugin-codemod-object-assign-to-object-spread"))
t.d("codemods/babel-plugin-codemod-object-assign-to-object-spread/src", "codemods/babel-plugin-codemod-object-assign-to-object-spread/test/fixtures/codemod-object-assign-to-object-spread")
t.f("codemods/babel-plugin-codemod-optional-catch-binding/package.json", pkg_json("@babel/plugin-codemod-optional-catch-binding"))
t.d("codemods/babel-plugin-codemod-optional-catch-binding/src", "codemods/babel-plugin-codemod-optional-catch-binding/test/fixtures/codemod-optional-catch-binding")
for e, subs in {"babel-eslint-parser": ["src/worker", "src/convert", "test/fixtures"],
                "babel-eslint-plugin": ["src/rules", "test/rules"],
                "babel-eslint-plugin-development": ["src/rules", "test/rules"],
                "babel-eslint-plugin-development-internal": ["src/rules", "test/rules"],
                "babel-eslint-shared-fixtures": ["config/babel-eslint-parser", "utils"],
                "babel-eslint-tests": ["test/integration/eslint-plugin-import", "test/integration/config-files"]}.items():
    t.f(f"eslint/{e}/package.json", pkg_json("@babel/" + e[len("babel-"):], e.endswith("fixtures") or e.endswith("tests")))
    for s in subs:
        t.d(f"eslint/{e}/{s}")
    t.d(f"eslint/{e}/lib")
t.write(sys.argv[1])
