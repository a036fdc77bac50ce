import type { credentials } from "../db/schema.ts";

type CredentialRow = typeof credentials.$inferSelect;

/** What the API shows of a credential: never its secret. */
export const credentialView = (row: CredentialRow) => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  host: row.host,
  createdAt: row.createdAt,
});

/** Credentials reach the cluster with a deployment; a change alone does not queue one. */
export const credentialChange = (row: CredentialRow) => ({
  credential: credentialView(row),
  appliesOn: "next_deployment" as const,
});
