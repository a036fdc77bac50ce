import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { ApiError } from "../api/errors.ts";
import { ADMIN_USER, isSuperuser, serviceAccountUser, type UserInfo } from "../api/user.ts";

interface IssuedToken {
  namespace: string;
  serviceAccount: string;
  expiresAt: number;
}

export interface TokenState {
  adminToken: string;
  serviceAccountTokens: Record<string, IssuedToken>;
}

/**
 * Bearer tokens: the admin token written into the kubeconfig, and ServiceAccount tokens
 * minted by TokenRequest (`POST .../serviceaccounts/NAME/token`) that map back to the SA.
 */
export class Tokens {
  readonly state: TokenState;

  constructor(state?: TokenState) {
    this.state = state ?? {
      adminToken: `enclave-admin-${randomBytes(24).toString("hex")}`,
      serviceAccountTokens: {},
    };
  }

  issue(namespace: string, serviceAccount: string, expirationSeconds: number) {
    const token = `sa-${randomBytes(24).toString("base64url")}`;
    const expiresAt = Date.now() + expirationSeconds * 1000;
    this.state.serviceAccountTokens[token] = { namespace, serviceAccount, expiresAt };
    return {
      token,
      expirationTimestamp: new Date(expiresAt).toISOString().replace(/\.\d+Z$/, "Z"),
    };
  }

  /** The user a request acts as: its credential, then impersonation (for callers allowed to). */
  authenticate(req: IncomingMessage, mayImpersonate: (user: UserInfo) => boolean): UserInfo {
    const user = this.identify(req);
    const asUser = req.headers["impersonate-user"];
    if (typeof asUser !== "string") return user;
    if (!mayImpersonate(user)) {
      throw new ApiError(
        403,
        "Forbidden",
        `users "${asUser}" is forbidden: User "${user.username}" cannot impersonate resource "users" in API group "" at the cluster scope`,
      );
    }
    const rawGroups = req.headers["impersonate-group"];
    const groups =
      rawGroups === undefined
        ? []
        : Array.isArray(rawGroups)
          ? rawGroups
          : rawGroups.split(",").map((g) => g.trim());
    const serviceAccount = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(asUser);
    const implied = serviceAccount
      ? serviceAccountUser(serviceAccount[1] ?? "", serviceAccount[2] ?? "").groups
      : ["system:authenticated"];
    return {
      username: asUser,
      groups: groups.length ? [...groups, "system:authenticated"] : implied,
    };
  }

  private identify(req: IncomingMessage): UserInfo {
    const header = req.headers.authorization;
    if (header === undefined) {
      const socket = req.socket as Partial<TLSSocket>;
      // Like kube-apiserver's old insecure port: kubectl never sends a bearer token over
      // plain HTTP, so on the (loopback-only) HTTP listener an anonymous caller is the admin.
      // Only a caller presenting no credential at all: one that presents any is judged by it.
      if (!socket.encrypted) return ADMIN_USER;
      if (socket.authorized && socket.getPeerCertificate?.()?.subject?.CN === ADMIN_USER.username)
        return ADMIN_USER;
      throw unauthorized();
    }
    // As kube-apiserver reads it: the scheme is case-insensitive, the token the next word.
    // Any other scheme authenticates nobody, and k3s runs without anonymous auth.
    const [scheme, token] = header.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token) throw unauthorized();
    if (token === this.state.adminToken) return ADMIN_USER;
    const issued = this.state.serviceAccountTokens[token];
    if (!issued || issued.expiresAt < Date.now()) throw unauthorized();
    return serviceAccountUser(issued.namespace, issued.serviceAccount);
  }
}

const unauthorized = () => new ApiError(401, "Unauthorized", "Unauthorized");

export const canImpersonate = (user: UserInfo) => isSuperuser(user);
