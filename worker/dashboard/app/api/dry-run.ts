import { client, dataOf } from "./client.ts";
import type { CreateTenantRequest, DryRun } from "./types.ts";

/** `POST /v1/tenants?dryRun=true`: what the request would create, creating nothing. */
export async function dryRun(request: CreateTenantRequest): Promise<DryRun> {
  const answer = await dataOf(
    client.POST("/v1/tenants", { params: { query: { dryRun: "true" } }, body: request }),
  );
  if (!("dryRun" in answer)) throw new Error("The API created instead of answering a dry run");
  return answer;
}
