/**
 * An organization of the bench's own on `plan`, created through the operator API, and its
 * admin key. The benches use `pro`: the development organization's starter plan caps both
 * concurrent deployments (100) and requests (6000 a minute) below what they send.
 */
export async function benchOrganizationKey(
  edgeUrl: string,
  operatorToken: string,
  plan = "pro",
): Promise<string> {
  const res = await fetch(`${edgeUrl}/v1/admin/organizations`, {
    method: "POST",
    headers: { authorization: `Bearer ${operatorToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Bench", plan }),
  });
  const body = (await res.json()) as { apiKey?: { key: string } };
  if (res.status !== 201 || !body.apiKey) throw new Error(`bench organization: HTTP ${res.status}`);
  return body.apiKey.key;
}
