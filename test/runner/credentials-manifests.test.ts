import { describe, expect, it } from "vitest";
import { buildCredentialsManifest, buildJobManifest } from "../../runner/manifests/build.ts";
import { buildCredentials } from "../../runner/manifests/build-credentials.ts";
import { cronJobManifest } from "../../runner/manifests/cronjob.ts";
import { rotationJobManifest } from "../../runner/manifests/database-rotation.ts";
import { LABEL } from "../../runner/manifests/labels.ts";
import { networkPolicyManifests } from "../../runner/manifests/network.ts";
import {
  pgbouncerDeploymentManifest,
  pgbouncerNetworkPolicyManifest,
  pgbouncerSecretManifest,
  pgbouncerServiceManifest,
} from "../../runner/manifests/pooling.ts";
import { registryCredentialsSecretManifest } from "../../runner/manifests/registry-credentials.ts";
import { validateObject } from "../../runner/manifests/validate.ts";
import { deploymentManifest } from "../../runner/manifests/workload.ts";
import { databaseEnv } from "../../runner/pipeline/database-env.ts";
import { sourceCredentials } from "../../runner/sources/source-credentials.ts";
import type { SpecCredential } from "../../worker/contracts/index.ts";
import { deploymentSpec, service } from "./support/fixtures.ts";
import { restrictedViolations } from "./support/pod-security.ts";

const credentials: SpecCredential[] = [
  { kind: "git", name: "any", host: null, token: "any-host-token" },
  { kind: "git", name: "gitlab", host: "gitlab.example.com", token: "gitlab-token" },
  { kind: "registry", name: "ghcr", server: "ghcr.io", username: "bot", password: "reg-pass" },
];

describe("registry credentials", () => {
  it("render a dockerconfigjson Secret that image services pull with", () => {
    const spec = deploymentSpec({ credentials });
    const secret = registryCredentialsSecretManifest(spec);
    expect(secret?.type).toBe("kubernetes.io/dockerconfigjson");
    expect(() => validateObject(secret!)).not.toThrow();
    const config = JSON.parse(
      Buffer.from(secret?.data?.[".dockerconfigjson"] ?? "", "base64").toString(),
    );
    expect(config.auths["ghcr.io"]).toEqual({
      username: "bot",
      password: "reg-pass",
      auth: Buffer.from("bot:reg-pass").toString("base64"),
    });
    const pulled = deploymentManifest(spec, {
      service: spec.services[0]!,
      image: "ghcr.io/acme/web:1.0.0",
      platformEnv: {},
      pullSecret: secret!.metadata.name,
    });
    expect(pulled.spec?.template.spec?.imagePullSecrets).toEqual([
      { name: "registry-credentials" },
    ]);
    const cron = service({ name: "nightly", kind: "cron", port: null, schedule: "0 3 * * *" });
    const pulledOnSchedule = cronJobManifest(spec, {
      service: cron,
      image: "ghcr.io/acme/nightly:1.0.0",
      platformEnv: {},
      pullSecret: secret!.metadata.name,
    });
    expect(pulledOnSchedule.spec?.jobTemplate.spec?.template.spec?.imagePullSecrets).toEqual([
      { name: "registry-credentials" },
    ]);
    expect(JSON.stringify(pulled)).not.toContain("reg-pass");
    expect(registryCredentialsSecretManifest(deploymentSpec())).toBeNull();
  });
});

describe("git credentials", () => {
  it("send the token of the source's host, else one for any host, and never another host's", () => {
    const git = (url: string) => ({ type: "git" as const, url, path: "." });
    expect(sourceCredentials(credentials, git("https://gitlab.example.com/a/b.git"))).toEqual({
      gitToken: "gitlab-token",
    });
    expect(sourceCredentials(credentials, git("https://git.example.org/a/b.git"))).toEqual({
      gitToken: "any-host-token",
    });
    expect(sourceCredentials(credentials, { type: "github", repo: "acme/app", path: "." })).toEqual(
      { githubToken: "any-host-token" },
    );
    expect(sourceCredentials(credentials.slice(1), git("https://git.example.org/a/b.git"))).toEqual(
      {},
    );
  });

  it("reach the build's clone and Buildah from a Secret owned by the Job, not its spec", () => {
    const spec = deploymentSpec({ credentials });
    const built = service({
      source: { type: "git", url: "https://gitlab.example.com/a.git", path: "." },
    });
    const input = {
      service: built,
      checkout: { url: "https://gitlab.example.com/a.git", ref: "main", path: "." },
      dockerfile: "FROM node:22\n",
      credentials: buildCredentials(spec, built),
    };
    const job = buildJobManifest(spec, input);
    const text = JSON.stringify(job);
    for (const secret of [
      "gitlab-token",
      "reg-pass",
      Buffer.from("x-access-token:gitlab-token").toString("base64"),
    ]) {
      expect(text).not.toContain(secret);
    }
    const clone = job.spec?.template.spec?.initContainers?.[0];
    expect(clone?.env?.find((e) => e.name === "GIT_CONFIG_VALUE_0")?.valueFrom).toEqual({
      secretKeyRef: { name: job.metadata.name, key: "git-authorization" },
    });
    const build = job.spec?.template.spec?.containers[0];
    expect(build?.env?.find((e) => e.name === "REGISTRY_AUTH_FILE")?.value).toMatch(
      /registry-auth\.json$/,
    );
    const secret = buildCredentialsManifest(spec, input, { name: job.metadata.name, uid: "u1" });
    expect(secret?.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Job", uid: "u1" });
    expect(Buffer.from(secret?.data?.["git-authorization"] ?? "", "base64").toString()).toBe(
      `Authorization: Basic ${Buffer.from("x-access-token:gitlab-token").toString("base64")}`,
    );
    expect(buildCredentials(deploymentSpec(), built)).toBeNull();
  });
});

describe("connection pooling", () => {
  const spec = deploymentSpec({ database: { engine: "postgres", version: "17", pooling: true } });
  const objects = [
    pgbouncerSecretManifest(spec, "pw"),
    pgbouncerDeploymentManifest(spec, "pw"),
    pgbouncerServiceManifest(spec),
    pgbouncerNetworkPolicyManifest(spec),
  ];

  it("runs PgBouncer in transaction mode, hardened like every workload", () => {
    for (const manifest of objects)
      expect(() => validateObject(manifest), manifest.kind).not.toThrow();
    const config = pgbouncerSecretManifest(spec, "pw").data ?? {};
    expect(Buffer.from(config.POOL_MODE ?? "", "base64").toString()).toBe("transaction");
    const deployment = pgbouncerDeploymentManifest(spec, "pw");
    const pod = deployment.spec!.template.spec!;
    expect(restrictedViolations(pod)).toEqual([]);
    expect(pod.automountServiceAccountToken).toBe(false);
    const container = pod.containers[0]!;
    expect(container.image).toBe(spec.config.cluster.pgbouncerImage);
    expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
    expect(container.securityContext?.runAsNonRoot).toBe(true);
    expect(container.resources?.limits).toBeDefined();
    expect(JSON.stringify(deployment)).not.toContain('"pw"');
  });

  it("lets only the apps reach PgBouncer and PgBouncer only the database", () => {
    const policy = pgbouncerNetworkPolicyManifest(spec).spec!;
    expect(policy.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: { [LABEL.component]: "app" } } }],
        ports: [{ protocol: "TCP", port: 6432 }],
      },
    ]);
    expect(policy.egress?.[0]?.to).toEqual([
      { podSelector: { matchLabels: { [LABEL.name]: "database", [LABEL.component]: "database" } } },
    ]);
    // The namespace-wide openings leave PgBouncer out, so its own policy is all that applies.
    for (const open of networkPolicyManifests(spec).filter(
      (p) => p.metadata.name !== "default-deny",
    )) {
      expect(open.spec?.podSelector?.matchExpressions).toEqual([
        { key: LABEL.component, operator: "NotIn", values: ["pooler"] },
      ]);
    }
    const unpooled = networkPolicyManifests(deploymentSpec());
    expect(unpooled.every((p) => Object.keys(p.spec?.podSelector ?? {}).length === 0)).toBe(true);
  });

  it("points DATABASE_URL at PgBouncer and DATABASE_DIRECT_URL at the database", () => {
    const env = databaseEnv(spec, "pw");
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/app:pw@pgbouncer\.[^:]+:6432\/app$/);
    expect(env.DATABASE_DIRECT_URL).toMatch(/^postgres:\/\/app:pw@database\.[^:]+:5432\/app$/);
    expect(Object.keys(databaseEnv(deploymentSpec(), "pw"))).toEqual(["DATABASE_URL"]);
  });
});

describe("password rotation", () => {
  it("runs the engine's client in a restricted Job that reads both passwords from a Secret", () => {
    const spec = deploymentSpec();
    const job = rotationJobManifest(spec, spec.database!);
    expect(() => validateObject(job)).not.toThrow();
    const pod = job.spec!.template.spec!;
    expect(restrictedViolations(pod)).toEqual([]);
    expect(pod.containers[0]?.envFrom).toEqual([{ secretRef: { name: "database-rotation" } }]);
    expect(pod.containers[0]?.command?.join(" ")).toContain("ALTER USER app WITH PASSWORD");
  });
});
