import type { ServiceSource, SpecCredential } from "../../worker/contracts/index.ts";

export interface SourceCredentials {
  githubToken?: string;
  gitToken?: string;
}

type GitCredential = Extract<SpecCredential, { kind: "git" }>;

/** The host a git URL names (`host` or `host:port`); none for local paths and file URLs. */
function hostOf(url: string): string | undefined {
  const scp = /^[^/@]+@([^:/]+):/.exec(url);
  if (scp) return scp[1]?.toLowerCase();
  try {
    const { protocol, host } = new URL(url);
    return protocol === "file:" || host === "" ? undefined : host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * The token a source is read with: the tenant's git credential for the source's host, else
 * one limited to no host. A token limited to another host is never sent.
 */
export function sourceCredentials(
  credentials: SpecCredential[],
  source: ServiceSource,
): SourceCredentials {
  if (source.type === "image") return {};
  const host = source.type === "github" ? "github.com" : hostOf(source.url);
  const git = credentials.filter((c): c is GitCredential => c.kind === "git");
  const token = (git.find((c) => c.host !== null && c.host === host) ?? git.find((c) => !c.host))
    ?.token;
  if (!token) return {};
  return source.type === "github" ? { githubToken: token } : { gitToken: token };
}
