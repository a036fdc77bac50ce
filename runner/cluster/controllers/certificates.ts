import { createHash } from "node:crypto";
import { mustFindByKind } from "../api/catalog.ts";
import { asArray, asObject, field, type JsonObject, type KubeObject } from "../api/types.ts";
import { type ControllerDeps, keyOf, splitKey } from "./deps.ts";
import { conditionOf, now, setCondition, writeStatus } from "./helpers.ts";
import { WorkQueue } from "./scheduler.ts";

const certificates = mustFindByKind("cert-manager.io/v1", "Certificate");
const issuers = mustFindByKind("cert-manager.io/v1", "Issuer");
const clusterIssuers = mustFindByKind("cert-manager.io/v1", "ClusterIssuer");
const secrets = mustFindByKind("v1", "Secret");
const ingressRoutes = mustFindByKind("traefik.io/v1alpha1", "IngressRoute");
const ingresses = mustFindByKind("networking.k8s.io/v1", "Ingress");
const DAY_MS = 86_400_000;

const pem = (label: string, seed: string) =>
  `-----BEGIN ${label}-----\n${createHash("sha512").update(seed).digest("base64")}\n-----END ${label}-----\n`;

function issuerOf(deps: ControllerDeps, certificate: KubeObject): KubeObject | undefined {
  const kind = field(certificate, "spec", "issuerRef", "kind") ?? "Issuer";
  const name = String(field(certificate, "spec", "issuerRef", "name") ?? "");
  return kind === "ClusterIssuer"
    ? deps.store.get(clusterIssuers, undefined, name)
    : deps.store.get(issuers, certificate.metadata.namespace, name);
}

/**
 * The cluster's bundled issuer, as an operator's cert-manager set-up has one: Let's Encrypt
 * over ACME HTTP-01 through Traefik, under the name Enclave's platform configuration defaults to.
 */
export const defaultClusterIssuer: KubeObject = {
  apiVersion: "cert-manager.io/v1",
  kind: "ClusterIssuer",
  metadata: { name: "letsencrypt" },
  spec: {
    acme: {
      server: "https://acme-v02.api.letsencrypt.org/directory",
      privateKeySecretRef: { name: "letsencrypt-account-key" },
      solvers: [{ http01: { ingress: { ingressClassName: "traefik" } } }],
    },
  },
};

/** The hosts the namespace's Traefik IngressRoutes and Ingresses route to a service. */
function routedHosts(deps: ControllerDeps, namespace: string | undefined): Set<string> {
  const hosts = new Set<string>();
  for (const route of deps.store.list(ingressRoutes, namespace)) {
    for (const rule of asArray(field(route, "spec", "routes"))) {
      if (!asArray(field(rule, "services")).length) continue;
      for (const match of String(field(rule, "match") ?? "").matchAll(/Host\(([^)]*)\)/g))
        for (const host of (match[1] ?? "").matchAll(/`([^`]+)`/g)) hosts.add(host[1] ?? "");
    }
  }
  for (const ingress of deps.store.list(ingresses, namespace)) {
    for (const rule of asArray(field(ingress, "spec", "rules"))) {
      const host = field(rule, "host");
      if (typeof host === "string" && field(rule, "http")) hosts.add(host);
    }
  }
  return hosts;
}

/**
 * cert-manager, simulated: issuers become Ready; a Certificate whose issuer exists gets
 * its TLS Secret (placeholder PEM) and Ready=True after `certificateIssueMs`. An ACME issuer's
 * certificate waits until every one of its hosts is routed in its namespace (an IngressRoute or
 * Ingress sends it to a service), as an HTTP-01 challenge needs; until then, or while its
 * issuer is missing, it stays Ready=False, as it would waiting on a real cert-manager.
 */
export function startCertificateController(deps: ControllerDeps): void {
  const queue: WorkQueue = new WorkQueue(deps.scheduler, (key) => {
    const [namespace, name] = splitKey(key.slice(key.indexOf(":") + 1));
    if (key.startsWith("issuer:") || key.startsWith("clusterissuer:")) {
      const type = key.startsWith("issuer:") ? issuers : clusterIssuers;
      const issuer = deps.store.get(type, namespace, name);
      if (!issuer || field(conditionOf(issuer, "Ready"), "status") === "True") return;
      const status: JsonObject = { ...asObject(issuer.status) };
      setCondition(status, {
        type: "Ready",
        status: "True",
        reason: "ACMEAccountRegistered",
        message: "The ACME account was registered with the ACME server",
      });
      writeStatus(deps.store, issuer, status);
      for (const certificate of deps.store.list(certificates))
        queue.add(`certificate:${keyOf(certificate)}`);
      return;
    }
    const certificate = deps.store.get(certificates, namespace, name);
    if (!certificate || certificate.metadata.deletionTimestamp) return;
    const ready = conditionOf(certificate, "Ready");
    if (
      field(ready, "status") === "True" &&
      field(ready, "observedGeneration") === certificate.metadata.generation
    )
      return;
    const status: JsonObject = { ...asObject(certificate.status) };
    const issuer = issuerOf(deps, certificate);
    if (!issuer) {
      setCondition(status, {
        type: "Ready",
        status: "False",
        reason: "DoesNotExist",
        message: "Issuing certificate as Secret does not exist",
      });
      setCondition(status, {
        type: "Issuing",
        status: "True",
        reason: "DoesNotExist",
        message: "Issuing certificate as Secret does not exist",
      });
      writeStatus(deps.store, certificate, status);
      return;
    }
    const secretName = String(field(certificate, "spec", "secretName") ?? name);
    const dnsNames = asArray(field(certificate, "spec", "dnsNames")).map(String);
    // Only ACME validates hosts over HTTP; self-signed and CA issuers sign whatever is asked.
    const routed = field(issuer, "spec", "acme") ? routedHosts(deps, namespace) : undefined;
    const unrouted = routed ? dnsNames.filter((host) => !routed.has(host)) : [];
    if (unrouted.length) {
      const message = `Waiting on the HTTP-01 challenge: no route to a service for ${unrouted.join(", ")}`;
      if (field(ready, "message") === message) return;
      setCondition(status, { type: "Ready", status: "False", reason: "Pending", message });
      setCondition(status, { type: "Issuing", status: "True", reason: "Pending", message });
      writeStatus(deps.store, certificate, status);
      return;
    }
    const secret: KubeObject = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: {
        name: secretName,
        namespace,
        annotations: {
          "cert-manager.io/certificate-name": name,
          "cert-manager.io/issuer-name": issuer.metadata.name ?? "",
          "cert-manager.io/issuer-kind": issuer.kind,
          "cert-manager.io/alt-names": dnsNames.join(","),
          "cert-manager.io/common-name": dnsNames[0] ?? "",
        },
      },
      type: "kubernetes.io/tls",
      data: {
        "tls.crt": Buffer.from(
          pem("CERTIFICATE", `${key}:${certificate.metadata.generation}`),
        ).toString("base64"),
        "tls.key": Buffer.from(pem("PRIVATE KEY", `${key}:${certificate.metadata.uid}`)).toString(
          "base64",
        ),
      },
    };
    const existing = deps.store.get(secrets, namespace, secretName);
    if (existing)
      deps.store.update(secrets, {
        ...existing,
        ...secret,
        metadata: { ...existing.metadata, ...secret.metadata },
      });
    else deps.store.create(secrets, secret);
    const issuedAt = Date.now();
    Object.assign(status, {
      notBefore: now(),
      notAfter: new Date(issuedAt + 90 * DAY_MS).toISOString().replace(/\.\d+Z$/, "Z"),
      renewalTime: new Date(issuedAt + 60 * DAY_MS).toISOString().replace(/\.\d+Z$/, "Z"),
      revision: Number(status.revision ?? 0) + 1,
    });
    status.conditions = asArray(status.conditions).filter((c) => field(c, "type") !== "Issuing");
    setCondition(status, {
      type: "Ready",
      status: "True",
      reason: "Ready",
      message: "Certificate is up to date and has not expired",
    });
    const conditions = asArray(status.conditions) as JsonObject[];
    for (const condition of conditions)
      if (condition.type === "Ready")
        condition.observedGeneration = certificate.metadata.generation ?? 1;
    writeStatus(deps.store, certificate, status);
  });
  deps.store.subscribe((event) => {
    if (event.type === "DELETED") return;
    if (event.resource === certificates)
      queue.add(`certificate:${keyOf(event.object)}`, deps.timings.certificateIssueMs);
    if (event.resource === issuers) queue.add(`issuer:${keyOf(event.object)}`);
    if (event.resource === ingressRoutes || event.resource === ingresses) {
      for (const certificate of deps.store.list(certificates, event.object.metadata.namespace))
        queue.add(`certificate:${keyOf(certificate)}`, deps.timings.certificateIssueMs);
    }
    if (event.resource === clusterIssuers) queue.add(`clusterissuer:${keyOf(event.object)}`);
  });
}
