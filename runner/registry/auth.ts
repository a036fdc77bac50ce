/** How the runner proves itself to the registry; from its environment, never from the spec. */
export type RegistryCredentials =
  | { kind: "basic"; username: string; password: string }
  | { kind: "bearer"; token: string };

export function registryCredentials(config: {
  registryUsername?: string | undefined;
  registryPassword?: string | undefined;
  registryToken?: string | undefined;
}): RegistryCredentials | undefined {
  if (config.registryToken) return { kind: "bearer", token: config.registryToken };
  if (config.registryUsername && config.registryPassword) {
    return { kind: "basic", username: config.registryUsername, password: config.registryPassword };
  }
  return undefined;
}

/** The Authorization header sent before the registry asks for anything else. */
export function authorizationOf(credentials: RegistryCredentials | undefined): string | undefined {
  if (!credentials) return undefined;
  if (credentials.kind === "bearer") return `Bearer ${credentials.token}`;
  const pair = `${credentials.username}:${credentials.password}`;
  return `Basic ${Buffer.from(pair).toString("base64")}`;
}

/** `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` of the token authentication flow. */
export interface BearerChallenge {
  realm: string;
  service: string | undefined;
  scope: string | undefined;
}

// Quoted values may hold commas (`scope="repository:a/b:pull,push"`), so split on pairs, not commas.
const PARAM = /([A-Za-z_]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;

export function parseBearerChallenge(header: string | undefined): BearerChallenge | undefined {
  if (!header || !/^bearer\s/i.test(header)) return undefined;
  const params = new Map<string, string>();
  for (const match of header.slice(7).matchAll(PARAM)) {
    params.set(
      (match[1] ?? "").toLowerCase(),
      (match[2] ?? match[3] ?? "").replace(/\\(.)/g, "$1"),
    );
  }
  const realm = params.get("realm");
  if (!realm) return undefined;
  return { realm, service: params.get("service"), scope: params.get("scope") };
}
