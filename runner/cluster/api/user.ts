/** Who a request acts as, after authentication and impersonation. */
export interface UserInfo {
  username: string;
  groups: string[];
}

export const ADMIN_USER: UserInfo = {
  username: "enclave-admin",
  groups: ["system:masters", "system:authenticated"],
};

/** The identity the built-in controllers act as; not subject to RBAC. */
export const CONTROLLER_USER: UserInfo = {
  username: "system:kube-controller-manager",
  groups: ["system:masters"],
};

export const isSuperuser = (user: UserInfo) => user.groups.includes("system:masters");

export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    username: `system:serviceaccount:${namespace}:${name}`,
    groups: [
      "system:serviceaccounts",
      `system:serviceaccounts:${namespace}`,
      "system:authenticated",
    ],
  };
}
