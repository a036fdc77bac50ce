import { beforeAll, describe, expect, it } from "vitest";
import type { ApiKeyScope } from "../../../worker/db/schema.ts";
import { bearer, createOrg, OPERATOR_TOKEN, request, signUserJwt } from "../harness.ts";
import { signRunnerToken } from "../support/runner-token.ts";
import {
  hasPathParameters,
  type Operation,
  operationsOf,
  type PathValues,
  servedDocument,
  urlOf,
} from "./openapi-operations.ts";
import { type OrganizationWorld, organizationWorld } from "./organization-world.ts";

/**
 * One security suite for the whole API, driven by the OpenAPI document the Worker serves:
 * each operation is checked against the credential it declares, so a new route is covered
 * without adding anything here.
 */
const operations = operationsOf(await servedDocument()).filter(
  // The dashboard's session routes are where a credential is exchanged for a cookie: they are
  // public yet refuse a bad key, a foreign Origin or an unconfigured identity provider, which
  // test/worker/session/ covers route by route.
  (operation) => !operation.path.startsWith("/v1/session"),
);

const BELOW: Record<ApiKeyScope, ApiKeyScope | null> = {
  read: null,
  write: "read",
  admin: "write",
};

interface Credential {
  label: string;
  headers?: Record<string, string>;
  /** For the ticket scheme: the `ticket` query parameter. */
  ticket?: string;
}

const MALFORMED_BEARERS: Credential[] = [
  { label: "no credential" },
  { label: "an empty bearer", headers: { authorization: "Bearer " } },
  { label: "a bearer that is no credential", headers: { authorization: "Bearer not-a-key" } },
  { label: "a truncated API key", headers: { authorization: "Bearer enc_test_short_secret" } },
  { label: "basic auth", headers: { authorization: "Basic dXNlcjpwYXNzd29yZA==" } },
];

const MALFORMED_TICKETS: Credential[] = [
  { label: "no ticket" },
  { label: "an empty ticket", ticket: "" },
  { label: "a ticket that was never issued", ticket: "not-a-ticket" },
];

async function send(
  operation: Operation,
  values: PathValues,
  credential: Credential,
): Promise<Response> {
  let url = urlOf(operation, values);
  if (credential.ticket !== undefined) {
    url += `${url.includes("?") ? "&" : "?"}ticket=${encodeURIComponent(credential.ticket)}`;
  }
  const headers = new Headers(credential.headers);
  if (operation.upgrades) headers.set("upgrade", "websocket");
  return request(url, {
    method: operation.method,
    headers,
    ...(operation.body === null ? {} : { json: operation.body }),
  });
}

/** The problem's code, or null for any other answer (whose body, maybe a stream, is dropped). */
async function problemCode(res: Response): Promise<string | null> {
  if (res.headers.get("content-type") !== "application/problem+json") {
    await res.body?.cancel();
    res.webSocket?.accept();
    res.webSocket?.close(1000);
    return null;
  }
  return ((await res.json()) as { code: string }).code;
}

async function expectProblem(res: Response, status: number, code: string, label: string) {
  expect({ label, status: res.status, code: await problemCode(res) }).toEqual({
    label,
    status,
    code,
  });
}

/** Credentials of every other kind than the operation's own, all refused with 401. */
async function otherCredentials(operation: Operation, world: OrganizationWorld) {
  const apiKey = { label: "an admin API key", headers: world.keys.admin };
  const userJwt = {
    label: "an admin user JWT",
    headers: bearer(await signUserJwt({ orgId: world.org.orgId, scope: "admin" })),
  };
  const operator = { label: "the operator token", headers: bearer(OPERATOR_TOKEN) };
  const runner = { label: "a runner token", headers: bearer(await signRunnerToken()) };
  switch (operation.requirement.scheme) {
    case "provider":
      return [operator, runner];
    case "operator":
      return [apiKey, userJwt, runner];
    case "runner":
      return [apiKey, userJwt, operator];
    case "ticket":
      return [apiKey, userJwt];
    default:
      return [];
  }
}

/** Tests that build their own world make a dozen requests first; a loaded machine needs more than 5 s. */
const WORLD_TIMEOUT_MS = 20_000;

let shared: OrganizationWorld;
beforeAll(async () => {
  shared = await organizationWorld();
}, WORLD_TIMEOUT_MS);

describe.each(operations)("$operationId ($method $path)", (operation) => {
  const { requirement } = operation;

  if (requirement.scheme === "public") {
    it("answers without a credential", async () => {
      const res = await send(operation, shared.values, { label: "no credential" });
      expect(res.status).toBeLessThan(400);
      await res.body?.cancel();
    });
    return;
  }

  it("answers 401 without a credential and with a malformed one", async () => {
    const malformed = requirement.scheme === "ticket" ? MALFORMED_TICKETS : MALFORMED_BEARERS;
    for (const credential of malformed) {
      const res = await send(operation, shared.values, credential);
      await expectProblem(res, 401, "unauthenticated", credential.label);
    }
  });

  it("answers 401 to every other kind of credential", async () => {
    for (const credential of await otherCredentials(operation, shared)) {
      const res = await send(operation, shared.values, credential);
      await expectProblem(res, 401, "unauthenticated", credential.label);
    }
  });

  if (requirement.scheme === "ticket") {
    it(
      "answers 401 to a ticket of another organization's deployment",
      async () => {
        const other = await organizationWorld();
        const issued = await request(`/v1/deployments/${other.values.ids.deployments}/ticket`, {
          method: "POST",
          headers: other.keys.read,
        });
        const { ticket } = (await issued.json()) as { ticket: string };
        const res = await send(operation, shared.values, { label: "a foreign ticket", ticket });
        await expectProblem(res, 401, "unauthenticated", "a foreign ticket");
      },
      WORLD_TIMEOUT_MS,
    );
  }

  if (requirement.scheme !== "provider") return;
  const { scope } = requirement;
  const below = BELOW[scope];

  if (below) {
    it(`answers 403 to a key with only the ${below} scope`, async () => {
      const res = await send(operation, shared.values, {
        label: `a ${below} key`,
        headers: shared.keys[below],
      });
      await expectProblem(res, 403, "forbidden", `a ${below} key`);
    });
  }

  it(
    `lets a key with the ${scope} scope through`,
    async () => {
      const world = await organizationWorld();
      const res = await send(operation, world.values, { label: scope, headers: world.keys[scope] });
      expect([401, 403]).not.toContain(res.status);
      await problemCode(res);
    },
    WORLD_TIMEOUT_MS,
  );

  // Only provider operations belong to an organization: operator and runner routes are
  // platform-wide, and the ticket route answers a foreign ticket with 401 above.
  if (hasPathParameters(operation)) {
    it(
      "answers 404 to another organization, as for a missing object",
      async () => {
        const owner = await organizationWorld();
        const stranger = await createOrg();
        const refused = await send(operation, owner.values, {
          label: "another organization",
          headers: stranger.headers,
        });
        await expectProblem(refused, 404, "not_found", "another organization");
        const answered = await send(operation, owner.values, {
          label: "the owner",
          headers: owner.keys.admin,
        });
        expect(answered.status).not.toBe(404);
        await problemCode(answered);
      },
      WORLD_TIMEOUT_MS,
    );
  }
});
