import { describe, expect, it } from "vitest";
import { lint } from "../../../src/core/review/engine.js";
import type { LintOptions } from "../../../src/core/review/engine.js";
import { loadPolicies } from "../../../src/core/review/policy/load.js";
import { config } from "./helpers.js";

const REPLICAS_VAP = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: max-replicas
spec:
  failurePolicy: Fail
  paramKind:
    apiVersion: example.com/v1
    kind: ReplicaLimit
  matchConstraints:
    resourceRules:
      - apiGroups: ["apps"]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: ["deployments"]
  matchConditions:
    - name: not-exempt
      expression: "!('exempt' in object.metadata.?labels.orValue({}))"
  variables:
    - name: replicas
      expression: object.spec.?replicas.orValue(1)
    - name: broken
      expression: object.spec.nope.nope
  validations:
    - expression: variables.replicas <= params.maxReplicas
      messageExpression: "'replicas ' + string(variables.replicas) + ' exceed ' + string(params.maxReplicas)"
    - expression: quantity(object.spec.template.spec.containers[0].resources.limits.memory).compareTo(quantity(params.maxMemory)) <= 0
      message: memory limit too high
`;

const BINDINGS = `---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: prod-limit}
spec:
  policyName: max-replicas
  validationActions: [Deny]
  paramRef: {name: prod, parameterNotFoundAction: Deny}
  matchResources:
    namespaceSelector:
      matchLabels: {tier: prod}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: dev-limit}
spec:
  policyName: max-replicas
  validationActions: [Warn]
  paramRef:
    selector: {matchLabels: {env: dev}}
    parameterNotFoundAction: Allow
  matchResources:
    objectSelector:
      matchExpressions:
        - {key: team, operator: In, values: [payments]}
`;

const PARAMS = `apiVersion: example.com/v1
kind: ReplicaLimit
metadata: {name: prod}
maxReplicas: 5
maxMemory: 1Gi
---
apiVersion: example.com/v1
kind: ReplicaLimit
metadata: {name: dev, labels: {env: dev}}
maxReplicas: 2
maxMemory: 512Mi
`;

const deployment = (opts: {
  namespace?: string;
  replicas?: number;
  memory?: string;
  labels?: string;
  annotations?: string;
}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ${opts.namespace ?? "shop"}
  labels: {${opts.labels ?? "app: api"}}${opts.annotations ? `\n  annotations: {${opts.annotations}}` : ""}
spec:
  replicas: ${opts.replicas ?? 3}
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.0.0
          resources: {limits: {memory: ${opts.memory ?? "256Mi"}}}
`;

const NAMESPACE =
  "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {tier: prod}\n";

function policyFindings(
  resources: Record<string, string>,
  policies: Record<string, string>,
  options: Omit<LintOptions, "policies"> = {},
) {
  const result = lint(
    Object.entries(resources).map(([path, text]) => ({ path, text })),
    {
      policiesOnly: true,
      policies: Object.entries(policies).map(([path, text]) => ({ path, text })),
      ...options,
    },
  );
  return {
    ...result,
    brief: result.findings.map(
      (f) => `${f.file}:${f.line} ${f.severity} ${f.policy}: ${f.message}`,
    ),
  };
}

describe("ValidatingAdmissionPolicy offline", () => {
  const policies = { "policies/replicas.yaml": REPLICAS_VAP + BINDINGS };
  const params = [{ path: "policies/params.yaml", text: PARAMS }];

  it("evaluates bindings with namespace selectors, params by name, variables and messageExpression", () => {
    const r = policyFindings(
      { "ns.yaml": NAMESPACE, "app.yaml": deployment({ replicas: 7, memory: "2Gi" }) },
      policies,
      { params },
    );
    expect(r.brief).toEqual([
      "app.yaml:4 error max-replicas: memory limit too high",
      "app.yaml:4 error max-replicas: replicas 7 exceed 5",
    ]);
    expect(r.problems).toEqual([]);
  });

  it("does not apply a binding whose namespace selector does not match; selects params by label for another", () => {
    const quiet = policyFindings({ "app.yaml": deployment({ replicas: 7 }) }, policies, { params });
    expect(quiet.brief).toEqual([]);
    const dev = policyFindings(
      { "app.yaml": deployment({ replicas: 3, labels: "app: api, team: payments" }) },
      policies,
      { params },
    );
    expect(dev.brief).toEqual(["app.yaml:4 warning max-replicas: replicas 3 exceed 2"]);
  });

  it("skips objects a matchCondition excludes, and denies when a required param is missing", () => {
    const exempt = policyFindings(
      {
        "ns.yaml": NAMESPACE,
        "app.yaml": deployment({ replicas: 9, labels: "app: api, exempt: 'yes'" }),
      },
      policies,
      { params },
    );
    expect(exempt.brief).toEqual([]);
    const missing = policyFindings({ "ns.yaml": NAMESPACE, "app.yaml": deployment({}) }, policies);
    expect(missing.brief).toEqual([
      'app.yaml:4 error max-replicas: no ReplicaLimit found for binding "prod-limit" (parameterNotFoundAction: Deny); pass it with --params',
    ]);
  });

  it("points a policy that does not compile at the expression, with file, line and column", () => {
    const broken = REPLICAS_VAP.replace(
      "variables.replicas <= params.maxReplicas",
      "variables.replicas <= params.maxReplicas &&",
    );
    const set = loadPolicies([{ path: "policies/replicas.yaml", text: broken }]);
    expect(set.policies).toEqual([]);
    expect(set.problems).toEqual([
      {
        file: "policies/replicas.yaml",
        line: 25,
        column: 62,
        message: 'policy "max-replicas": validations.0.expression: Unexpected token: EOF',
        policy: "max-replicas",
      },
    ]);
    const asFinding = lint([{ path: "app.yaml", text: deployment({}) }], {
      policies: [{ path: "policies/replicas.yaml", text: broken }],
    });
    expect(
      asFinding.findings
        .filter((f) => f.rule === "policy-invalid")
        .map((f) => `${f.file}:${f.line}:${f.column} ${f.severity}`),
    ).toEqual(["policies/replicas.yaml:25:62 error"]);
    const unknown = loadPolicies([
      { path: "p.yaml", text: REPLICAS_VAP.replace("quantity(object", "quantityy(object") },
    ]);
    expect(unknown.problems[0]?.message).toMatch(
      /validations\.1\.expression: found no matching overload for 'quantityy/,
    );
    expect([unknown.problems[0]?.line, unknown.problems[0]?.column]).toEqual([27, 19]);
  });

  it("treats an evaluation error as a violation under failurePolicy Fail and ignores it under Ignore", () => {
    const failing = REPLICAS_VAP.replace(
      "variables.replicas <= params.maxReplicas",
      "variables.broken == 1",
    );
    const fail = policyFindings({ "app.yaml": deployment({}) }, { "p.yaml": failing }, { params });
    expect(fail.brief[0]).toMatch(
      /^app.yaml:4 error max-replicas: expression failed: No such key: nope/,
    );
    const ignore = policyFindings(
      { "app.yaml": deployment({}) },
      { "p.yaml": failing.replace("failurePolicy: Fail", "failurePolicy: Ignore") },
      { params },
    );
    expect(ignore.brief).toEqual([]);
  });
});

const KYVERNO = `apiVersion: policies.kyverno.io/v1
kind: ValidatingPolicy
metadata:
  name: disallow-latest
spec:
  validationActions: [Audit]
  matchConstraints:
    resourceRules:
      - apiGroups: [""]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [pods]
  validations:
    - expression: "object.spec.containers.all(c, !c.image.endsWith(':latest'))"
      messageExpression: "'latest tag in ' + object.metadata.name + ' (ns ' + namespaceObject.metadata.name + ')'"
`;

describe("Kyverno ValidatingPolicy", () => {
  const cron = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: job, image: "busybox:latest"}]
`;

  it("applies a Pod policy to pod controllers through autogen, keeping metadata.name on the controller", () => {
    const r = policyFindings(
      {
        "app.yaml": deployment({}).replace("ghcr.io/acme/api:1.0.0", "nginx:latest"),
        "cron.yaml": cron,
      },
      { "kyverno.yaml": KYVERNO },
    );
    expect(r.brief).toEqual([
      "app.yaml:4 warning disallow-latest: latest tag in api (ns shop)",
      "cron.yaml:3 warning disallow-latest: latest tag in nightly (ns default)",
    ]);
  });

  it("does not autogen when the policy lists no controllers, and Deny makes it an error", () => {
    const none = KYVERNO.replace(
      "spec:\n  validationActions: [Audit]",
      "spec:\n  validationActions: [Deny]\n  autogen:\n    podControllers:\n      controllers: []",
    );
    const r = policyFindings(
      {
        "cron.yaml": cron,
        "pod.yaml":
          "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: 'a:latest'}]\n",
      },
      { "k.yaml": none },
    );
    expect(r.brief).toEqual(["pod.yaml:3 error disallow-latest: latest tag in p (ns default)"]);
  });
});

describe("Kubewarden cel-policy", () => {
  const kw = `apiVersion: policies.kubewarden.io/v1
kind: ClusterAdmissionPolicy
metadata: {name: replicas-kw}
spec:
  module: registry://ghcr.io/kubewarden/policies/cel-policy:v1.0.0
  mode: monitor
  rules:
    - apiGroups: [apps]
      apiVersions: [v1]
      resources: [deployments]
      operations: [CREATE, UPDATE]
  settings:
    variables:
      - name: replicas
        expression: object.spec.replicas
    validations:
      - expression: variables.replicas <= 5
        message: The number of replicas must be less than or equal to 5
`;

  it("runs the settings of a cel-policy ClusterAdmissionPolicy; monitor mode only warns", () => {
    const r = policyFindings({ "app.yaml": deployment({ replicas: 6 }) }, { "kw.yaml": kw });
    expect(r.brief).toEqual([
      "app.yaml:4 warning replicas-kw: The number of replicas must be less than or equal to 5",
    ]);
    const protect = policyFindings(
      { "app.yaml": deployment({ replicas: 6 }) },
      { "kw.yaml": kw.replace("mode: monitor", "mode: protect") },
    );
    expect(protect.findings.map((f) => f.severity)).toEqual(["error"]);
  });

  it("accepts bare cel-policy settings files, which apply to every object", () => {
    const settings =
      "validations:\n  - expression: \"has(object.metadata.labels) && 'app' in object.metadata.labels\"\n    message: every object needs an app label\n";
    const r = policyFindings(
      { "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n" },
      { "policies/needs-app.yaml": settings },
    );
    expect(r.brief).toEqual(["cm.yaml:3 error needs-app: every object needs an app label"]);
  });
});

describe("exceptions and modes", () => {
  const resources = (annotations?: string) => ({
    "app.yaml": deployment({ replicas: 9, ...(annotations && { annotations }) }),
  });
  const policies = {
    "kw.yaml": `validations:\n  - expression: object.spec.replicas <= 5\n    message: too many replicas\n`,
  };

  it("suppresses findings covered by a config exception and keeps them, with the reason, for the summary", () => {
    const cfg = config({
      review: {
        exceptions: [
          { policy: "kw", namespace: "shop", reason: "batch scaling approved in OPS-1" },
        ],
      },
    });
    const r = policyFindings(resources(), policies, { config: cfg });
    expect(r.findings).toEqual([]);
    expect(r.suppressed.map((s) => [s.policy, s.reason])).toEqual([
      ["kw", "batch scaling approved in OPS-1"],
    ]);
  });

  it.each([
    ["name glob", { name: "ap*" }, true],
    ["another name", { name: "web" }, false],
    ["namespace", { namespace: "shop" }, true],
    ["another namespace", { namespace: "kube-*" }, false],
    ["labels, all present", { labels: { app: "api", team: "payments" } }, true],
    ["labels, one missing", { labels: { app: "api", team: "search" } }, false],
    ["rule and name", { rule: "admission-policy", name: "api" }, true],
    ["policy and a wrong namespace", { policy: "kw", namespace: "ops" }, false],
  ])("selects by %s: every given selector must match", (_, selector, excepted) => {
    const cfg = config({ review: { exceptions: [{ ...selector, reason: "approved" }] } });
    const r = policyFindings(
      { "app.yaml": deployment({ replicas: 9, labels: "app: api, team: payments" }) },
      policies,
      { config: cfg },
    );
    expect(r.findings.length).toBe(excepted ? 0 : 1);
    expect(r.suppressed.map((s) => s.reason)).toEqual(excepted ? ["approved"] : []);
  });

  it("honours an ignore annotation only when it carries a reason", () => {
    const withReason = policyFindings(
      resources('bumpwarden.io/ignore: "kw", bumpwarden.io/ignore-reason: "load test"'),
      policies,
    );
    expect(withReason.findings).toEqual([]);
    expect(withReason.suppressed[0]?.reason).toBe("load test");
    const bare = lint([
      { path: "app.yaml", text: deployment({ annotations: 'bumpwarden.io/ignore: "resources"' }) },
    ]).findings;
    expect(bare.filter((f) => f.rule === "exception-reason").map((f) => f.line)).toEqual([7]);
    expect(bare.some((f) => f.rule === "resources")).toBe(true);
  });

  it("in monitor mode reports policy violations as warnings", () => {
    const r = policyFindings(resources(), policies, {
      config: config({ review: { mode: "monitor" } }),
    });
    expect(r.findings.map((f) => f.severity)).toEqual(["warning"]);
  });
});
