import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { DEVELOPMENT_ORGANIZATION_NAME } from "../../worker/contracts/index.ts";

export interface DevOrganization {
  organizationId: string;
  apiKey: string;
}

async function keyWorks(edgeUrl: string, apiKey: string): Promise<boolean> {
  const res = await fetch(`${edgeUrl}/v1/tenants?limit=1`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  await res.body?.cancel();
  return res.ok;
}

/**
 * The development organization and its admin key: created through the operator API on first
 * start and kept in the state directory, so the printed key stays the same across restarts.
 */
export async function ensureDevOrganization(opts: {
  edgeUrl: string;
  operatorToken: string;
  file: string;
}): Promise<DevOrganization> {
  if (existsSync(opts.file)) {
    const saved = JSON.parse(readFileSync(opts.file, "utf8")) as DevOrganization;
    if (await keyWorks(opts.edgeUrl, saved.apiKey)) return saved;
  }
  const res = await fetch(`${opts.edgeUrl}/v1/admin/organizations`, {
    method: "POST",
    headers: { authorization: `Bearer ${opts.operatorToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: DEVELOPMENT_ORGANIZATION_NAME }),
  });
  const body = (await res.json()) as {
    organization?: { id: string };
    apiKey?: { key: string };
    detail?: string;
  };
  if (!res.ok || !body.organization || !body.apiKey) {
    throw new Error(`could not create the development organization: ${body.detail ?? res.status}`);
  }
  const org = { organizationId: body.organization.id, apiKey: body.apiKey.key };
  writeFileSync(opts.file, `${JSON.stringify(org, null, 2)}\n`, { mode: 0o600 });
  return org;
}
