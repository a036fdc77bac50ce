import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedCluster, startEmbeddedCluster } from "../../runner/cluster/index.ts";
import { eventually, KUBECTL, kubectlAgainst } from "./support.ts";

let cluster: EmbeddedCluster;
let dir: string;

const kubectl = (...args: string[]) => kubectlAgainst(cluster, ...args);

const manifest = (replicas: number, greeting: string) => `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  greeting: ${greeting}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
      containers:
        - name: web
          image: shop:1
          ports: [{ containerPort: 8080 }]
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: shop
spec:
  template:
    spec:
      restartPolicy: Never
      securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
      containers:
        - name: migrate
          image: busybox:1.36
          command: [echo, migrated, "3", tables]
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: tenant
  namespace: shop
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: tenant
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [configmaps, pods]
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: tenant
  namespace: shop
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: tenant }
subjects: [{ kind: ServiceAccount, name: tenant, namespace: shop }]
---
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: web
  namespace: shop
spec:
  entryPoints: [websecure]
  routes:
    - match: Host(\`shop.example.com\`)
      kind: Rule
      services: [{ name: web, port: 80 }]
`;

describe.skipIf(!existsSync(KUBECTL))("kubectl against the embedded cluster", () => {
  beforeAll(async () => {
    cluster = await startEmbeddedCluster();
    dir = mkdtempSync(join(tmpdir(), "kubectl-test-"));
    writeFileSync(join(dir, "v1.yaml"), manifest(1, "hello"));
    writeFileSync(join(dir, "v2.yaml"), manifest(2, "hi"));
  });
  afterAll(() => cluster.close());

  it("applies a multi-document manifest client-side, re-applies changes, then server-side", async () => {
    const first = await kubectl("apply", "-f", join(dir, "v1.yaml"));
    expect(first.stderr).toBe("");
    expect(first.stdout).toContain("namespace/shop created");
    expect(first.stdout).toContain("deployment.apps/web created");
    expect(first.stdout).toContain("ingressroute.traefik.io/web created");
    const second = await kubectl("apply", "-f", join(dir, "v2.yaml"));
    expect(second.stdout).toContain("configmap/settings configured");
    expect(second.stdout).toContain("deployment.apps/web configured");
    expect(second.stdout).toContain("service/web unchanged");
    const serverSide = await kubectl("apply", "--server-side", "-f", join(dir, "v2.yaml"));
    expect(serverSide.code).toBe(0);
    expect(serverSide.stdout).toContain("deployment.apps/web serverside-applied");
  });

  it("gets an object as YAML with the defaults a cluster adds", async () => {
    const { stdout } = await kubectl("get", "deployment", "web", "-n", "shop", "-o", "yaml");
    expect(stdout).toContain("kind: Deployment");
    expect(stdout).toContain("replicas: 2");
    expect(stdout).toContain("revisionHistoryLimit: 10");
    expect(stdout).toMatch(/uid: [0-9a-f-]{36}/);
  });

  it("waits for a Deployment to become Available", async () => {
    const wait = await kubectl(
      "wait",
      "--for=condition=Available",
      "deployment/web",
      "-n",
      "shop",
      "--timeout=20s",
    );
    expect(wait.stdout.trim()).toBe("deployment.apps/web condition met");
  });

  it("prints a Job's logs", async () => {
    await kubectl("wait", "--for=condition=Complete", "job/migrate", "-n", "shop", "--timeout=20s");
    const logs = await kubectl("logs", "job/migrate", "-n", "shop");
    expect(logs.stdout).toBe("migrated 3 tables\n");
    const followed = await kubectl("logs", "-f", "job/migrate", "-n", "shop");
    expect(followed.stdout).toBe("migrated 3 tables\n");
  });

  it("prints the last lines of a pod with --tail, and their times with --timestamps", async () => {
    const names = await kubectl("get", "pods", "-n", "shop", "-l", "app=web", "-o", "name");
    const pod = names.stdout.split("\n")[0]?.replace("pod/", "") ?? "";
    await kubectl("get", "--raw", `/api/v1/namespaces/shop/pods/${pod}/proxy/ping`);
    const tail = await kubectl("logs", pod, "-n", "shop", "--tail=1");
    expect(tail.stdout).toBe("GET /ping 200 (simulated)\n");
    const all = await kubectl("logs", pod, "-n", "shop", "--timestamps");
    expect(all.stdout).toMatch(/^\S+Z starting shop:1: the image's default command/);
  });

  it("sees an update through get -w", async () => {
    const watcher = spawn(
      KUBECTL,
      [
        "get",
        "configmap",
        "settings",
        "-n",
        "shop",
        "-w",
        "-o",
        'jsonpath={.data.greeting}{"\\n"}',
      ],
      {
        env: { ...process.env, KUBECONFIG: cluster.kubeconfigPath },
      },
    );
    let output = "";
    watcher.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    try {
      await eventually(() => output.includes("hi\n"));
      await kubectl(
        "patch",
        "configmap",
        "settings",
        "-n",
        "shop",
        "--type=merge",
        "-p",
        '{"data":{"greeting":"updated"}}',
      );
      await eventually(() => output.includes("updated\n"));
    } finally {
      watcher.kill();
    }
    expect(output.trim().split("\n")).toEqual(["hi", "updated"]);
  });

  it("answers auth can-i for the admin and for a tenant's service account", async () => {
    expect((await kubectl("auth", "can-i", "create", "namespaces")).stdout.trim()).toBe("yes");
    const as = "--as=system:serviceaccount:shop:tenant";
    expect((await kubectl("auth", "can-i", "list", "pods", "-n", "shop", as)).stdout.trim()).toBe(
      "yes",
    );
    const otherNamespace = await kubectl("auth", "can-i", "list", "pods", "-n", "default", as);
    expect(otherNamespace.stdout.trim()).toBe("no");
    expect(otherNamespace.code).toBe(1);
    expect((await kubectl("auth", "can-i", "list", "namespaces", as)).stdout.trim()).toBe("no");
    const forbidden = await kubectl("get", "secrets", "-n", "default", as);
    expect(forbidden.stderr).toContain(
      'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:shop:tenant" cannot list resource "secrets" in API group "" in the namespace "default"',
    );
  });

  it("refuses an invalid object with kubectl's usual error text", async () => {
    writeFileSync(
      join(dir, "invalid.yaml"),
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: broken\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers: [{ name: app, image: x }]\n",
    );
    const refused = await kubectl("apply", "-f", join(dir, "invalid.yaml"));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('The Deployment "broken" is invalid');
    expect(refused.stderr).toContain("spec.selector: Required value");
  });

  it("serves CronJob (batch/v1): discovery, server-side apply, defaults, Pod Security and schedule validation", async () => {
    const resources = await kubectl("api-resources", "--api-group=batch", "-o", "name");
    expect(resources.stdout.split("\n")).toContain("cronjobs.batch");
    const cronJob = (name: string, schedule: string, runAsNonRoot: boolean) =>
      [
        "apiVersion: batch/v1",
        "kind: CronJob",
        "metadata: { name: NAME, namespace: shop }".replace("NAME", name),
        "spec:",
        `  schedule: "${schedule}"`,
        "  concurrencyPolicy: Forbid",
        "  jobTemplate:",
        "    spec:",
        "      template:",
        "        spec:",
        "          restartPolicy: Never",
        `          securityContext: { runAsNonRoot: ${runAsNonRoot}, seccompProfile: { type: RuntimeDefault } }`,
        "          containers:",
        "            - name: report",
        "              image: busybox:1.36",
        "              command: [echo, report]",
        "              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }",
        "",
      ].join("\n");
    writeFileSync(join(dir, "cron.yaml"), cronJob("nightly", "0 3 * * *", true));
    const applied = await kubectl("apply", "--server-side", "-f", join(dir, "cron.yaml"));
    expect(applied.stderr).toBe("");
    expect(applied.stdout).toContain("cronjob.batch/nightly serverside-applied");
    const yaml = await kubectl("get", "cronjob", "nightly", "-n", "shop", "-o", "yaml");
    expect(yaml.stdout).toContain("concurrencyPolicy: Forbid");
    expect(yaml.stdout).toContain("successfulJobsHistoryLimit: 3");
    const listed = await kubectl("get", "cj", "-n", "shop");
    expect(listed.stdout).toMatch(/nightly\s+0 3 \* \* \*/);

    writeFileSync(join(dir, "cron-root.yaml"), cronJob("as-root", "0 3 * * *", false));
    const warned = await kubectl("apply", "--server-side", "-f", join(dir, "cron-root.yaml"));
    expect(warned.stderr).toContain("would violate PodSecurity");
    expect(warned.stderr).toContain("runAsNonRoot != true");

    writeFileSync(join(dir, "cron-bad.yaml"), cronJob("broken", "0 3 * *", true));
    const refused = await kubectl("apply", "-f", join(dir, "cron-bad.yaml"));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('The CronJob "broken" is invalid');
    expect(refused.stderr).toContain("spec.schedule: Invalid value");
  });

  it("deletes a namespace, which disappears with its contents", async () => {
    const deleted = await kubectl("delete", "namespace", "shop", "--timeout=30s");
    expect(deleted.stdout).toContain('namespace "shop" deleted');
    const gone = await kubectl("get", "namespace", "shop");
    expect(gone.stderr).toContain('namespaces "shop" not found');
    const leftovers = await kubectl("get", "all", "-n", "shop", "-o", "name");
    expect(leftovers.stdout.trim()).toBe("");
  });
});
