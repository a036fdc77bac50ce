import type { DeploymentSpec } from "../../worker/contracts/index.ts";

/**
 * Every secret value the spec carries, and the forms a tool may print them in (the Basic
 * header a git token is sent as): what the reporter removes from every message.
 */
export function specSecrets(spec: DeploymentSpec): string[] {
  const basic = (user: string, password: string) =>
    Buffer.from(`${user}:${password}`, "utf8").toString("base64");
  return [
    ...spec.services.flatMap((service) => Object.values(service.env)),
    ...spec.credentials.flatMap((credential) =>
      credential.kind === "git"
        ? [credential.token, basic("x-access-token", credential.token)]
        : [credential.password, basic(credential.username, credential.password)],
    ),
    ...(spec.database?.password ? [spec.database.password] : []),
  ];
}
