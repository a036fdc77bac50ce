import { stringify } from "yaml";

export interface KubeconfigInput {
  server: string;
  token: string;
  caCertificate?: string | undefined;
  clientCertificate?: string | undefined;
  clientKey?: string | undefined;
}

export const CONTEXT_NAME = "enclave-embedded";
const b64 = (pem: string) => Buffer.from(pem).toString("base64");

/** The admin kubeconfig kubectl and @kubernetes/client-node load. */
export function renderKubeconfig(input: KubeconfigInput): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: CONTEXT_NAME,
        cluster: {
          server: input.server,
          // @kubernetes/client-node refuses plain http unless told to skip TLS verification.
          ...(input.caCertificate
            ? { "certificate-authority-data": b64(input.caCertificate) }
            : { "insecure-skip-tls-verify": true }),
        },
      },
    ],
    users: [
      {
        name: "enclave-admin",
        user: {
          token: input.token,
          ...(input.clientCertificate && input.clientKey
            ? {
                "client-certificate-data": b64(input.clientCertificate),
                "client-key-data": b64(input.clientKey),
              }
            : {}),
        },
      },
    ],
    contexts: [
      {
        name: CONTEXT_NAME,
        context: { cluster: CONTEXT_NAME, user: "enclave-admin", namespace: "default" },
      },
    ],
    "current-context": CONTEXT_NAME,
    preferences: {},
  });
}
