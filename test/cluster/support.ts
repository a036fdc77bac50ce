import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  RbacAuthorizationV1Api,
} from "@kubernetes/client-node";
import { afterAll, beforeAll } from "vitest";
import {
  type EmbeddedCluster,
  type EmbeddedClusterOptions,
  startEmbeddedCluster,
} from "../../runner/cluster/index.ts";

export interface Harness {
  cluster: EmbeddedCluster;
  kc: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
  rbac: RbacAuthorizationV1Api;
  custom: CustomObjectsApi;
  objects: KubernetesObjectApi;
}

export async function startHarness(options: EmbeddedClusterOptions = {}): Promise<Harness> {
  const cluster = await startEmbeddedCluster(options);
  const kc = new KubeConfig();
  kc.loadFromString(cluster.kubeconfig);
  return {
    cluster,
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    rbac: kc.makeApiClient(RbacAuthorizationV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    objects: KubernetesObjectApi.makeApiClient(kc),
  };
}

/**
 * A harness started before the file's tests with one namespace in it, and closed after them.
 * The returned object is filled in by `beforeAll`, so tests read it only once they run.
 */
export function harnessWithNamespace(
  namespace: string,
  labels: Record<string, string> = {},
): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    Object.assign(h, await startHarness());
    await createNamespace(h, namespace, labels);
  });
  afterAll(() => h.cluster.close());
  return h;
}

export interface StatusBody {
  kind: string;
  code: number;
  reason: string;
  message: string;
  details?: { causes?: { field?: string; message: string; reason?: string }[] };
}

/** Awaits a call that must fail, and returns the metav1.Status it failed with. */
export async function failure(
  call: Promise<unknown>,
): Promise<StatusBody & { headers: Record<string, string> }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiException) {
      const body = (typeof error.body === "string" ? JSON.parse(error.body) : error.body) as
        | StatusBody
        | undefined;
      return { ...(body as StatusBody), code: body?.code ?? error.code, headers: error.headers };
    }
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** Polls until `check` returns a value (not undefined/false); bounded so a broken controller fails the test. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`condition not met in time${lastError ? `: ${String(lastError)}` : ""}`);
}

export const restrictedPodSpec = (image: string, command?: string[]) => ({
  securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
  containers: [
    {
      name: "main",
      image,
      ...(command ? { command } : {}),
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    },
  ],
});

export async function createNamespace(
  h: Harness,
  name: string,
  labels: Record<string, string> = {},
) {
  await h.core.createNamespace({ body: { metadata: { name, labels } } });
}

/** The real kubectl is the external client the embedded cluster must satisfy. */
export const KUBECTL = process.env.KUBECTL ?? "/usr/bin/kubectl";
const run = promisify(execFile);

export function kubectlAgainst(cluster: EmbeddedCluster, ...args: string[]) {
  return kubectl(cluster, args);
}

/** kubectl reading `input` on its standard input, as in `... | kubectl apply -f -`. */
export function kubectlPiping(cluster: EmbeddedCluster, input: string, ...args: string[]) {
  return kubectl(cluster, args, input);
}

async function kubectl(
  cluster: EmbeddedCluster,
  args: string[],
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const running = run(KUBECTL, args, {
      env: { ...process.env, KUBECONFIG: cluster.kubeconfigPath },
      timeout: 30_000,
    });
    if (input !== undefined) running.child.stdin?.end(input);
    const { stdout, stderr } = await running;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === "number" ? failed.code : 1,
      stdout: failed.stdout ?? "",
      stderr: failed.stderr ?? "",
    };
  }
}
